"""Scoring rule types of the indicator library, as pure functions (no database).

Each rule takes the measured input (a value, a count, a flag or an assessor's score) and the node's
parameters (``IndicatorNode.rule_params``) and returns a ``Result``: the points, and for a veto the
grade it caps. All arithmetic is Decimal, rounded half-up to 0.01 point.

Rule types (``RULES``):

- ``threshold``  value → points by steps: ``{"steps": [[95, 10], [90, 8], [80, 5]], "direction": "higher"}``
  (the first step met, in order; none met → 0).
- ``linear``     ratio → linear points: ``{"floor": 0.6, "ceiling": 1.0, "points": 10}``; at or below
  the floor 0, at or above the ceiling full points, in between linear (``direction: lower`` reverses).
- ``deduction``  per occurrence with a cap: ``{"points": 2, "per": 0.3, "cap": 1.2}``
  ("每少一次扣0.3分，累计不超过1.2分").
- ``bonus``      per occurrence with a cap: ``{"per": 0.5, "cap": 2}``.
- ``rank``       rank → points table: ``{"table": [[1, 5], [3, 4], [6, 3]], "else": 1}`` (rank ≤ first
  column gets the second column).
- ``veto``       a flag: when true the node scores 0 and the grade is capped:
  ``{"points": 0, "grade_cap": "合格"}`` ("不得评为优秀" is ``grade_cap: 良好``).
- ``manual``     an assessor's score with evidence, validated to 0…points: ``{"points": 5}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from fazhi.core.errors import ServiceError

CENT = Decimal("0.01")

# Grades from best to worst, with the lowest total that earns each (the prefecture's scheme).
GRADES = (("优秀", Decimal("90")), ("良好", Decimal("80")), ("合格", Decimal("60")), ("不合格", Decimal("0")))
GRADE_NAMES = [g for g, _ in GRADES]


@dataclass(frozen=True)
class Result:
    points: Decimal
    grade_cap: str | None = None
    note: str = ""


def D(value, name: str = "数值") -> Decimal:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ServiceError(f"{name}不是有效的数字：{value!r}。") from None


def q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _count(n) -> int:
    try:
        n = int(n)
    except (TypeError, ValueError):
        raise ServiceError(f"次数不是整数：{n!r}。") from None
    if n < 0:
        raise ServiceError("次数不能为负数。")
    return n


def threshold(value, params: dict) -> Result:
    if value is None:
        return Result(Decimal("0.00"), note="本期无数据")
    v = D(value)
    lower = params.get("direction") == "lower"
    for bound, points in params["steps"]:
        if (v <= D(bound)) if lower else (v >= D(bound)):
            return Result(q(D(points)), note=f"达到{bound}")
    return Result(Decimal("0.00"), note="未达到最低档")


def linear(value, params: dict) -> Result:
    if value is None:
        return Result(Decimal("0.00"), note="本期无数据")
    v, floor, ceiling, points = D(value), D(params["floor"]), D(params["ceiling"]), D(params["points"])
    if ceiling == floor:
        raise ServiceError("线性计分的上下限不能相同。")
    if params.get("direction") == "lower":
        # lower is better: at or below the "ceiling" (best) full points, at or above the "floor" 0
        share = (floor - v) / (floor - ceiling)
    else:
        share = (v - floor) / (ceiling - floor)
    share = min(max(share, Decimal(0)), Decimal(1))
    return Result(q(points * share))


def deduction(count, params: dict) -> Result:
    n = _count(count)
    points, per, cap = D(params["points"]), D(params["per"]), D(params.get("cap", params["points"]))
    lost = min(per * n, cap, points)
    return Result(q(points - lost), note=f"{n}次，扣{q(lost)}分")


def bonus(count, params: dict) -> Result:
    n = _count(count)
    per, cap = D(params["per"]), D(params["cap"])
    return Result(q(min(per * n, cap)), note=f"{n}次")


def rank(position, params: dict) -> Result:
    r = _count(position)
    if r < 1:
        raise ServiceError("名次从1开始。")
    for up_to, points in params["table"]:
        if r <= int(up_to):
            return Result(q(D(points)), note=f"第{r}名")
    return Result(q(D(params.get("else", 0))), note=f"第{r}名")


def veto(flag, params: dict) -> Result:
    cap = params.get("grade_cap", "不合格")
    if cap not in GRADE_NAMES:
        raise ServiceError(f"未知的等次：{cap}。")
    if flag:
        return Result(q(D(params.get("points", 0))), grade_cap=cap, note=f"一票否决：不得高于{cap}")
    return Result(q(D(params.get("full", 0))))


def manual(score, params: dict) -> Result:
    if score is None or score == "":
        raise ServiceError("请填写评分。")
    s, points = D(score, "评分"), D(params["points"])
    if s < 0 or s > points:
        raise ServiceError(f"评分应在0至{q(points)}分之间。")
    return Result(q(s))


RULES = {"threshold": threshold, "linear": linear, "deduction": deduction, "bonus": bonus, "rank": rank,
         "veto": veto, "manual": manual}
RULE_LABELS = {"threshold": "达标计分", "linear": "比例线性计分", "deduction": "按次扣分（封顶）",
               "bonus": "加分（封顶）", "rank": "名次计分", "veto": "一票否决／等次限制", "manual": "人工评分"}


def apply(rule: str, measured, params: dict) -> Result:
    try:
        fn = RULES[rule]
    except KeyError:
        raise ServiceError(f"未知的计分规则：{rule}。") from None
    return fn(measured, params)


def grade(total, caps=()) -> str:
    """The grade for a total, lowered to the worst cap of any veto."""
    t = D(total)
    found = next(name for name, low in GRADES if t >= low)
    for cap in caps:
        if cap and GRADE_NAMES.index(cap) > GRADE_NAMES.index(found):
            found = cap
    return found


def band(value, direction: str, green, yellow) -> str:
    """red/yellow/green for a value against the node's bands ('' when nothing was measured or no bands)."""
    if value is None or green is None or yellow is None:
        return ""
    v, g, y = D(value), D(green), D(yellow)
    if direction == "lower":
        return "green" if v <= g else "yellow" if v <= y else "red"
    return "green" if v >= g else "yellow" if v >= y else "red"
