"""Load the demo prefecture through the services, as the system (actor=None).

Idempotent: rows are looked up by their natural keys (region code; agency region + name; username;
user + role; deadline agency + rule + subject; notification recipient + title) and only the missing
ones are created, so a second run changes nothing and says so. Everything runs in one transaction:
a failure leaves the database as it was.
"""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.core import notifications, services
from fazhi.core.choices import AgencyKind, NotificationLevel, RegionLevel, Role, Scope
from fazhi.core.errors import ServiceError
from fazhi.core.models import Agency, Deadline, Notification, Region, RoleAssignment, User
from fazhi.core.validators import make_uscc

from . import data

DEFAULT_PASSWORD = "fazhi-demo-2026"

# 统一社会信用代码 (GB 32100-2015): registry "1" (机构编制) + type "1" (机关).
USCC_REGISTRY_ORGAN = "11"


def demo_password() -> str:
    """The demo accounts' password: FAZHI_DEMO_PASSWORD when set, else the published default."""
    return os.environ.get("FAZHI_DEMO_PASSWORD") or DEFAULT_PASSWORD


def refuse_in_production() -> None:
    if getattr(settings, "FAZHI_ENV", "") == "production":
        raise ServiceError(
            "当前为生产环境（FAZHI_ENV=production），禁止加载演示数据：演示账号使用公开的密码，"
            "演示单位和期限并非真实数据。"
        )


@dataclass
class LoadReport:
    regions: int = 0
    agencies: int = 0
    users: int = 0
    roles: int = 0
    deadlines: int = 0
    paused: int = 0
    notifications: int = 0
    scan: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        created = (self.regions, self.agencies, self.users, self.roles, self.deadlines, self.paused,
                   self.notifications)
        return any(created) or any(self.scan.values())

    def summary(self) -> str:
        if not self.changed:
            return "演示数据已是最新，本次未作任何更改。"
        parts = [
            f"区划 {self.regions} 个", f"单位 {self.agencies} 个", f"账号 {self.users} 个",
            f"角色授权 {self.roles} 项", f"期限 {self.deadlines} 项（其中中止计时 {self.paused} 项）",
            f"通知 {self.notifications} 条",
        ]
        text = "已加载演示数据：新建" + "、".join(parts) + "。"
        if any(self.scan.values()):
            text += f"期限扫描：标记超期 {self.scan.get('overdue', 0)} 项，发送提醒 {self.scan.get('reminded', 0)} 条。"
        return text


def credit_code_for(name: str, registry_region: str) -> str:
    """A valid, stable 统一社会信用代码 for a demo agency (the 8-digit body is derived from the name)."""
    body = f"{int(hashlib.sha256(name.encode('utf-8')).hexdigest(), 16) % 10**8:08d}"
    return make_uscc(USCC_REGISTRY_ORGAN, registry_region, body)


class _Loader:
    def __init__(self, today: date):
        self.today = today
        self.report = LoadReport()
        self.regions = {r.code: r for r in Region.objects.all()}
        self.agencies = {(a.region_id, a.name): a for a in Agency.objects.all()}
        self.by_key: dict[str, Agency] = {}  # "州:sfj", "522301:gov", …
        self.users: dict[str, User] = {}

    # ------------------------------------------------------------ org tree

    def region(self, code: str, name: str, level: int, parent: Region | None) -> Region:
        region = self.regions.get(code)
        if region is None:
            region = services.region_create(actor=None, code=code, name=name, level=level, parent=parent)
            self.regions[code] = region
            self.report.regions += 1
        return region

    def agency(self, name: str, kind: str, region: Region, parent: Agency | None, *, short_name: str = "",
               doc_prefix: str = "", registry_region: str, duty: str = "") -> Agency:
        agency = self.agencies.get((region.pk, name))
        if agency is None:
            agency = services.agency_create(
                actor=None, name=name, kind=kind, region=region, parent=parent, short_name=short_name,
                credit_code=credit_code_for(name, registry_region), doc_prefix=doc_prefix, duty=duty,
            )
            self.agencies[(region.pk, name)] = agency
            self.report.agencies += 1
        return agency

    def org(self) -> None:
        pref = self.region(data.PREFECTURE_CODE, data.PREFECTURE_NAME, RegionLevel.PREFECTURE, None)
        p = data.PREFECTURE_SHORT
        zhou_gov = self.agency(f"{p}人民政府", AgencyKind.GOVERNMENT, pref, None, short_name="州政府",
                               doc_prefix=data.PREFECTURE_GOV_PREFIX, registry_region=pref.code)
        self.by_key["州:gov"] = zhou_gov
        for dept in data.PREFECTURE_DEPARTMENTS:
            name = f"{zhou_gov.name}办公室" if dept.key == "gov_office" else f"{p}{dept.name}"
            self.by_key[f"州:{dept.key}"] = self.agency(
                name, AgencyKind.DEPARTMENT, pref, zhou_gov, short_name=f"州{dept.short}",
                doc_prefix=f"黔西南{dept.prefix}" if dept.prefix else "", registry_region=pref.code,
                duty=data.DEPARTMENT_DUTIES.get(dept.key, ""),
            )
        for county in data.COUNTIES:
            self.county(county, pref, zhou_gov)

    def county(self, county: data.County, pref: Region, zhou_gov: Agency) -> None:
        region = self.region(county.code, county.name, RegionLevel.COUNTY, pref)
        # 义龙新区 has no code of its own: its agencies are registered at prefecture level.
        registry = pref.code if county.code == data.YILONG_CODE else county.code
        gov = self.agency(county.gov_name, AgencyKind.GOVERNMENT, region, zhou_gov,
                          short_name=f"{county.short}政府", doc_prefix=county.gov_prefix, registry_region=registry)
        self.by_key[f"{county.code}:gov"] = gov
        for dept in data.COUNTY_DEPARTMENTS:
            name = f"{county.gov_name}办公室" if dept.key == "gov_office" else f"{county.name}{dept.name}"
            self.by_key[f"{county.code}:{dept.key}"] = self.agency(
                name, AgencyKind.DEPARTMENT, region, gov, short_name=f"{county.short}{dept.short}",
                registry_region=registry, duty=data.DEPARTMENT_DUTIES.get(dept.key, ""),
            )
        # 生态环境 is managed vertically: the county office is a branch of the prefecture bureau.
        self.by_key[f"{county.code}:sthj"] = self.agency(
            f"{data.PREFECTURE_SHORT}生态环境局{county.short}分局", AgencyKind.DEPARTMENT, region,
            self.by_key["州:sthj"], short_name=f"{county.short}生态环境分局", registry_region=registry,
        )
        for town in county.townships:
            town_region = self.region(county.code + town.suffix, town.name, RegionLevel.TOWNSHIP, region)
            # A 街道办事处 is the county government's 派出机关; it plays the township government's part.
            office = f"{town.name}办事处" if town.name.endswith("街道") else f"{town.name}人民政府"
            self.agency(office, AgencyKind.TOWNSHIP_GOVERNMENT, town_region, gov, registry_region=registry)
            for suffix, village in town.villages:
                self.region(town_region.code + suffix, village, RegionLevel.VILLAGE, town_region)

    # ------------------------------------------------------------ accounts

    def accounts(self) -> None:
        password = demo_password()
        existing = {u.username: u for u in User.objects.filter(username__in=[a.username for a in data.ACCOUNTS])}
        for account in data.ACCOUNTS:
            user = existing.get(account.username)
            if user is None:
                # Demo accounts skip the first-login change: their password is published anyway.
                user = services.user_create(actor=None, username=account.username, full_name=account.full_name,
                                            agency=self.by_key[account.agency], password=password,
                                            must_change_password=False)
                self.report.users += 1
            self.users[account.username] = user
        held = {(ra.user_id, ra.role): ra.scope
                for ra in RoleAssignment.objects.filter(user__in=list(self.users.values()))}
        for account in data.ACCOUNTS:
            user = self.users[account.username]
            for role, scope in account.roles:
                if held.get((user.pk, role)) != scope:
                    services.role_grant(actor=None, user=user, role=role, scope=scope)
                    self.report.roles += 1

    # ------------------------------------------------------------ deadlines and inbox

    def deadlines(self) -> None:
        from fazhi.core import deadlines  # helper module of the working-day calendar

        existing = set(Deadline.objects.values_list("agency_id", "rule_code", "object_repr"))
        plan = [("州", None, d) for d in data.PREFECTURE_DEADLINES]
        plan += [(c.code, c, d) for c in data.COUNTIES for d in data.COUNTY_DEADLINES]
        for where, county, sample in plan:
            agency = self.by_key[f"{where}:{sample.agency}"]
            subject = sample.object_repr.format(county=county.name if county else data.PREFECTURE_SHORT,
                                                short=county.short if county else "州")
            if (agency.pk, sample.rule_code, subject) in existing:
                continue
            username = sample.responsible or (data.COUNTY_RESPONSIBLE.get(county.code) if county else None)
            deadline = deadlines.deadline_create(
                actor=None, object_repr=subject, rule_code=sample.rule_code, legal_source=sample.legal_source,
                start_date=self.today - timedelta(days=sample.start_days_ago), period=sample.period,
                unit=sample.unit, agency=agency, responsible=self.users.get(username) if username else None,
            )
            self.report.deadlines += 1
            if sample.paused_days_ago is not None:
                deadlines.deadline_pause(actor=None, deadline=deadline,
                                         on_date=self.today - timedelta(days=sample.paused_days_ago),
                                         reason=sample.pause_reason)
                self.report.paused += 1
        # The daily scan marks the overdue ones and sends the reminders, as the scheduled job would.
        self.report.scan = dict(deadlines.scan_deadlines(today=self.today) or {})

    def inbox(self) -> None:
        existing = set(Notification.objects.filter(recipient__in=list(self.users.values()))
                       .values_list("recipient_id", "title"))
        title = "欢迎使用法治政府建设平台（演示环境）"
        for account in data.ACCOUNTS:
            user = self.users[account.username]
            if (user.pk, title) in existing:
                continue
            roles = "、".join(f"{Role(r).label}（{Scope(s).label}）" for r, s in account.roles)
            notifications.notify(
                recipient=user, title=title,
                body=f"您的演示身份：{account.note}；角色：{roles}。演示数据以黔西南州为原型，单位、人员和事项均为虚构。",
            )
            self.report.notifications += 1
        admin = self.users["fzb_admin"]
        note = "演示数据说明：义龙新区的区划代码"
        if (admin.pk, note) not in existing:
            notifications.notify(
                recipient=admin, title=note, level=NotificationLevel.WARNING,
                body="义龙新区为国家级新区，没有正式的行政区划代码，演示数据使用 522399 表示；"
                     "乡镇、村居代码的序号为示意，并非统计用区划代码的正式序号。",
            )
            self.report.notifications += 1


def load_demo(*, today: date | None = None) -> LoadReport:
    """Create whatever of the demo prefecture is missing; refuses under production settings."""
    refuse_in_production()
    with transaction.atomic():
        loader = _Loader(today or timezone.localdate())
        loader.org()
        loader.accounts()
        loader.deadlines()
        loader.inbox()
    return loader.report


def account_lines() -> list[str]:
    """One line per demo account: username, name, what it is for, its roles."""
    lines = []
    for account in data.ACCOUNTS:
        roles = "、".join(f"{Role(r).label}/{Scope(s).label}" for r, s in account.roles)
        lines.append(f"  {account.username:<11} {account.full_name:<4}  {account.note}  [{roles}]")
    return lines
