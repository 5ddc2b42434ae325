"""Factories and a small org tree for tests: 州 → 兴义市 / 安龙县, with their agencies.

Rows are written through the services (actor=None: the system), like the demo loader does.
"""

from dataclasses import dataclass

from fazhi.core import services
from fazhi.core.choices import AgencyDuty, AgencyKind, RegionLevel, Role, Scope
from fazhi.core.models import Agency, Region, RoleAssignment, User

PASSWORD = "Test-pass-2026"


@dataclass
class Org:
    prefecture: Region
    xingyi: Region
    anlong: Region
    xingyi_town: Region
    anlong_town: Region
    zhou_gov: Agency
    zhou_sfj: Agency
    zhou_sthj: Agency
    xingyi_gov: Agency
    xingyi_sfj: Agency
    anlong_gov: Agency
    anlong_sfj: Agency
    xingyi_town_gov: Agency


def build_org() -> Org:
    pref = services.region_create(actor=None, code="522300", name="黔西南布依族苗族自治州", level=RegionLevel.PREFECTURE)
    xingyi = services.region_create(actor=None, code="522301", name="兴义市", level=RegionLevel.COUNTY, parent=pref)
    anlong = services.region_create(actor=None, code="522328", name="安龙县", level=RegionLevel.COUNTY, parent=pref)
    xt = services.region_create(actor=None, code="522301100", name="顶效镇", level=RegionLevel.TOWNSHIP, parent=xingyi)
    at = services.region_create(actor=None, code="522328100", name="新桥镇", level=RegionLevel.TOWNSHIP, parent=anlong)

    def agency(name, kind, region, prefix="", duty=""):
        return services.agency_create(actor=None, name=name, kind=kind, region=region, doc_prefix=prefix,
                                      duty=duty)

    return Org(
        prefecture=pref, xingyi=xingyi, anlong=anlong, xingyi_town=xt, anlong_town=at,
        zhou_gov=agency("黔西南州人民政府", AgencyKind.GOVERNMENT, pref, "黔西南府规"),
        zhou_sfj=agency("黔西南州司法局", AgencyKind.DEPARTMENT, pref, "黔西南司规", duty=AgencyDuty.JUSTICE),
        zhou_sthj=agency("黔西南州生态环境局", AgencyKind.DEPARTMENT, pref, "黔西南环规"),
        xingyi_gov=agency("兴义市人民政府", AgencyKind.GOVERNMENT, xingyi, "兴府规"),
        xingyi_sfj=agency("兴义市司法局", AgencyKind.DEPARTMENT, xingyi, duty=AgencyDuty.JUSTICE),
        anlong_gov=agency("安龙县人民政府", AgencyKind.GOVERNMENT, anlong, "安府规"),
        anlong_sfj=agency("安龙县司法局", AgencyKind.DEPARTMENT, anlong, duty=AgencyDuty.JUSTICE),
        xingyi_town_gov=agency("顶效镇人民政府", AgencyKind.TOWNSHIP_GOVERNMENT, xt),
    )


def make_user(username: str, agency: Agency, *roles: tuple[str, str], must_change_password=False) -> User:
    """A user with the given (role, scope) pairs; roles are written directly (no grantor exists yet)."""
    user = services.user_create(actor=None, username=username, full_name=username, agency=agency,
                                password=PASSWORD, must_change_password=must_change_password)
    for role, scope in roles:
        RoleAssignment.objects.create(user=user, role=role, scope=scope)
    return user


@dataclass
class People:
    fzb_admin: User
    xingyi_fzb: User
    anlong_fzb: User
    zsthj_fz: User
    officer: User
    reviewer: User
    leader: User
    sysadmin: User
    secadmin: User
    auditor: User


def build_people(org: Org) -> People:
    return People(
        fzb_admin=make_user("fzb_admin", org.zhou_sfj, (Role.FZB_ADMIN, Scope.ALL)),
        xingyi_fzb=make_user("xingyi_fzb", org.xingyi_sfj, (Role.COUNTY_FZB, Scope.REGION)),
        anlong_fzb=make_user("anlong_fzb", org.anlong_sfj, (Role.COUNTY_FZB, Scope.REGION)),
        zsthj_fz=make_user("zsthj_fz", org.zhou_sthj, (Role.LEGAL_STAFF, Scope.AGENCY)),
        officer=make_user("zsthj_zf1", org.zhou_sthj, (Role.ENFORCEMENT_OFFICER, Scope.OWN)),
        reviewer=make_user("zsfj_sh", org.zhou_sfj, (Role.REVIEWER, Scope.REGION)),
        leader=make_user("leader", org.zhou_gov, (Role.LEADER, Scope.ALL)),
        sysadmin=make_user("sysadmin", org.zhou_sfj, (Role.SYSADMIN, Scope.ALL)),
        secadmin=make_user("secadmin", org.zhou_sfj, (Role.SECADMIN, Scope.ALL)),
        auditor=make_user("auditor", org.zhou_sfj, (Role.AUDITOR, Scope.ALL)),
    )
