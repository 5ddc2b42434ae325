"""The staff 人民调解 case list: rows built from plain values in one tag (disputes_tags.mediation_list_row), as many
queries for 2 rows as for 6, every value escaped, and a county user's rows through the stored county_path."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.template.defaultfilters import truncatechars
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from fazhi.core.choices import Role, Scope
from fazhi.core.tests.factories import make_user
from fazhi.disputes import selectors
from fazhi.disputes.choices import CaseSource, CommitteeKind, ConfirmResult, DisputeType, MedState
from fazhi.disputes.models import Committee, MediationCase


def _committee(org, region=None, agency=None, name="顶效镇人民调解委员会"):
    region = region or org.xingyi_town
    return Committee.objects.create(name=name, kind=CommitteeKind.TOWNSHIP, region=region,
                                    agency=agency or org.xingyi_town_gov, region_path=region.region_path,
                                    term_start=date(2024, 1, 1))


def _cases(com, n, **kw):
    data = dict(source=CaseSource.APPLICATION, dispute_type=DisputeType.NEIGHBOUR, parties="甲、乙", summary="排水",
                received_on=date(2026, 4, 1))
    data.update(kw)
    return [MediationCase.objects.create(committee=com, agency=com.agency, region_path=com.region_path, **data)
            for _ in range(n)]


def _queries(client, url) -> tuple[int, CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), ctx


@pytest.fixture
def mediator(org, calendar):
    return make_user("dx_mediator", org.xingyi_town_gov, (Role.MEDIATOR, Scope.AGENCY))


def test_the_list_page_costs_the_same_queries_for_2_and_6_rows(client, org, mediator):
    com = _committee(org)
    client.force_login(mediator)
    url = reverse("disputes:mediations")
    _cases(com, 2)
    client.get(url)  # the filter choices are cached per scope: compare warm pages
    few, _ = _queries(client, url)
    _cases(com, 4)
    client.get(url)
    many, ctx = _queries(client, url)
    assert many == few, [q["sql"] for q in ctx.captured_queries]
    assert client.get(url).content.decode().count("邻里纠纷</a>") == 6


def test_a_row_shows_the_case_and_escapes_the_parties(client, org, mediator):
    com = _committee(org, name="顶效镇<调委会>")
    parties = "<script>alert(1)</script>张三与李四因宅基地边界发生争执多年未决"
    case, = _cases(com, 1, parties=parties, dispute_type=DisputeType.PROPERTY, source=CaseSource.GRID,
                   amount=Decimal("12345.60"), received_on=date(2026, 3, 9), state=MedState.SUCCESS,
                   confirm_result=ConfirmResult.VALID)
    plain, = _cases(com, 1, received_on=date(2026, 1, 2))
    client.force_login(mediator)
    html = client.get(reverse("disputes:mediations")).content.decode()
    assert "<script>alert" not in html and "顶效镇<调委会>" not in html
    cut = escape(truncatechars(parties, 30))  # what the template's filter gave
    assert cut == "&lt;script&gt;alert(1)&lt;/script&gt;张三..."  # zh-hans: 27 characters and "..."
    assert (f'<a href="{reverse("disputes:mediation", args=[case.code])}">房屋宅基地纠纷</a>'
            f'<div class="small text-body-secondary">{cut}<span class="d-md-none"> · 2026-03-09</span></div>') in html
    assert '<span class="badge text-bg-success" data-state="success">调解成功</span><div class="small">裁定协议有效</div>' in html
    assert '<td class="d-none d-md-table-cell small">十联户/网格报送</td>' in html
    assert '<td class="d-none d-lg-table-cell small">顶效镇&lt;调委会&gt;</td>' in html
    assert '<td class="fz-num d-none d-md-table-cell">12345.60</td>' in html
    assert '<td class="d-none d-md-table-cell text-nowrap small">2026-03-09</td>' in html
    # the case without an amount or a confirmation: a dash, the open badge and nothing under it
    assert f'href="{reverse("disputes:mediation", args=[plain.code])}">邻里纠纷</a>' in html
    assert '<td class="fz-num d-none d-md-table-cell">—</td>' in html
    assert '<span class="badge text-bg-primary" data-state="open">调解中</span></td>' in html
    assert html.index(str(case.code)) < html.index(str(plain.code))  # -received_on


def test_a_county_users_rows_are_those_under_the_county_path(client, org):
    _cases(_committee(org), 2)
    _cases(_committee(org, org.xingyi, org.xingyi_sfj, "兴义市医疗纠纷人民调解委员会"), 1)
    _cases(_committee(org, org.anlong_town, org.anlong_sfj, "新桥镇人民调解委员会"), 3)
    county = make_user("xy_leader", org.xingyi_sfj, (Role.LEADER, Scope.REGION))
    scoped = selectors.mediation_list(user=county)
    by_prefix = MediationCase.objects.filter(region_path__startswith=org.xingyi.region_path)
    assert sorted(scoped.values_list("pk", flat=True)) == sorted(by_prefix.values_list("pk", flat=True))
    assert scoped.count() == 3
    assert "county_path" in str(scoped.query)
    client.force_login(county)
    html = client.get(reverse("disputes:mediations")).content.decode()
    assert html.count("邻里纠纷</a>") == 3 and "新桥镇" not in html


@pytest.mark.parametrize("text", ["", "甲、乙", "甲" * 29, "甲" * 30, "甲" * 31, "e\u0301" * 20, "e\u0301" * 31,
                                  "张三（申请人）与李四（被申请人）因宅基地边界发生争执，多年未决"])
def test_the_parties_are_cut_as_truncatechars_30_cuts_them(text):
    from fazhi.disputes.templatetags.disputes_tags import truncate_parties

    assert truncate_parties(text) == truncatechars(text, 30)


def test_a_dispute_type_whose_label_names_the_dispute_is_not_doubled():
    from fazhi.disputes.choices import DisputeType, dispute_name

    assert dispute_name(DisputeType.MARRIAGE) == "婚姻家庭纠纷"
    assert dispute_name(DisputeType.CONSUMER) == "消费纠纷" and dispute_name(DisputeType.MEDICAL) == "医疗纠纷"
    assert dispute_name(DisputeType.LABOUR) == "劳动争议" and dispute_name(DisputeType.OTHER) == "其他纠纷"
    assert not any(dispute_name(value).endswith("纠纷纠纷") for value in DisputeType.values)
