"""The disputes demo: loaded after the core demo through the services, coverage near Guizhou's 58%, one county
(兴仁市) above the provincial loss-rate reference and the others below it, idempotent, refused in production."""

from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from fazhi.core import audit, calendar_admin
from fazhi.core.choices import RegionLevel, Role
from fazhi.core.errors import ServiceError
from fazhi.core.indicators import Period
from fazhi.core.models import AuditEvent, Region, User
from fazhi.disputes import indicators
from fazhi.disputes.demo import load_disputes_demo
from fazhi.disputes.models import Committee, Litigation, MediationCase, Reconsideration, Referral

GUIZHOU_2024 = Decimal("0.0939")  # 贵州高院: 2024 一审败诉率 9.39% (678/7223)


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), time_machine.travel("2026-12-03 10:00 +0800", tick=False):
        calendar_admin.seed_from_package([2025, 2026])
        call_command("load_demo", stdout=StringIO())
        out = StringIO()
        call_command("load_disputes_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo", "db")
class TestTheDisputesDemo:
    def test_it_says_what_it_loaded(self, demo):
        assert "调解委员会" in demo and "行政应诉" in demo

    def test_every_village_has_a_committee_and_about_58_percent_a_full_time_mediator(self):
        villages = Region.objects.filter(level=RegionLevel.VILLAGE)
        assert Committee.objects.filter(kind="village").count() == villages.count()
        pref = Region.objects.get(level=RegionLevel.PREFECTURE)
        figure = indicators.fulltime_coverage(pref, Period.year(2026))
        assert Decimal("0.55") <= figure.value <= Decimal("0.61")

    def test_one_county_is_above_the_reference_and_the_others_below(self):
        above = []
        for county in Region.objects.filter(level=RegionLevel.COUNTY):
            figure = indicators.loss_rate(county, Period.year(2026))
            assert figure.denominator >= 8
            if figure.value > GUIZHOU_2024:
                above.append(county.name)
        assert above == ["兴仁市"]
        from fazhi.disputes.models import ExplanationRequest

        req = ExplanationRequest.objects.get()
        assert req.county.name == "兴仁市" and req.state == "sent" and req.document_sha256

    def test_rates_fall_in_realistic_ranges(self):
        pref = Region.objects.get(level=RegionLevel.PREFECTURE)
        year = Period.year(2026)
        assert Decimal("0.05") <= indicators.loss_rate(pref, year).value <= Decimal("0.15")
        assert Decimal("0.95") <= indicators.mediation_success(pref, year).value <= Decimal("0.99")
        assert Decimal("0.75") <= indicators.appearance_rate(pref, year).value <= Decimal("0.98")
        assert Decimal("0.10") <= indicators.correction_rate(pref, year).value <= Decimal("0.30")
        assert MediationCase.objects.filter(confirm_result="valid").exists()
        assert Referral.objects.filter(kind="assigned").exists() and Referral.objects.filter(kind="entrusted").exists()
        assert Reconsideration.objects.filter(state="decided").count() > 20
        assert Litigation.objects.filter(state="closed").count() > 80

    def test_the_demo_accounts_exist_with_their_roles(self):
        for username, role in (("maling_tj", Role.MEDIATOR), ("zsfj_fy", Role.LEGAL_STAFF),
                               ("xingren_ys", Role.LEGAL_STAFF)):
            user = User.objects.get(username=username)
            assert user.role_assignments.filter(role=role).exists()

    def test_a_second_run_changes_nothing_and_the_chain_verifies(self):
        before = (AuditEvent.objects.count(), MediationCase.objects.count())
        with time_machine.travel("2026-12-03 10:00 +0800", tick=False):
            load_disputes_demo()
        assert (AuditEvent.objects.count(), MediationCase.objects.count()) == before
        assert audit.verify().ok


def test_the_demo_needs_the_core_demo_first(db, calendar):
    with pytest.raises(ServiceError) as exc:
        load_disputes_demo()
    assert "load_demo" in exc.value.message


def test_the_demo_is_refused_in_production(db, settings):
    settings.FAZHI_ENV = "production"
    with pytest.raises(ServiceError):
        load_disputes_demo()
    assert not Committee.objects.exists()

