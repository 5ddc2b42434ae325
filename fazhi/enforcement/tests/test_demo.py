"""The enforcement demo: loaded after the core demo through the services, every state present, the accounts
the issue names, the repeated-inspection flag, idempotent, refused in production."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from fazhi.core import audit, calendar_admin
from fazhi.core.models import User
from fazhi.enforcement.choices import CaseState
from fazhi.enforcement.models import Case, Inspection, Officer


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), time_machine.travel("2026-12-03 10:00 +0800", tick=False):
        calendar_admin.seed_from_package([2025, 2026])
        call_command("load_demo", stdout=StringIO())
        out = StringIO()
        call_command("load_enforcement_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("demo", "db")
class TestTheEnforcementDemo:
    def test_it_says_what_it_loaded_and_a_second_run_changes_nothing(self, demo):
        assert "行政处罚案件" in demo
        before = Case.objects.count()
        out = StringIO()
        call_command("load_enforcement_demo", stdout=out)
        assert "未重复加载" in out.getvalue() and Case.objects.count() == before

    def test_cases_in_the_main_states_and_the_named_accounts(self):
        states = set(Case.objects.values_list("state", flat=True))
        for state in (CaseState.SOURCE, CaseState.REGISTERED, CaseState.INVESTIGATING, CaseState.NOTIFIED,
                      CaseState.LEGAL_REVIEW, CaseState.DECIDED, CaseState.PUBLISHED, CaseState.CLOSED):
            assert state in states, state
        township = User.objects.get(username="xingyi_dsz_zf")
        assert township.agency.kind == "township"
        assert Case.objects.filter(agency=township.agency).exists()
        assert Officer.objects.filter(user__username="zsthj_zf1").exists()

    def test_published_cases_carry_redacted_text_and_the_repeat_warning_exists(self):
        published = Case.objects.exclude(published_on=None)
        assert published.exists() and all(c.published_text for c in published)
        assert Inspection.objects.exclude(warnings=[]).exists()

    def test_the_audit_chain_holds(self):
        assert audit.verify().ok

    def test_an_evaluation_round_with_scored_and_waiting_files(self):
        from fazhi.enforcement.models import EvaluationRound

        rnd = EvaluationRound.objects.get()
        grades = set(rnd.samples.values_list("grade", flat=True))
        assert {"excellent", "fail"} <= grades

    def test_the_township_has_two_violation_cases_in_several_states(self):
        from fazhi.enforcement.models import TownshipCase

        states = set(TownshipCase.objects.values_list("state", flat=True))
        assert {"ordered", "corrected", "announced", "transferred"} <= states

    def test_complaints_in_three_states(self):
        from fazhi.enforcement.models import Complaint

        assert set(Complaint.objects.values_list("state", flat=True)) == {"received", "accepted", "closed"}
