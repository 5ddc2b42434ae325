"""A county whose 行政诉讼败诉率 is above the reference explains itself to the prefecture government (情况说明).

The reference values are data (LossReference: year, national or provincial, value, source) — the latest
year not after the one measured, national when configured, else provincial. The requirement is local
policy (the prefecture's rule-of-law work plan), not statute; the answer period is a setting
(FAZHI_DISPUTES_EXPLANATION_DAYS, default 15 working days [local practice]).

propose → send (the .docx is generated with core.docgen, its SHA-256 kept, the answer clock starts) →
answer (by the county) → close or return (by the prefecture). Each step checks permission and scope,
records an audit event in its transaction and refuses bad input changing nothing.
"""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, deadlines
from fazhi.core.choices import AgencyKind, PeriodUnit, RegionLevel
from fazhi.core.docgen import OfficialDocument
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.indicators import Period
from fazhi.core.models import Agency, Region
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from .choices import ExplanationState, ReferenceScope
from .indicators import loss_rate
from .models import ExplanationRequest, LossReference
from .services import _date
from .workflow import Perm

RULE_CODE = "disputes.loss_explanation"
LEGAL = "本州法治政府建设工作要求（败诉率高于参照值的县级政府须作出情况说明）"


def answer_days() -> int:
    return int(getattr(settings, "FAZHI_DISPUTES_EXPLANATION_DAYS", 15))


def reference_for(year: int) -> LossReference | None:
    """The latest reference not after ``year``: national if one exists, else provincial."""
    refs = LossReference.objects.filter(year__lte=year).order_by("-year")
    return (refs.filter(scope=ReferenceScope.NATIONAL).first() or refs.filter(scope=ReferenceScope.PROVINCIAL).first())


def counties_above(year: int, *, on=None):
    """[(county, figure)] of the counties whose 败诉率 for the year (to ``on``) is above the reference."""
    ref = reference_for(year)
    if ref is None:
        return None, []
    period = Period.year(year)
    end = min(period.end, on or timezone.localdate())
    period = Period(period.start, end) if end != period.end else period
    out = []
    for county in Region.objects.filter(level=RegionLevel.COUNTY, is_active=True).order_by("code"):
        figure = loss_rate(county, period)
        if figure.value is not None and figure.value > ref.value:
            out.append((county, figure))
    return ref, out


def _prefecture_actor(actor):
    if actor is None:
        return
    if not has_perm(actor, Perm.LITIGATE):
        raise NotPermitted("您没有办理败诉率情况说明的权限。")
    if not actor.agency_id or actor.agency.region.level != RegionLevel.PREFECTURE:
        raise NotPermitted("情况说明由州级单位发出和审核。")


@transaction.atomic
def propose(*, actor, year: int, issuer: Agency, on=None) -> list[ExplanationRequest]:
    """One draft request per county above the reference (none twice for a year)."""
    _prefecture_actor(actor)
    on = _date(on, "on")
    ref, above = counties_above(year, on=on)
    if ref is None:
        raise ServiceError(f"没有 {year} 年或以前年度的败诉率参照值，请先登记参照值。")
    made = []
    for county, figure in above:
        if ExplanationRequest.objects.filter(county=county, year=year).exists():
            continue
        gov = Agency.objects.filter(region=county, kind=AgencyKind.GOVERNMENT, is_active=True).order_by("id").first()
        if gov is None:
            continue
        req = ExplanationRequest.objects.create(
            agency=issuer, county=county, addressee=gov, region_path=county.region_path, year=year, period_end=on,
            numerator=figure.numerator, denominator=figure.denominator, rate=figure.value, base=figure.base,
            reference=ref, created_by=actor)
        audit.record(actor=actor, action="disputes.explanation_propose", obj=req,
                     after={"county": county.name, "rate": figure.value, "reference": ref.value})
        made.append(req)
    return made


def _locked(actor, req, message):
    qs = ExplanationRequest.objects.select_for_update().filter(pk=req.pk)
    if actor is not None:
        qs = restrict(qs, actor, Perm.LITIGATE)
    obj = qs.first()
    if obj is None:
        raise NotPermitted(message)
    return obj


def _pct(value) -> str:
    return f"{(Decimal(value) * 100).quantize(Decimal('0.01'))}%"


def document(req: ExplanationRequest) -> bytes:
    ref = req.reference
    doc = OfficialDocument(title=f"关于报送{req.year}年度行政诉讼败诉率情况说明的函", issuer=req.agency.name,
                           red_header=False)
    doc.recipient(req.addressee.name)
    doc.paragraph(f"据统计，{req.year}年1月1日至{req.period_end.month}月{req.period_end.day}日，你县（市、区）"
                  f"行政机关{req.base}{req.denominator}件，其中败诉{req.numerator}件，败诉率为{_pct(req.rate)}，"
                  f"高于{ref.year}年{ref.get_scope_display()}平均水平{_pct(ref.value)}（{ref.source}）。")
    doc.table(["项目", "数值"], [["统计口径", req.base], ["审结案件数", req.denominator], ["败诉案件数", req.numerator],
                                 ["败诉率", _pct(req.rate)],
                                 [f"参照值（{ref.year}年{ref.get_scope_display()}）", _pct(ref.value)]])
    doc.paragraph("请你县（市、区）人民政府对败诉原因进行分析，说明在执法理念、执法程序、应诉能力、行政争议实质性化解等方面"
                  "存在的问题和整改措施，于收到本函之日起" + f"{answer_days()}个工作日内书面报送{req.agency.name}。")
    doc.signature(req.agency.name, req.sent_on or timezone.localdate())
    return doc.to_bytes()


@transaction.atomic
def send(*, actor, req: ExplanationRequest, on=None) -> ExplanationRequest:
    _prefecture_actor(actor)
    req = _locked(actor, req, "该情况说明不在您的数据范围内。")
    if req.state != ExplanationState.DRAFT:
        raise ServiceError("该函已经发出。")
    req.sent_on = _date(on, "on")
    content = document(req)
    req.document_sha256 = hashlib.sha256(content).hexdigest()
    req.document.save(f"explanation-{req.code}.docx", ContentFile(content), save=False)
    req.deadline = deadlines.deadline_create(
        actor=None, object_repr=str(req)[:200], rule_code=RULE_CODE, legal_source=LEGAL[:200], start_date=req.sent_on,
        period=answer_days(), unit=PeriodUnit.WORKING_DAYS, agency=req.addressee, obj=req)
    req.state = ExplanationState.SENT
    req.save(update_fields=["sent_on", "document", "document_sha256", "deadline", "state"])
    audit.record(actor=actor, action="disputes.explanation_send", obj=req,
                 after={"sha256": req.document_sha256, "due": req.deadline.due_date})
    return req


@transaction.atomic
def answer(*, actor, req: ExplanationRequest, text: str, on=None) -> ExplanationRequest:
    """The county's 情况说明 (by someone of the county with 应诉 permission)."""
    if actor is not None and not has_perm(actor, Perm.LITIGATE):
        raise NotPermitted("您没有报送情况说明的权限。")
    req = _locked(actor, req, "该情况说明不在您的数据范围内。")
    if actor is not None and not (actor.agency_id and actor.agency.region_path.startswith(req.county.region_path)):
        raise NotPermitted("情况说明由被要求说明的县（市、区）报送。")
    if req.state != ExplanationState.SENT:
        raise ServiceError("该函不在待说明状态。")
    if len((text or "").strip()) < 20:
        raise ServiceError(field_errors={"text": ["请写明败诉原因分析和整改措施（至少 20 字）。"]})
    req.answer, req.answered_on, req.state = text.strip(), _date(on, "on"), ExplanationState.ANSWERED
    if req.deadline is not None and req.deadline.status in deadlines.ACTIVE:
        deadlines.deadline_complete(actor=None, deadline=req.deadline, on_date=max(req.answered_on,
                                                                                    req.deadline.start_date))
    req.save(update_fields=["answer", "answered_on", "state"])
    audit.record(actor=actor, action="disputes.explanation_answer", obj=req, after={"answered_on": req.answered_on})
    return req


@transaction.atomic
def review(*, actor, req: ExplanationRequest, accept: bool, note: str = "", on=None) -> ExplanationRequest:
    """The prefecture closes the request, or returns the explanation for more (the clock starts again)."""
    _prefecture_actor(actor)
    req = _locked(actor, req, "该情况说明不在您的数据范围内。")
    if req.state != ExplanationState.ANSWERED:
        raise ServiceError("尚未收到情况说明。")
    if not accept and not (note or "").strip():
        raise ServiceError(field_errors={"note": ["退回补充须写明需要补充的内容。"]})
    on = _date(on, "on")
    req.review_note = (note or "").strip()
    if accept:
        req.state, req.closed_on = ExplanationState.CLOSED, on
    else:
        req.state = ExplanationState.SENT
        req.deadline = deadlines.deadline_create(
            actor=None, object_repr=f"补充{req}"[:200], rule_code=RULE_CODE, legal_source=LEGAL[:200], start_date=on,
            period=answer_days(), unit=PeriodUnit.WORKING_DAYS, agency=req.addressee, obj=req)
    req.save(update_fields=["review_note", "state", "closed_on", "deadline"])
    audit.record(actor=actor, action="disputes.explanation_review", obj=req,
                 after={"accepted": accept, "note": req.review_note})
    return req
