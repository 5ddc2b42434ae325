"""Scoped look-ups of the decisions API: the codes an input may name, resolved inside the caller's scope."""

from django.db.models import Q
from rest_framework import serializers

from fazhi.core.models import Agency
from fazhi.core.scope import restrict

from .. import selectors
from ..models import Expert, ExpertAssignment
from ..workflow import Perm

# ================================================================ scoped look-ups for input codes


def iso_date_text(value: str) -> None:
    """计划完成时间 is a real date written YYYY-MM-DD (2026-02-30 is refused)."""
    import datetime as _dt

    if value:
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise serializers.ValidationError("请输入有效的日期（YYYY-MM-DD）。") from None
        if len(value) != 10:
            raise serializers.ValidationError("请输入有效的日期（YYYY-MM-DD）。")


def _agencies(*, user):
    """Sponsors, co-sponsors and execution units: active agencies the user manages decisions for."""
    return restrict(Agency.objects.filter(is_active=True), user, Perm.MANAGE)


def _catalogues(*, user):
    return selectors.catalogue_list(user=user)


def _region_prefixes(path: str) -> list[str]:
    parts = [p for p in (path or "").split("/") if p]
    return ["".join(f"{p}/" for p in parts[:i]) for i in range(1, len(parts) + 1)]


def selectable_experts(*, user):
    """Experts the user may choose: the pools in scope, those of the higher governments (第二十一条: 本级或者
    上级人民政府的专家库) and the other pools of the user's prefecture. Whether this decision may use that
    expert, and whether a reason is needed, is the service's."""
    if not getattr(user, "is_authenticated", False):
        return Expert.objects.none()
    in_scope = selectors.expert_pool(user=user).values("pk")
    higher = _region_prefixes(getattr(user, "region_path", "") or "")
    top = higher[0] if higher else None
    nearby = Q(region_path__startswith=top) if top else Q(pk__in=[])
    return Expert.objects.filter(Q(pk__in=in_scope) | Q(region_path__in=higher) | nearby, is_active=True)


def _assigned_to(user):
    """Decisions on which ``user`` is a selected expert (an expert reads the draft he argues on)."""
    return ExpertAssignment.objects.filter(expert__user=user).values("decision_id")


