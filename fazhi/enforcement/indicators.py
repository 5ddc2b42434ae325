"""Indicators of the 行政执法 module, registered in the core registry (each rate names its base)."""

from decimal import Decimal

from fazhi.core.indicators import COUNT, RATE, Figure, Indicator, Period, register, unit_q

from .choices import CaseState


def _decided(unit, period: Period):
    from .models import Case

    return Case.objects.filter(unit_q(unit), decided_on__gte=period.start, decided_on__lte=period.end) \
        .exclude(state=CaseState.DROPPED)


def _legal_review_rate(unit, period: Period) -> Figure:
    """Of the decisions in the 重大执法决定目录, the share decided after 法制审核 (行政处罚法 第五十八条)."""
    from django.contrib.contenttypes.models import ContentType

    from fazhi.procedure.choices import ReviewStatus
    from fazhi.procedure.models import LegalityReview

    from .models import Case

    major = _decided(unit, period).exclude(major_reasons=[])
    ids = [str(pk) for pk in major.values_list("pk", flat=True)]
    reviewed = LegalityReview.objects.filter(content_type=ContentType.objects.get_for_model(Case),
                                             object_id__in=ids, status=ReviewStatus.DONE) \
        .values("object_id").distinct().count()
    return Figure.rate(reviewed, len(ids), base="本期作出的重大执法决定")


def _decisions(unit, period: Period) -> Figure:
    return Figure.count(_decided(unit, period).count(), base="本期作出的行政处罚决定")


def _deadline_rate(unit, period: Period, rule_code: str, base: str) -> Figure:
    """Of the cases decided in the period, the share whose ``rule_code`` clock was met (completed on or
    before its due date, extensions included): one aggregate over core's deadlines."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, F, Q
    from django.db.models.functions import Cast

    from fazhi.core.models import Deadline

    from .models import Case

    ids = _decided(unit, period).annotate(key=Cast("pk", output_field=Deadline._meta.get_field("object_id")))
    row = Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Case), rule_code=rule_code,
                                  object_id__in=ids.values("key")).aggregate(
        n=Count("pk"), met=Count("pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_date"))))
    return Figure.rate(row["met"], row["n"], base=base)


def _publication_timeliness(unit, period: Period) -> Figure:
    """行政处罚决定 公示 within the configured working days (行政处罚法 第四十八条; 国办发〔2018〕118号)."""
    return _deadline_rate(unit, period, "enforcement.publication", "本期作出且应当公示的行政处罚决定")


def _within_ninety_days(unit, period: Period) -> Figure:
    """Decisions made within 90 days of 立案 (行政处罚法 第六十条), extensions recorded on the clock."""
    return _deadline_rate(unit, period, "enforcement.decision", "本期作出决定的立案案件")


def _officers(unit):
    from .models import Officer

    return Officer.objects.filter(unit_q(unit))


def _certificate_validity(unit, period: Period) -> Figure:
    """Officers whose certificate is valid on the period's last day (行政处罚法 第四十二条)."""
    from django.db.models import Count, Q

    from .choices import OfficerStatus

    row = _officers(unit).aggregate(n=Count("pk"), valid=Count("pk", filter=Q(status=OfficerStatus.VALID,
                                                                               expires_on__gte=period.end)))
    return Figure.rate(row["valid"], row["n"], base="在册行政执法人员")


def _lenient_application(unit, period: Period) -> Figure:
    """Of the decided cases that matched a 免罚/轻罚 list item, the share where the list was applied
    (行政处罚法 第三十三条)."""
    from django.db.models import Count, Q

    row = _decided(unit, period).filter(lenient_item__isnull=False).aggregate(
        n=Count("pk"), applied=Count("pk", filter=Q(lenient_applied=True)))
    return Figure.rate(row["applied"], row["n"], base="本期作出决定、与免罚轻罚清单相符的案件")


def _inspections(unit, period: Period):
    from .models import Inspection

    return Inspection.objects.filter(unit_q(unit), on_date__gte=period.start, on_date__lte=period.end)


def _duplicate_inspection_rate(unit, period: Period) -> Figure:
    """Inspections that raised a repeat (joint-inspection window) or yearly-cap warning (国办发〔2024〕54号)."""
    from django.db.models import Count, Q

    row = _inspections(unit, period).aggregate(n=Count("pk"), warned=Count("pk", filter=~Q(warnings=[])))
    return Figure.rate(row["warned"], row["n"], base="本期登记的涉企行政检查")


def _evaluated(unit, period: Period):
    from .models import EvaluationSample

    return EvaluationSample.objects.filter(unit_q(unit, path_field="case__region_path"), round__year__gte=period.start.year,
                                           round__year__lte=period.end.year).exclude(grade="")


def _evaluation_score(unit, period: Period) -> Figure:
    """The average 案卷评查 score of the unit's files evaluated in the period's years (百分制)."""
    from django.db.models import Count, Sum

    row = _evaluated(unit, period).aggregate(total=Sum("score"), n=Count("pk"))
    value = (row["total"] / row["n"]).quantize(Decimal("0.1")) if row["n"] else None
    return Figure(value, row["total"] or 0, row["n"], base="本期评查的案卷（平均分）")


def register_indicators():
    from fazhi.core.indicators import LOWER, SCORE

    register(Indicator(code="enforcement.publication_timeliness", name="行政处罚决定按时公示率", module="enforcement",
                       unit=RATE, compute=_publication_timeliness, base="本期作出且应当公示的行政处罚决定",
                       source="《行政处罚法》第四十八条；国办发〔2018〕118号", records=_decided))
    register(Indicator(code="enforcement.within_90_days", name="立案后90日内作出决定率", module="enforcement",
                       unit=RATE, compute=_within_ninety_days, base="本期作出决定的立案案件",
                       source="《行政处罚法》第六十条", records=_decided))
    register(Indicator(code="enforcement.certificate_validity", name="执法证件有效率", module="enforcement",
                       unit=RATE, compute=_certificate_validity, base="在册行政执法人员",
                       source="《行政处罚法》第四十二条", records=lambda u, p: _officers(u)))
    register(Indicator(code="enforcement.lenient_application", name="免罚轻罚清单适用率", module="enforcement",
                       unit=RATE, compute=_lenient_application, base="与免罚轻罚清单相符的已决案件",
                       source="《行政处罚法》第三十三条",
                       records=lambda u, p: _decided(u, p).filter(lenient_item__isnull=False)))
    register(Indicator(code="enforcement.duplicate_inspection_rate", name="涉企重复检查预警率", module="enforcement",
                       unit=RATE, compute=_duplicate_inspection_rate, base="本期登记的涉企行政检查", direction=LOWER,
                       source="国办发〔2024〕54号", records=_inspections))
    register(Indicator(code="enforcement.evaluation_score", name="行政执法案卷评查平均分", module="enforcement",
                       unit=SCORE, compute=_evaluation_score, base="本期评查的案卷",
                       source="国办发〔2018〕118号（十九）；《广东省行政执法案卷评查办法》", records=_evaluated))
    register(Indicator(code="enforcement.legal_review_rate", name="重大执法决定法制审核率", module="enforcement",
                       unit=RATE, compute=_legal_review_rate, base="本期作出的重大执法决定",
                       source="《行政处罚法》第五十八条", records=lambda u, p: _decided(u, p).exclude(major_reasons=[])))
    register(Indicator(code="enforcement.decisions", name="行政处罚决定数", module="enforcement", unit=COUNT,
                       compute=_decisions, source="《行政处罚法》第五十七条", records=_decided))
