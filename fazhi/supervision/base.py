"""What the supervision services share: the permission check, the assessed units, the active scheme, the
leaves of a scheme, a unit's addressee. No other supervision module is imported here."""

from __future__ import annotations

from fazhi.core.choices import AgencyKind, RegionLevel
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import Agency, Region
from fazhi.core.permissions import has_perm

from .choices import UnitClass
from .models import IndicatorNode, Scheme
from .perms import Perm


def _require(actor, perm=Perm.MANAGE):
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted("您没有督促问效管理权限。")


def units_of_class(unit_class: str) -> list[tuple[Region, Agency | None]]:
    """The assessed units of a class: counties (regions), prefecture departments, townships."""
    if unit_class == UnitClass.COUNTY:
        return [(r, None) for r in Region.objects.filter(level=RegionLevel.COUNTY, is_active=True)
                .order_by("code")]
    if unit_class == UnitClass.TOWNSHIP:
        return [(r, None) for r in Region.objects.filter(level=RegionLevel.TOWNSHIP, is_active=True)
                .order_by("code")]
    if unit_class == UnitClass.DEPARTMENT:
        qs = (Agency.objects.filter(kind=AgencyKind.DEPARTMENT, is_active=True,
                                    region__level=RegionLevel.PREFECTURE)
              .select_related("region").order_by("name"))
        return [(a.region, a) for a in qs]
    raise ServiceError(f"未知的单位类别：{unit_class}。")


def active_scheme(year: int) -> Scheme:
    scheme = Scheme.objects.filter(year=year, is_active=True).order_by("-version").first()
    if scheme is None:
        raise ServiceError(f"{year}年没有启用的指标体系。")
    return scheme


def leaves(scheme: Scheme) -> list[IndicatorNode]:
    nodes = list(scheme.nodes.all())
    parents = {n.parent_id for n in nodes if n.parent_id}
    return [n for n in nodes if n.pk not in parents]


def addressee(region, agency) -> Agency:
    """The unit a letter goes to: a department itself, or the county government of a region."""
    if agency is not None:
        return agency
    gov = Agency.objects.filter(region=region, kind="government").first()
    if gov is None:
        raise ServiceError(f"{region.name}没有登记人民政府，无法送达。")
    return gov


