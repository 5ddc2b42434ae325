"""一中心一张网十联户: the grid imported from .csv/.xlsx (any bad row → nothing imported, every row's error
listed; out-of-scope regions refused), disputes reported by 联户长/网格员 with a risk colour and routed."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.core import services as core_services
from fazhi.core.choices import RegionLevel, Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.tests.factories import PASSWORD, make_user
from fazhi.disputes import grid, services
from fazhi.disputes.choices import CommitteeKind
from fazhi.disputes.models import Grid, HouseholdUnit, MediationCase

HEAD = ",".join(grid.HEADERS)


@pytest.fixture
def village(org):
    return core_services.region_create(actor=None, code="522301100201", name="顶效村", level=RegionLevel.VILLAGE,
                                       parent=org.xingyi_town)


def csv_file(*lines, name="grid.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEAD, *lines]) + "\n").encode("utf-8-sig"))


def test_csv_import_creates_grids_and_units_and_updates_on_reimport(org, village, people, calendar):
    result = grid.grid_import(actor=people.xingyi_fzb, upload=csv_file(
        "G01,顶效村第一网格,基础网格,522301100201,韦国强,13800000001,U01,一组联户,杨秀兰,13900000001,10",
        "G01,顶效村第一网格,基础网格,522301100201,韦国强,13800000001,U02,二组联户,罗正华,,9"))
    assert (result.grids, result.units, result.errors) == (1, 2, [])
    g = Grid.objects.get(code="G01")
    assert g.agency == org.xingyi_town_gov and g.region_path == village.region_path
    grid.grid_import(actor=people.xingyi_fzb, upload=csv_file(
        "G01,顶效村第一网格,基础网格,522301100201,班明,13800000002,U01,一组联户,杨秀兰,13900000001,11"))
    g.refresh_from_db()
    assert g.leader_name == "班明" and HouseholdUnit.objects.get(code="U01").households == 11


def test_bad_rows_are_all_reported_and_nothing_is_imported(org, village, people, calendar):
    result = grid.grid_import(actor=people.xingyi_fzb, upload=csv_file(
        "G01,顶效村第一网格,基础网格,522301100201,韦国强,,U01,一组联户,杨秀兰,,10",
        "G02,,三级网格,999999,韦国强,,U02,二组联户,,,100",
        "G03,新桥网格,基础网格,522328100,韦,,U01,重复,李,,5"))
    assert [n for n, _ in result.errors] == [3, 4]
    assert "网格名称为空" in result.errors[0][1] and "网格层级“三级网格”无效" in result.errors[0][1]
    assert "区划代码“999999”不存在" in result.errors[0][1] and "户数“100”" in result.errors[0][1]
    assert "不在您的数据范围内" in result.errors[1][1] and "U01 重复（第2行）" in result.errors[1][1]
    assert not Grid.objects.exists() and not HouseholdUnit.objects.exists()


def test_xlsx_import_and_wrong_header(org, village, people, calendar):
    wb = Workbook()
    ws = wb.active
    ws.append(list(grid.HEADERS))
    ws.append(["G01", "顶效村第一网格", "grid", "522301100201", "韦国强", "138", "U01", "一组", "杨", "139", 10])
    buf = BytesIO()
    wb.save(buf)
    result = grid.grid_import(actor=people.xingyi_fzb, upload=SimpleUploadedFile("g.xlsx", buf.getvalue()))
    assert result.units == 1 and not result.errors
    with pytest.raises(ServiceError) as exc:
        grid.grid_import(actor=people.xingyi_fzb, upload=SimpleUploadedFile("g.csv", "编码,名称\n".encode()))
    assert "表头" in exc.value.field_errors["file"][0]
    with pytest.raises(ServiceError):
        grid.grid_import(actor=people.xingyi_fzb, upload=SimpleUploadedFile("g.txt", b"x"))


@pytest.fixture
def loaded(org, village, people, calendar):
    grid.grid_import(actor=None, upload=csv_file(
        "G01,顶效村第一网格,基础网格,522301100201,韦国强,,U01,一组联户,杨秀兰,,10"))
    return Grid.objects.get()


def test_report_and_route_to_mediation_opens_a_case(org, loaded):
    staff = make_user("dx_zz", org.xingyi_town_gov, (Role.MEDIATOR, Scope.AGENCY))
    com = services.committee_create(actor=None, name="顶效镇人民调解委员会", kind=CommitteeKind.TOWNSHIP,
                                    region=org.xingyi_town, agency=org.xingyi_town_gov, term_start=date(2024, 1, 1))
    with pytest.raises(ServiceError) as exc:
        grid.grid_report(actor=staff, grid=loaded, reporter_kind="unit_head", reporter_name="杨秀兰",
                         dispute_type="land", parties="甲、乙", summary="s", risk="yellow")
    assert "unit" in exc.value.field_errors
    report = grid.grid_report(actor=staff, grid=loaded, unit=loaded.units.get(), reporter_kind="unit_head",
                              reporter_name="杨秀兰", dispute_type="land", parties="甲、乙", summary="林地界址",
                              risk="red", reported_on=date(2026, 11, 30))
    with pytest.raises(ServiceError) as exc:
        grid.grid_route(actor=staff, report=report, route="mediation", committee=com)
    assert "稳控措施" in exc.value.field_errors["note"][0]
    report = grid.grid_route(actor=staff, report=report, route="mediation", committee=com, note="已安排村干部驻点稳控")
    case = MediationCase.objects.get()
    assert report.case == case and case.source == "grid" and report.state == "routed"
    with pytest.raises(ServiceError):
        grid.grid_route(actor=staff, report=report, route="litigation")


def test_guidance_routes_carry_the_periods_and_scope_holds(org, loaded, people):
    report = grid.grid_report(actor=None, grid=loaded, reporter_kind="grid_worker", reporter_name="韦国强",
                              dispute_type="expropriation", parties="甲", summary="不服征收决定", risk="orange")
    with pytest.raises(NotPermitted):
        grid.grid_route(actor=make_user("xq", org.anlong_gov, (Role.MEDIATOR, Scope.AGENCY)), report=report,
                        route="reconsideration")
    report = grid.grid_route(actor=people.xingyi_fzb, report=report, route="reconsideration")
    assert "六十日" in report.route_note and "第二十条" in report.route_note


def test_pages(client, org, loaded, people):
    report = grid.grid_report(actor=None, grid=loaded, reporter_kind="grid_worker", reporter_name="韦国强",
                              dispute_type="neighbour", parties="甲", summary="s", risk="green")
    assert client.login(username="xingyi_fzb", password=PASSWORD)
    assert "顶效村第一网格" in client.get(reverse("disputes:grids")).content.decode()
    bad = client.post(reverse("disputes:grids"), {"file": csv_file("G09,,基础网格,1,a,,U9,b,c,,5")})
    assert bad.status_code == 400 and "第2行" in bad.content.decode()
    url = reverse("disputes:grid_report", args=[report.code])
    assert client.post(url, {"route": "litigation", "note": ""}).status_code == 302
    assert "六个月" in client.get(url).content.decode()
    assert client.get(reverse("disputes:grid_reports"), {"risk": "green"}).status_code == 200
    client.logout()
    assert client.login(username="anlong_fzb", password=PASSWORD)
    assert client.get(url).status_code == 404
