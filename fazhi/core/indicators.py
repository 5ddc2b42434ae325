"""The indicator registry: every module's measurable figures, called the same way by supervision.

A module registers each indicator once, from ``AppConfig.ready()``::

    indicators.register(Indicator(
        code="documents.legality_review_rate", name="规范性文件合法性审核率", module="documents",
        unit=RATE, direction=HIGHER, base="本期公布的规范性文件件数",
        compute=legality_review_rate, records=legality_review_records,
        source=basis_text,
    ))

and every indicator function has ONE signature::

    compute(unit: Region | Agency, period: Period) -> Figure

where ``unit`` is an org unit (a region: that region and everything below it; an agency: that agency
alone) and ``Figure`` carries the value with its numerator, denominator and base — a rate never
travels without them — and ``records(unit, period)`` returns the queryset of the rows behind the
figure (the drill-down). Supervision reads only this registry (``all_indicators()``, ``get()``).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q

# ---------------------------------------------------------------- units of measure

RATE = "rate"  # a share: numerator / denominator, shown as a percentage
COUNT = "count"  # a number of records
DAYS = "days"  # an average or total in days
AMOUNT = "amount"  # money, yuan
SCORE = "score"  # points

UNIT_LABELS = {RATE: "%", COUNT: "件", DAYS: "日", AMOUNT: "元", SCORE: "分"}

HIGHER = "higher"  # higher is better
LOWER = "lower"  # lower is better


# ---------------------------------------------------------------- periods


@dataclass(frozen=True, order=True)
class Period:
    """A closed date range ``[start, end]`` with its kind (month, quarter, half, year) and label."""

    start: date
    end: date
    kind: str = "custom"

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("quarter is 1–4")
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1]), "quarter")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise ValueError("half is 1 or 2")
        return cls(date(year, 1, 1), date(year, 6, 30), "half") if half == 1 else cls(
            date(year, 7, 1), date(year, 12, 31), "half")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == "half":
            return f"{self.start.year}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == "year":
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"

    def previous(self) -> Period:
        if self.kind == "month":
            y, m = (self.start.year, self.start.month - 1) if self.start.month > 1 else (self.start.year - 1, 12)
            return Period.month(y, m)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return Period.quarter(self.start.year, q - 1) if q > 1 else Period.quarter(self.start.year - 1, 4)
        if self.kind == "half":
            return Period.half(self.start.year, 1) if self.start.month == 7 else Period.half(self.start.year - 1, 2)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        length = self.end - self.start
        end = self.start.fromordinal(self.start.toordinal() - 1)
        return Period(end - length, end)

    def __str__(self) -> str:
        return self.label


# ---------------------------------------------------------------- figures


def _ratio(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figure:
    """One measured value with what it was computed from.

    For a rate ``value`` is numerator / denominator (a fraction, 0–1; None when the denominator is
    0 — "nothing to measure", never 0% or 100%). ``base`` names the denominator in words.
    """

    value: Decimal | int | None
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    base: str = ""
    note: str = ""

    @classmethod
    def rate(cls, numerator: int, denominator: int, base: str, note: str = "") -> Figure:
        return cls(_ratio(numerator, denominator), numerator, denominator, base, note)

    @classmethod
    def count(cls, n: int, base: str = "", note: str = "") -> Figure:
        return cls(n, n, None, base, note)

    @property
    def percent(self) -> str:
        if self.value is None:
            return "—"
        return f"{(Decimal(self.value) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"

    def as_dict(self) -> dict[str, Any]:
        def plain(v):
            return float(v) if isinstance(v, Decimal) else v

        return {"value": plain(self.value), "numerator": plain(self.numerator),
                "denominator": plain(self.denominator), "base": self.base, "note": self.note}


# ---------------------------------------------------------------- indicators


Compute = Callable[[Any, Period], Figure]
Records = Callable[[Any, Period], Any]
# Optional: every unit of a list at once — {unit: Figure} from one or a few grouped queries (``evaluate``).
Many = Callable[[list, Period], dict]


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    module: str
    unit: str
    compute: Compute
    base: str = ""
    direction: str = HIGHER
    records: Records | None = None
    description: str = ""
    source: str = ""
    periods: tuple[str, ...] = ("month", "quarter", "half", "year")
    unit_kinds: tuple[str, ...] = ("region", "agency")
    extra: dict = field(default_factory=dict)
    many: Many | None = None

    def __post_init__(self):
        if "." not in self.code or not self.code.startswith(f"{self.module}."):
            raise ValueError(f"indicator code {self.code!r} must be '<module>.<name>'")
        if self.unit not in UNIT_LABELS:
            raise ValueError(f"indicator {self.code}: unknown unit {self.unit!r}")
        if self.unit == RATE and not self.base:
            raise ValueError(f"indicator {self.code}: a rate names its base (the denominator)")
        if self.direction not in (HIGHER, LOWER):
            raise ValueError(f"indicator {self.code}: direction is 'higher' or 'lower'")

    def __call__(self, unit, period: Period) -> Figure:
        figure = self.compute(unit, period)
        if not isinstance(figure, Figure):
            raise TypeError(f"indicator {self.code} returned {type(figure).__name__}, not Figure")
        return figure

    def rows(self, unit, period: Period):
        """The records behind the figure (a queryset), or None when the indicator has no drill-down."""
        return self.records(unit, period) if self.records is not None else None


_REGISTRY: dict[str, Indicator] = {}


def evaluate(indicator: Indicator, units: list, period: Period) -> dict:
    """``{unit: Figure}`` for many units: the indicator's grouped ``many`` when it has one (a monthly run over a
    province's counties is then a few queries, not one per unit), otherwise one call per unit. Both give the
    same figures; the tests of each module hold them to it."""
    if indicator.many is None or not units:
        return {unit: indicator(unit, period) for unit in units}
    figures = indicator.many(list(units), period)
    for unit in units:
        if not isinstance(figures.get(unit), Figure):
            raise TypeError(f"indicator {indicator.code}: many() gave no Figure for {unit}")
    return figures


def aggregate_by_unit(queryset, units: list, aggregates: dict, *, path_field: str = "region_path",
                      agency_field: str = "agency") -> dict:
    """``{unit: {name: value}}`` of ``aggregates`` over the rows of each unit, in one grouped query per region
    depth and one for the agencies: a region's rows are those under its path (``unit_q``), an agency's its own.
    A unit with no rows gets an empty dict (the caller supplies the zero)."""
    from django.db.models.functions import Substr

    result: dict = {unit: {} for unit in units}
    regions = [u for u in units if unit_kind(u) == "region"]
    agencies = [u for u in units if unit_kind(u) == "agency"]
    by_length: dict[int, dict[str, Any]] = {}
    for region in regions:
        by_length.setdefault(len(region.region_path), {})[region.region_path] = region
    for length, paths in by_length.items():
        rows = (queryset.order_by().annotate(_unit=Substr(path_field, 1, length)).filter(_unit__in=list(paths))
                .values("_unit").annotate(**aggregates))
        for row in rows:
            result[paths[row.pop("_unit")]] = row
    if agencies:
        ids = {a.pk: a for a in agencies}
        key = agency_field if agency_field.endswith("_id") else f"{agency_field}_id"
        for row in (queryset.order_by().filter(**{f"{key}__in": list(ids)}).values(key).annotate(**aggregates)):
            result[ids[row.pop(key)]] = row
    return result


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _REGISTRY and _REGISTRY[indicator.code] is not indicator:
        raise ValueError(f"indicator {indicator.code} registered twice")
    _REGISTRY[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"no indicator {code!r}; registered: {', '.join(sorted(_REGISTRY))}") from None


def all_indicators(module: str | None = None) -> list[Indicator]:
    items = sorted(_REGISTRY.values(), key=lambda i: i.code)
    return [i for i in items if module is None or i.module == module]


# ---------------------------------------------------------------- unit filters


def unit_kind(unit) -> str:
    from .models import Agency, Region

    if isinstance(unit, Region):
        return "region"
    if isinstance(unit, Agency):
        return "agency"
    raise TypeError(f"an indicator unit is a Region or an Agency, not {type(unit).__name__}")


def unit_q(unit, *, path_field: str = "region_path", agency_field: str = "agency") -> Q:
    """The rows of ``unit``: a region and everything below it (by the copied, indexed region path),
    or one agency."""
    if unit_kind(unit) == "region":
        return Q(**{f"{path_field}__startswith": unit.region_path})
    return Q(**{f"{agency_field}_id" if not agency_field.endswith("_id") else agency_field: unit.pk})
