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










def _officers(unit):
    from .models import Officer

    return Officer.objects.filter(unit_q(unit))






def _inspections(unit, period: Period):
    from .models import Inspection

    return Inspection.objects.filter(unit_q(unit), on_date__gte=period.start, on_date__lte=period.end)




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


# ---------------------------------------------------------------- one definition, one unit or many
# Each grouped indicator is (rows of the period, aggregates, the figure from them). ``compute`` filters the
# rows to one unit with its indexed path; ``many`` groups every unit in one query (core.aggregate_by_unit).


def _period_decided(period: Period):
    from .models import Case

    return Case.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end).exclude(
        state=CaseState.DROPPED)


def _period_clocks(rule_code: str):
    def rows(period: Period):
        from django.contrib.contenttypes.models import ContentType
        from django.db.models.functions import Cast

        from fazhi.core.models import Deadline

        from .models import Case

        ids = _period_decided(period).annotate(key=Cast("pk", output_field=Deadline._meta.get_field("object_id")))
        return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Case), rule_code=rule_code,
                                       object_id__in=ids.values("key"))
    return rows


def _met():
    from django.db.models import Count, F, Q

    return {"n": Count("pk"), "met": Count("pk", filter=Q(completed_on__isnull=False, completed_on__lte=F("due_date")))}


def _count():
    from django.db.models import Count

    return {"n": Count("pk")}


def _officer_rows(period: Period):
    from .models import Officer

    return Officer.objects.all()


def _valid_officers(period: Period):
    from django.db.models import Count, Q

    from .choices import OfficerStatus

    return {"n": Count("pk"), "met": Count("pk", filter=Q(status=OfficerStatus.VALID, expires_on__gte=period.end))}


def _lenient_rows(period: Period):
    return _period_decided(period).filter(lenient_item__isnull=False)


def _lenient_aggs(period: Period):
    from django.db.models import Count, Q

    return {"n": Count("pk"), "met": Count("pk", filter=Q(lenient_applied=True))}


def _inspection_rows(period: Period):
    from .models import Inspection

    return Inspection.objects.filter(on_date__gte=period.start, on_date__lte=period.end)


def _warned_aggs(period: Period):
    from django.db.models import Count, Q

    return {"n": Count("pk"), "met": Count("pk", filter=~Q(warnings=[]))}


GROUPED = {
    # code: (rows(period), aggregates(period), figure(row), base)
    "enforcement.decisions": (_period_decided, lambda p: _count(), lambda r, base: Figure.count(r.get("n", 0), base=base),
                              "本期作出的行政处罚决定"),
    "enforcement.publication_timeliness": (_period_clocks("enforcement.publication"), lambda p: _met(), None,
                                           "本期作出且应当公示的行政处罚决定"),
    "enforcement.within_90_days": (_period_clocks("enforcement.decision"), lambda p: _met(), None,
                                   "本期作出决定的立案案件"),
    "enforcement.certificate_validity": (_officer_rows, _valid_officers, None, "在册行政执法人员"),
    "enforcement.lenient_application": (_lenient_rows, _lenient_aggs, None, "本期作出决定、与免罚轻罚清单相符的案件"),
    "enforcement.duplicate_inspection_rate": (_inspection_rows, _warned_aggs, None, "本期登记的涉企行政检查"),
}


def _figure(code, row):
    _, _, make, base = GROUPED[code]
    if make is not None:
        return make(row, base)
    return Figure.rate(row.get("met", 0) or 0, row.get("n", 0) or 0, base=base)


def grouped_compute(code):
    def compute(unit, period: Period) -> Figure:
        rows, aggs, _, _ = GROUPED[code]
        return _figure(code, rows(period).filter(unit_q(unit)).order_by().aggregate(**aggs(period)))
    return compute


def grouped_many(code):
    def many(units, period: Period) -> dict:
        from fazhi.core.indicators import aggregate_by_unit

        rows, aggs, _, _ = GROUPED[code]
        return {unit: _figure(code, row) for unit, row in aggregate_by_unit(rows(period), units, aggs(period)).items()}
    return many


def register_indicators():
    from fazhi.core.indicators import LOWER, SCORE

    register(Indicator(code="enforcement.publication_timeliness", name="行政处罚决定按时公示率", module="enforcement",
                       unit=RATE, compute=grouped_compute("enforcement.publication_timeliness"),
                       many=grouped_many("enforcement.publication_timeliness"), base="本期作出且应当公示的行政处罚决定",
                       source="《行政处罚法》第四十八条；国办发〔2018〕118号", records=_decided))
    register(Indicator(code="enforcement.within_90_days", name="立案后90日内作出决定率", module="enforcement",
                       unit=RATE, compute=grouped_compute("enforcement.within_90_days"),
                       many=grouped_many("enforcement.within_90_days"), base="本期作出决定的立案案件",
                       source="《行政处罚法》第六十条", records=_decided))
    register(Indicator(code="enforcement.certificate_validity", name="执法证件有效率", module="enforcement",
                       unit=RATE, compute=grouped_compute("enforcement.certificate_validity"),
                       many=grouped_many("enforcement.certificate_validity"), base="在册行政执法人员",
                       source="《行政处罚法》第四十二条", records=lambda u, p: _officers(u)))
    register(Indicator(code="enforcement.lenient_application", name="免罚轻罚清单适用率", module="enforcement",
                       unit=RATE, compute=grouped_compute("enforcement.lenient_application"),
                       many=grouped_many("enforcement.lenient_application"), base="与免罚轻罚清单相符的已决案件",
                       source="《行政处罚法》第三十三条",
                       records=lambda u, p: _decided(u, p).filter(lenient_item__isnull=False)))
    register(Indicator(code="enforcement.duplicate_inspection_rate", name="涉企重复检查预警率", module="enforcement",
                       unit=RATE, compute=grouped_compute("enforcement.duplicate_inspection_rate"),
                       many=grouped_many("enforcement.duplicate_inspection_rate"), base="本期登记的涉企行政检查", direction=LOWER,
                       source="国办发〔2024〕54号", records=_inspections))
    register(Indicator(code="enforcement.evaluation_score", name="行政执法案卷评查平均分", module="enforcement",
                       unit=SCORE, compute=_evaluation_score, base="本期评查的案卷",
                       source="国办发〔2018〕118号（十九）；《广东省行政执法案卷评查办法》", records=_evaluated))
    register(Indicator(code="enforcement.legal_review_rate", name="重大执法决定法制审核率", module="enforcement",
                       unit=RATE, compute=_legal_review_rate, base="本期作出的重大执法决定",
                       source="《行政处罚法》第五十八条", records=lambda u, p: _decided(u, p).exclude(major_reasons=[])))
    register(Indicator(code="enforcement.decisions", name="行政处罚决定数", module="enforcement", unit=COUNT,
                       compute=grouped_compute("enforcement.decisions"), many=grouped_many("enforcement.decisions"),
                       source="《行政处罚法》第五十七条", records=_decided))
