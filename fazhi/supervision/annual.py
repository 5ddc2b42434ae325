"""年终考评: the annual score sheet per unit, self-assessment, the office's review, bonus (capped per item),
veto (grade cap), the final grade and the ranking in the class, published.

Basis: 《法治政府建设与责任落实督察工作规定》第七条 (将履行推进法治建设第一责任人职责情况纳入政绩考核),
第十九条 (考核评价的重要参考); the points, the grades and the veto are the prefecture's own scheme
(supervision-disputes.md §1.4, [U]) — data in the scheme, grade bands in rules.GRADES.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, indicators
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.indicators import Period
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from . import rules
from .base import _require, active_scheme, addressee, leaves, units_of_class
from .choices import SheetState, SourceKind, UnitClass
from .models import AnnualItem, AnnualSheet
from .perms import Perm


def kind_of(node) -> str:
    return {"bonus": "bonus", "veto": "veto"}.get(node.rule, "score")


def bound(item) -> Decimal:
    """The highest score of an item: its points; a bonus its cap; a veto is a flag (0 or 1)."""
    if item.kind == "bonus":
        return rules.D(item.node.rule_params.get("cap", 0))
    if item.kind == "veto":
        return Decimal(1)
    return item.points


def sheets_for(user):
    """Sheets the user may see: those in scope, and every sheet of a published class."""
    qs = AnnualSheet.objects.all()
    mine = restrict(qs, user, Perm.VIEW) | restrict(qs, user, Perm.REPORT)
    if has_perm(user, Perm.VIEW):
        mine = mine | qs.filter(state=SheetState.PUBLISHED)
    return mine.select_related("agency", "region")


def _suggest(node, region, agency, year):
    """The system's estimate of a computed item over the year under its rule (a help to the reviewer)."""
    if node.source != SourceKind.COMPUTED or not node.indicator_code:
        return None, ""
    try:
        ind = indicators.get(node.indicator_code)
    except KeyError:
        return None, "指标尚未登记"
    unit = agency if agency is not None else region
    if indicators.unit_kind(unit) not in ind.unit_kinds:
        return None, ""
    fig = ind(unit, Period.year(year))
    if fig.value is None:
        return None, f"本年度无统计对象（{fig.base or ind.base}）"
    res = rules.apply(node.rule, fig.value, node.rule_params)
    return res.points, f"{fig.numerator}/{fig.denominator}（{fig.base}）" if fig.denominator is not None else res.note


def open_sheets(*, actor, year: int, unit_class: str, scheme=None) -> int:
    """Open the year's sheet for every unit of the class (idempotent), rows from the scheme's leaves."""
    _require(actor)
    if unit_class not in UnitClass.values:
        raise ServiceError("未知的单位类别。")
    scheme = scheme or active_scheme(year)
    nodes = [n for n in leaves(scheme) if unit_class in n.unit_classes and n.rule]
    made = 0
    with transaction.atomic():
        for region, agency in units_of_class(unit_class):
            to = addressee(region, agency)
            sheet, created = AnnualSheet.objects.get_or_create(
                scheme=scheme, year=year, agency=to,
                defaults={"unit_class": unit_class, "region": region, "region_path": to.region_path})
            if not created:
                continue
            made += 1
            rows = []
            for node in nodes:
                score, note = _suggest(node, region, agency, year)
                rows.append(AnnualItem(
                    sheet=sheet, node=node, kind=kind_of(node), points=node.points, criteria=node.criteria,
                    materials=node.materials, responsible=node.responsible,
                    data_source=node.get_source_display() + (f"：{node.form_name}" if node.form_name else ""),
                    system_score=score, system_note=note[:300]))
            AnnualItem.objects.bulk_create(rows)
        audit.record(actor=actor, action="supervision.annual_open", object_type="supervision.annualsheet",
                     object_id=f"{year}:{unit_class}", object_repr=f"{year}年度{UnitClass(unit_class).label}考评",
                     after={"sheets": made})
    return made


def _scores(sheet, scores: dict, who: str) -> list[tuple[AnnualItem, Decimal | None, str]]:
    """Validate {item id: (score, note)} against each item's bound; Chinese messages naming the row."""
    items = {i.pk: i for i in sheet.items.select_related("node")}
    out, errors = [], []
    for pk, (raw, note) in scores.items():
        item = items.get(int(pk))
        if item is None:
            raise ServiceError("考评项目不存在。")
        if raw in (None, ""):
            out.append((item, None, note))
            continue
        try:
            value = rules.D(raw, f"{item.node.number}{who}")
        except ServiceError as exc:
            errors.append(exc.message)
            continue
        if item.kind == "veto" and value not in (0, 1):
            errors.append(f"{item.node.number} {item.node.name}：否决项填1（发生）或0（未发生）。")
        elif not (0 <= value <= bound(item)):
            errors.append(f"{item.node.number} {item.node.name}：{who}应在0至{rules.q(bound(item))}之间。")
        out.append((item, rules.q(value), (note or "").strip()[:500]))
    if errors:
        raise ServiceError("；".join(errors))
    return out


def _sheet(actor, sheet, perm) -> AnnualSheet:
    row = AnnualSheet.objects.select_for_update().get(pk=sheet.pk)
    if actor is not None and not restrict(AnnualSheet.objects.filter(pk=row.pk), actor, perm).exists():
        raise NotPermitted("不在您的管辖范围内。")
    return row


def self_assess(*, actor, sheet: AnnualSheet, scores: dict, submit: bool = False) -> AnnualSheet:
    """The unit's self-assessment; ``submit`` hands it to the office (every scored item filled)."""
    with transaction.atomic():
        sheet = _sheet(actor, sheet, Perm.REPORT)
        if actor is not None and actor.agency_id != sheet.agency_id:
            raise NotPermitted("只有被考评单位可以自评。")
        if sheet.state != SheetState.SELF:
            raise ServiceError(f"考评表{sheet.get_state_display()}，不能修改自评。")
        for item, value, note in _scores(sheet, scores, "自评"):
            item.self_score, item.self_note = value, note
            item.save(update_fields=["self_score", "self_note"])
        items = list(sheet.items.all())
        if submit:
            missing = [i for i in items if i.kind == "score" and i.self_score is None]
            if missing:
                raise ServiceError(f"还有{len(missing)}项未自评，不能提交。")
            sheet.state, sheet.submitted_at = SheetState.SUBMITTED, timezone.now()
        sheet.self_total = rules.q(sum((i.self_score or 0) for i in items if i.kind != "veto"))
        sheet.save(update_fields=["state", "submitted_at", "self_total"])
        audit.record(actor=actor, action="supervision.annual_self", obj=sheet,
                     after={"self_total": str(sheet.self_total), "submitted": submit})
    return sheet


def review(*, actor, sheet: AnnualSheet, scores: dict, finish: bool = False) -> AnnualSheet:
    """The office's review; a score differing from the self-assessment needs a note. ``finish``
    totals the sheet: base + bonus (each bonus item already capped), the veto caps the grade."""
    _require(actor)
    with transaction.atomic():
        sheet = _sheet(actor, sheet, Perm.MANAGE)
        if sheet.state not in (SheetState.SUBMITTED, SheetState.REVIEWED):
            raise ServiceError("单位尚未提交自评，或考评结果已公布。")
        for item, value, note in _scores(sheet, scores, "审核得分"):
            if value is not None and item.self_score is not None and value != item.self_score and not note:
                raise ServiceError(f"{item.node.number} {item.node.name}：审核得分与自评不一致，须说明理由。")
            item.review_score, item.review_note = value, note
            item.save(update_fields=["review_score", "review_note"])
        if finish:
            items = list(sheet.items.select_related("node"))
            if any(i.review_score is None for i in items if i.kind == "score"):
                raise ServiceError("还有计分项目未审核。")
            base = sum((i.review_score for i in items if i.kind == "score"), Decimal(0))
            bonus = sum((i.review_score or 0 for i in items if i.kind == "bonus"), Decimal(0))
            caps = [i.node.rule_params.get("grade_cap", "不合格") for i in items
                    if i.kind == "veto" and i.review_score == 1]
            sheet.base_total, sheet.bonus_total = rules.q(base), rules.q(bonus)
            sheet.total = rules.q(base + bonus)
            sheet.grade = rules.grade(sheet.total, caps)
            sheet.grade_cap = min(caps, key=lambda c: -rules.GRADE_NAMES.index(c)) if caps else ""
            sheet.state, sheet.reviewed_at = SheetState.REVIEWED, timezone.now()
        sheet.save(update_fields=["base_total", "bonus_total", "total", "grade", "grade_cap", "state",
                                  "reviewed_at"])
        audit.record(actor=actor, action="supervision.annual_review", obj=sheet,
                     after={"total": None if sheet.total is None else str(sheet.total), "grade": sheet.grade,
                            "finished": finish})
    return sheet


def rank_and_publish(*, actor, year: int, unit_class: str) -> list[AnnualSheet]:
    """Rank a class — by grade first (a vetoed unit never ranks above a unit of a better grade), then
    by total; equal grade and total share a rank — and publish it to every unit."""
    _require(actor)
    with transaction.atomic():
        sheets = list(AnnualSheet.objects.select_for_update().filter(year=year, unit_class=unit_class))
        if not sheets:
            raise ServiceError("该类别尚未开展年终考评。")
        if any(s.state == SheetState.PUBLISHED for s in sheets):
            raise ServiceError("考评结果已公布。")
        pending = [s for s in sheets if s.state != SheetState.REVIEWED]
        if pending:
            raise ServiceError(f"还有{len(pending)}个单位未审核完毕，不能公布。")
        ordered = sorted(sheets, key=lambda s: (rules.GRADE_NAMES.index(s.grade), -s.total))
        now, position, last = timezone.now(), 0, None
        for i, s in enumerate(ordered, start=1):
            key = (s.grade, s.total)
            if key != last:
                position, last = i, key
            s.rank, s.state, s.published_at = position, SheetState.PUBLISHED, now
        AnnualSheet.objects.bulk_update(ordered, ["rank", "state", "published_at"])
        audit.record(actor=actor, action="supervision.annual_publish", object_type="supervision.annualsheet",
                     object_id=f"{year}:{unit_class}", object_repr=f"公布{year}年度{UnitClass(unit_class).label}考评结果",
                     after={s.agency.name: [s.rank, s.grade, str(s.total)] for s in ordered})
    return ordered
