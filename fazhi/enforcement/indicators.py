"""Indicators of the 行政执法 module, registered in the core registry (each rate names its base)."""

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


def register_indicators():
    register(Indicator(code="enforcement.legal_review_rate", name="重大执法决定法制审核率", module="enforcement",
                       unit=RATE, compute=_legal_review_rate, base="本期作出的重大执法决定",
                       source="《行政处罚法》第五十八条", records=lambda u, p: _decided(u, p).exclude(major_reasons=[])))
    register(Indicator(code="enforcement.decisions", name="行政处罚决定数", module="enforcement", unit=COUNT,
                       compute=_decisions, source="《行政处罚法》第五十七条", records=_decided))
