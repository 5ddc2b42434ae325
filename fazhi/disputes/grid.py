"""一中心一张网十联户: the grid is imported from the 综治中心's spreadsheet (not maintained here); 联户长 and
网格员 report disputes with a risk colour; the centre routes each to mediation, a department, or guides the
parties to reconsideration or litigation (with the periods they must respect).

Every change checks permission and scope, records an audit event in its transaction, and refuses bad input
with a Chinese message, changing nothing (an import with any bad row imports nothing and lists every row).
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import Agency, Region
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from .choices import DisputeType, GridLevel, GridReportState, ReporterKind, Risk, Route
from .models import Grid, GridReport, HouseholdUnit
from .services import _date, _in_scope, med_register
from .workflow import Perm

# The columns of the import file, in this order (a header row is required).
HEADERS = ("网格编码", "网格名称", "网格层级", "所在区划代码", "网格长", "网格长电话",
           "联户单元编码", "联户单元名称", "联户长", "联户长电话", "户数")
LEVELS = {label: value for value, label in GridLevel.choices} | {value: value for value in GridLevel.values}
MAX_ROWS = 20000
MAX_BYTES = 5 * 1024 * 1024

# The guidance given when a dispute is an administrative one (the periods the parties must respect).
GUIDANCE = {
    Route.RECONSIDERATION: "已告知当事人：自知道该行政行为之日起六十日内向行政复议机关申请行政复议（行政复议法第二十条）。",
    Route.LITIGATION: "已告知当事人：自知道或者应当知道作出行政行为之日起六个月内向人民法院提起诉讼（行政诉讼法第四十六条）；"
                      "民事纠纷可依法起诉。",
}


@dataclass
class ImportResult:
    grids: int = 0
    units: int = 0
    errors: list = field(default_factory=list)  # (row number, message)


def _rows(upload) -> list[list[str]]:
    name = (getattr(upload, "name", "") or "").lower()
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ServiceError(field_errors={"file": ["文件不能超过 5 MB。"]})
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ServiceError(field_errors={"file": ["无法识别 CSV 文件的编码（请用 UTF-8 或 GBK）。"]}) from None
        return [[(c or "").strip() for c in row] for row in csv.reader(io.StringIO(text))]
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception:  # a damaged or disguised file
            raise ServiceError(field_errors={"file": ["无法读取该 Excel 文件。"]}) from None
        return [["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)]
    raise ServiceError(field_errors={"file": ["请上传 .xlsx 或 .csv 文件。"]})


@transaction.atomic
def grid_import(*, actor, upload) -> ImportResult:
    """Create or update grids and their 联户单元 from the file; any bad row → nothing imported, every row's
    error listed (row numbers as in the spreadsheet, the header being row 1)."""
    if actor is not None and not has_perm(actor, Perm.COMMITTEE):
        raise NotPermitted("您没有导入网格的权限。")
    rows = _rows(upload)
    if not rows or tuple(rows[0][:len(HEADERS)]) != HEADERS:
        raise ServiceError(field_errors={"file": ["第1行应为表头：" + "、".join(HEADERS) + "。"]})
    body = [(i, r) for i, r in enumerate(rows[1:], start=2) if any(r)]
    if len(body) > MAX_ROWS:
        raise ServiceError(field_errors={"file": [f"一次最多导入 {MAX_ROWS} 行。"]})
    regions = {r.code: r for r in Region.objects.filter(code__in={row[3] for _, row in body if len(row) > 3})}
    allowed = regions
    if actor is not None:
        allowed = {r.code: r for r in restrict(Region.objects.filter(pk__in=[r.pk for r in regions.values()]),
                                                actor, Perm.COMMITTEE)} if regions else {}
    result = ImportResult()
    grids: dict[str, dict] = {}
    units: dict[str, dict] = {}
    for number, row in body:
        row = (row + [""] * len(HEADERS))[:len(HEADERS)]
        g_code, g_name, level, region_code, leader, leader_phone, u_code, u_name, head, head_phone, n = row
        problems = []
        for label, value in (("网格编码", g_code), ("网格名称", g_name), ("网格长", leader), ("联户单元编码", u_code),
                             ("联户单元名称", u_name), ("联户长", head)):
            if not value:
                problems.append(f"{label}为空")
        if level not in LEVELS:
            problems.append(f"网格层级“{level}”无效（应为：{'、'.join(GridLevel.labels)}）")
        region = regions.get(region_code)
        if region is None:
            problems.append(f"区划代码“{region_code}”不存在")
        elif region_code not in allowed:
            problems.append(f"区划“{region.name}”不在您的数据范围内")
        try:
            households = int(n or 10)
            if not 1 <= households <= 60:
                raise ValueError
        except ValueError:
            problems.append(f"户数“{n}”应为 1 至 60 的整数")
            households = 0
        if len(g_code) > 40 or len(u_code) > 40:
            problems.append("编码最长 40 个字符")
        if g_code in grids and (grids[g_code]["name"], grids[g_code]["region"]) != (g_name, region):
            problems.append(f"网格 {g_code} 与前面行的名称或区划不一致")
        if u_code in units:
            problems.append(f"联户单元编码 {u_code} 重复（第{units[u_code]['row']}行）")
        if problems:
            result.errors.append((number, "；".join(problems) + "。"))
            continue
        grids.setdefault(g_code, {"name": g_name, "level": LEVELS[level], "region": region, "leader": leader,
                                  "phone": leader_phone})
        units[u_code] = {"grid": g_code, "name": u_name, "head": head, "phone": head_phone, "n": households,
                         "row": number}
    if result.errors:
        return result  # nothing imported
    if not grids:
        raise ServiceError(field_errors={"file": ["文件中没有数据行。"]})
    existing = {g.code: g for g in Grid.objects.filter(code__in=grids)}
    clash = HouseholdUnit.objects.filter(code__in=units).exclude(grid__code__in=grids).values_list("code", flat=True)
    if clash:
        result.errors.append((0, f"联户单元 {'、'.join(sorted(clash)[:5])} 已属于文件之外的网格。"))
        return result
    for code, g in grids.items():
        agency = _township_agency(g["region"])
        if agency is None:
            result.errors.append((0, f"区划“{g['region'].name}”没有乡镇（街道）人民政府，无法确定综治中心。"))
            continue
        grid = existing.get(code) or Grid(code=code)
        grid.name, grid.level, grid.region, grid.agency = g["name"], g["level"], g["region"], agency
        grid.region_path, grid.leader_name, grid.leader_phone = g["region"].region_path, g["leader"], g["phone"]
        grid.save()
        existing[code] = grid
        result.grids += 1
    if result.errors:
        transaction.set_rollback(True)
        result.grids = 0
        return result
    have = {u.code: u for u in HouseholdUnit.objects.filter(code__in=units)}
    for code, u in units.items():
        unit = have.get(code) or HouseholdUnit(code=code)
        unit.grid, unit.name, unit.head_name, unit.head_phone, unit.households = (
            existing[u["grid"]], u["name"], u["head"], u["phone"], u["n"])
        unit.save()
        result.units += 1
    audit.record(actor=actor, action="disputes.grid_import", object_type="disputes.grid", object_id="import",
                 object_repr=f"导入网格 {result.grids} 个、联户单元 {result.units} 个",
                 after={"grids": sorted(grids)[:50], "units": result.units})
    return result


def _township_agency(region) -> Agency | None:
    """The township government (its 综治中心) of a township or a village region."""
    from fazhi.core.choices import AgencyKind, RegionLevel

    town = region if region.level == RegionLevel.TOWNSHIP else region.parent
    if town is None:
        return None
    return Agency.objects.filter(region=town, kind=AgencyKind.TOWNSHIP_GOVERNMENT, is_active=True).order_by("id").first()


@transaction.atomic
def grid_report(*, actor, grid: Grid, reporter_kind: str, reporter_name: str, dispute_type: str, parties: str,
                summary: str, risk: str, unit: HouseholdUnit | None = None, reported_on=None) -> GridReport:
    """登记联户长/网格员上报的纠纷 at the 综治中心 of the grid."""
    if actor is not None and not has_perm(actor, Perm.MEDIATE):
        raise NotPermitted("您没有登记网格上报纠纷的权限。")
    if grid is None:
        raise ServiceError(field_errors={"grid": ["请选择网格。"]})
    _in_scope(actor, Grid, grid, Perm.MEDIATE, "该网格不在您的数据范围内。")
    errors = {}
    if reporter_kind not in ReporterKind.values:
        errors["reporter_kind"] = ["请选择报告人身份。"]
    if not (reporter_name or "").strip():
        errors["reporter_name"] = ["请填写报告人。"]
    if reporter_kind == ReporterKind.UNIT_HEAD and unit is None:
        errors["unit"] = ["联户长上报的，请选择其联户单元。"]
    if unit is not None and unit.grid_id != grid.pk:
        errors["unit"] = ["联户单元不属于该网格。"]
    if dispute_type not in DisputeType.values:
        errors["dispute_type"] = ["请选择纠纷类型。"]
    if risk not in Risk.values:
        errors["risk"] = ["请选择风险等级。"]
    if not (parties or "").strip():
        errors["parties"] = ["请填写当事人。"]
    if not (summary or "").strip():
        errors["summary"] = ["请写明纠纷情况。"]
    if errors:
        raise ServiceError(field_errors=errors)
    report = GridReport.objects.create(
        grid=grid, unit=unit, agency=grid.agency, region_path=grid.region_path, reporter_kind=reporter_kind,
        reporter_name=reporter_name.strip(), reported_on=_date(reported_on, "reported_on"), dispute_type=dispute_type,
        parties=parties.strip(), summary=summary.strip(), risk=risk, created_by=actor)
    audit.record(actor=actor, action="disputes.grid_report", obj=report, after={"risk": risk, "grid": grid.code})
    return report


@transaction.atomic
def grid_route(*, actor, report: GridReport, route: str, committee=None, department: Agency | None = None,
               note: str = "", on=None) -> GridReport:
    """分流: to a committee (a mediation case is opened, source 十联户/网格), to an administrative department,
    or guidance to reconsideration / litigation with their periods. A red report needs a written note of
    the measures taken (稳控措施)."""
    if actor is not None and not has_perm(actor, Perm.MEDIATE):
        raise NotPermitted("您没有分流网格上报纠纷的权限。")
    locked = GridReport.objects.select_for_update().filter(pk=report.pk)
    if actor is not None:
        locked = restrict(locked, actor, Perm.MEDIATE)
    report = locked.first()
    if report is None:
        raise NotPermitted("该上报纠纷不在您的数据范围内。")
    if report.state != GridReportState.RECEIVED:
        raise ServiceError("该纠纷已经分流。")
    errors = {}
    if route not in Route.values:
        errors["route"] = ["请选择分流去向。"]
    if route == Route.MEDIATION and committee is None:
        errors["committee"] = ["请选择承办的人民调解委员会。"]
    if route == Route.DEPARTMENT and department is None:
        errors["department"] = ["请选择移交的行政主管部门。"]
    if report.risk == Risk.RED and not (note or "").strip():
        errors["note"] = ["红色风险的纠纷，请写明已采取的稳控措施和报告情况。"]
    if errors:
        raise ServiceError(field_errors=errors)
    on = _date(on, "on")
    if route == Route.MEDIATION:
        report.case = med_register(actor=actor, committee=committee, source="grid", dispute_type=report.dispute_type,
                                   parties=report.parties, summary=report.summary, received_on=on)
    note = (note or "").strip()
    if route in GUIDANCE:
        note = (note + "\n" if note else "") + GUIDANCE[route]
    report.route, report.department, report.route_note, report.routed_on = route, (
        department if route == Route.DEPARTMENT else None), note, on
    report.state = GridReportState.ROUTED
    report.save(update_fields=["route", "department", "case", "route_note", "routed_on", "state"])
    audit.record(actor=actor, action="disputes.grid_route", obj=report,
                 after={"route": route, "case": str(report.case.code) if report.case else None,
                        "department": department.name if department and route == Route.DEPARTMENT else None})
    return report
