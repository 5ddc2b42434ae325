"""The demo prefecture: what `make demo` loads, that it loads once, and never in production."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from fazhi.core import audit, calendar_admin
from fazhi.core.choices import AgencyKind, RegionLevel
from fazhi.core.demo import data, loader
from fazhi.core.models import (
    Agency,
    AuditEvent,
    Deadline,
    DeadlineEvent,
    Notification,
    Region,
    RoleAssignment,
    User,
)
from fazhi.core.validators import validate_uscc

COUNTY_CODES = {"522301", "522302", "522323", "522324", "522325", "522326", "522327", "522328", "522399"}


def run_load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def table_counts() -> dict:
    models = (Region, Agency, User, RoleAssignment, Deadline, DeadlineEvent, Notification, AuditEvent)
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the tests of a class, rolled back after them.

    Loading runs a few thousand queries through the services; the read-only tests share one load.
    Each test still runs in its own savepoint (the ``db`` fixture), so what one test writes is gone
    before the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        calendar_admin.seed_from_package([2025, 2026])
        output = run_load_demo()
        yield output
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo", "db")
class TestTheLoadedDemo:
    def test_load_demo_builds_the_prefecture_with_its_nine_county_level_units(self):
        pref = Region.objects.get(level=RegionLevel.PREFECTURE)
        assert (pref.code, pref.name) == ("522300", "黔西南布依族苗族自治州")
        counties = Region.objects.filter(level=RegionLevel.COUNTY)
        assert set(counties.values_list("code", flat=True)) == COUNTY_CODES
        assert all(c.parent_id == pref.pk for c in counties)
        assert counties.get(code="522399").name == "义龙新区"
        assert counties.get(code="522301").name == "兴义市"

    def test_every_county_has_townships_and_a_sample_of_villages_under_codes_that_extend_their_parents(self):
        for county in Region.objects.filter(level=RegionLevel.COUNTY):
            towns = Region.objects.filter(parent=county)
            assert towns.count() >= 5, county.name
            assert all(len(t.code) == 9 and t.code.startswith(county.code) for t in towns)
            assert all(t.region_path.startswith(county.region_path) for t in towns)
        villages = Region.objects.filter(level=RegionLevel.VILLAGE).select_related("parent")
        assert villages.count() >= 20
        assert all(len(v.code) == 12 and v.code.startswith(v.parent.code) for v in villages)

    def test_the_prefecture_has_its_government_office_and_at_least_twelve_departments(self):
        pref = Region.objects.get(code="522300")
        zhou_gov = Agency.objects.get(region=pref, kind=AgencyKind.GOVERNMENT)
        assert zhou_gov.doc_prefix == "黔西南府规"
        departments = set(Agency.objects.filter(region=pref, kind=AgencyKind.DEPARTMENT).values_list("name", flat=True))
        assert len(departments) >= 13
        for name in ("司法局", "自然资源局", "生态环境局", "农业农村局", "市场监督管理局", "交通运输局", "住房和城乡建设局",
                     "应急管理局", "文化广电旅游局", "卫生健康局", "人力资源和社会保障局", "综合行政执法局"):
            assert f"黔西南州{name}" in departments
        assert "黔西南州人民政府办公室" in departments

    def test_each_county_has_its_government_with_a_document_prefix_its_justice_bureau_and_township_governments(self):
        prefixes = set()
        for county in Region.objects.filter(level=RegionLevel.COUNTY):
            gov = Agency.objects.get(region=county, kind=AgencyKind.GOVERNMENT)
            assert gov.doc_prefix, gov.name
            prefixes.add(gov.doc_prefix)
            assert Agency.objects.filter(region=county, name__endswith="司法局").exists(), county.name
            assert Agency.objects.filter(region=county, kind=AgencyKind.DEPARTMENT).count() >= 10
            assert Agency.objects.filter(region__parent=county, kind=AgencyKind.TOWNSHIP_GOVERNMENT).count() >= 5
        assert len(prefixes) == 9
        assert {"兴府规", "安府规"} <= prefixes

    def test_every_agency_carries_a_valid_and_distinct_unified_social_credit_code(self):
        codes = list(Agency.objects.values_list("credit_code", flat=True))
        assert len(codes) == len(set(codes)) > 150
        for code in codes:
            validate_uscc(code)
            assert code.startswith("115223"), code  # 机构编制 · 机关, registered in 黔西南州

    def test_demo_accounts_exist_with_their_roles_and_the_published_password(self):
        for account in data.ACCOUNTS:
            user = User.objects.get(username=account.username)
            assert user.check_password(loader.DEFAULT_PASSWORD)
            assert user.must_change_password is False
            held = set(RoleAssignment.objects.filter(user=user).values_list("role", "scope"))
            assert held == {(str(r), str(s)) for r, s in account.roles}, account.username
        assert User.objects.get(username="xingyi_fzb").agency.name == "兴义市司法局"
        assert User.objects.get(username="zsthj_zf2").agency.name == "黔西南州生态环境局"
        assert User.objects.get(username="leader").agency.name == "黔西南州人民政府"

    def test_demo_accounts_can_log_in_with_the_published_password(self, client):
        assert client.login(username="fzb_admin", password="fazhi-demo-2026")

    def test_roles_are_granted_through_the_service_and_audited(self):
        grants = AuditEvent.objects.filter(action="core.role_grant")
        assert grants.count() == sum(len(a.roles) for a in data.ACCOUNTS)
        assert set(grants.values_list("actor_name", flat=True)) == {"系统"}

    def test_no_demo_deadline_points_to_a_module_that_does_not_exist(self):
        codes = set(Deadline.objects.values_list("rule_code", flat=True))
        assert not codes & {"admin_penalty.decision", "admin_review.decision", "admin_license.decision",
                            "gov_info.reply"}

    def test_demo_accounts_find_a_welcome_notification_in_their_inbox(self):
        for account in data.ACCOUNTS:
            user = User.objects.get(username=account.username)
            assert Notification.objects.filter(recipient=user, title__startswith="欢迎使用").count() == 1

    def test_the_audit_chain_is_intact_after_loading(self):
        result = audit.verify()
        assert result.ok, result.reason
        assert result.count == AuditEvent.objects.count() > 300

    def test_a_second_run_changes_nothing_and_says_so(self):
        before = table_counts()
        output = run_load_demo()
        assert "未作任何更改" in output
        assert table_counts() == before
        assert audit.verify().ok


def test_the_demo_password_comes_from_FAZHI_DEMO_PASSWORD_when_it_is_set(calendar, monkeypatch):
    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Another-demo-9")
    run_load_demo()
    assert User.objects.get(username="secadmin").check_password("Another-demo-9")
    assert "Another-demo-9" in run_load_demo("--accounts")


def test_the_first_run_reports_what_it_created(calendar):
    output = run_load_demo()
    assert output.startswith("已加载演示数据")
    assert "区划" in output and "账号 15 个" in output


def test_load_demo_refuses_to_run_under_production_settings_and_writes_nothing(db, settings):
    settings.FAZHI_ENV = "production"
    with pytest.raises(CommandError, match="生产环境"):
        run_load_demo()
    with pytest.raises(CommandError, match="生产环境"):
        run_load_demo("--accounts")
    assert Region.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_account_listing_names_every_demo_account_and_writes_nothing(db):
    output = run_load_demo("--accounts")
    for account in data.ACCOUNTS:
        assert account.username in output
    assert "fazhi-demo-2026" in output
    assert User.objects.count() == 0
