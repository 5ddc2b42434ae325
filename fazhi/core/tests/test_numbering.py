"""三统一 numbering: per prefix and year, strictly increasing, no gaps, no duplicates."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import AuditEvent, IssuedNumber, NumberSequence
from fazhi.core.numbering import allocate_number, format_number, numbers_for

YEAR = timezone.localdate().year


def _state():
    return (NumberSequence.objects.count(), IssuedNumber.objects.count(), AuditEvent.objects.count())


def test_the_printed_number_follows_gb_t_9704():
    assert format_number("黔西南府规", 2026, 3) == "黔西南府规〔2026〕3号"
    assert format_number("兴府规", 2026, 10) == "兴府规〔2026〕10号"


def test_serials_start_at_one_and_increase_by_one(people):
    issued = [allocate_number(actor=people.fzb_admin, prefix="黔西南府规", year=YEAR) for _ in range(3)]
    assert [n.serial for n in issued] == [1, 2, 3]
    assert issued[2].text == f"黔西南府规〔{YEAR}〕3号"
    assert issued[0].issued_by == people.fzb_admin
    assert NumberSequence.objects.get(prefix="黔西南府规", year=YEAR).last_serial == 3


def test_each_prefix_and_year_has_its_own_sequence(people):
    a1 = allocate_number(actor=None, prefix="黔西南府规", year=YEAR)
    b1 = allocate_number(actor=None, prefix="黔西南司规", year=YEAR)
    a_last_year = allocate_number(actor=None, prefix="黔西南府规", year=YEAR - 1)
    a2 = allocate_number(actor=None, prefix="黔西南府规", year=YEAR)
    assert [a1.serial, b1.serial, a_last_year.serial, a2.serial] == [1, 1, 1, 2]
    assert a_last_year.text == f"黔西南府规〔{YEAR - 1}〕1号"


def test_each_allocation_is_audited(people):
    issued = allocate_number(actor=people.fzb_admin, prefix="黔西南府规", year=YEAR, obj=people.fzb_admin.agency)
    event = AuditEvent.objects.filter(action="core.number_allocate").get()
    assert event.actor_id == people.fzb_admin.pk
    assert (event.object_type, event.object_id) == ("core.issuednumber", str(issued.pk))
    assert event.after["text"] == issued.text
    assert audit.verify().ok


def test_a_rolled_back_allocation_leaves_no_gap(people):
    with pytest.raises(RuntimeError), transaction.atomic():
        rolled_back = allocate_number(actor=people.fzb_admin, prefix="黔西南府规", year=YEAR)
        assert rolled_back.serial == 1
        raise RuntimeError("the document failed to save")
    kept = allocate_number(actor=people.fzb_admin, prefix="黔西南府规", year=YEAR)
    assert kept.serial == 1
    assert list(IssuedNumber.objects.values_list("serial", flat=True)) == [1]
    assert audit.verify().ok


def test_a_rollback_after_earlier_numbers_hands_back_only_the_last_one(people):
    allocate_number(actor=None, prefix="黔西南府规", year=YEAR)
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_number(actor=None, prefix="黔西南府规", year=YEAR)
        raise RuntimeError
    assert allocate_number(actor=None, prefix="黔西南府规", year=YEAR).serial == 2


def test_the_number_can_name_the_object_it_was_issued_for(people, org):
    issued = allocate_number(actor=None, prefix="黔西南府规", year=YEAR, obj=org.zhou_gov)
    allocate_number(actor=None, prefix="黔西南府规", year=YEAR, obj=org.anlong_gov)
    assert (issued.object_type, issued.object_id) == ("core.agency", str(org.zhou_gov.pk))
    assert list(numbers_for(org.zhou_gov)) == [issued]


def test_an_actor_without_the_issue_permission_is_refused_and_nothing_changes(people):
    before = _state()
    with pytest.raises(NotPermitted):
        allocate_number(actor=people.officer, prefix="黔西南环规", year=YEAR)
    with pytest.raises(NotPermitted):
        allocate_number(actor=people.auditor, prefix="黔西南府规", year=YEAR)
    assert _state() == before


def test_a_county_office_numbers_for_its_own_county_only(people):
    assert allocate_number(actor=people.xingyi_fzb, prefix="兴府规", year=YEAR).serial == 1
    before = _state()
    for prefix in ("黔西南府规", "安府规"):
        with pytest.raises(NotPermitted):
            allocate_number(actor=people.xingyi_fzb, prefix=prefix, year=YEAR)
    assert _state() == before


def test_a_person_cannot_number_under_an_unregistered_prefix_but_the_system_can(people):
    before = _state()
    with pytest.raises(ServiceError) as exc:
        allocate_number(actor=people.fzb_admin, prefix="黔西南农规", year=YEAR)
    assert "未登记" in exc.value.field_errors["prefix"][0]
    assert _state() == before
    assert allocate_number(actor=None, prefix="黔西南农规", year=YEAR).serial == 1


@pytest.mark.parametrize("prefix", ["", "   ", "黔西南 府规", "黔西南府规2", "黔西南〔府规", "府" * 21, None])
def test_a_malformed_prefix_is_refused_with_a_chinese_message(people, prefix):
    before = _state()
    with pytest.raises(ServiceError) as exc:
        allocate_number(actor=people.fzb_admin, prefix=prefix, year=YEAR)
    assert "发文机关代字" in exc.value.field_errors["prefix"][0]
    assert _state() == before


@pytest.mark.parametrize("year", [1999, YEAR + 2, "2026", 26.0, True, None])
def test_an_impossible_year_is_refused_with_a_chinese_message(people, year):
    before = _state()
    with pytest.raises(ServiceError) as exc:
        allocate_number(actor=people.fzb_admin, prefix="黔西南府规", year=year)
    assert "年份" in exc.value.field_errors["year"][0]
    assert _state() == before


def test_surrounding_spaces_in_the_prefix_are_ignored(people):
    assert allocate_number(actor=people.fzb_admin, prefix=" 黔西南府规 ", year=YEAR).text == f"黔西南府规〔{YEAR}〕1号"


# ------------------------------------------------------------------ concurrency (PostgreSQL)


def _run_threads(count: int, target) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            barrier.wait()
            target(n)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_give_exactly_one_to_one_hundred():
    def allocate_ten(_n: int) -> None:
        for _ in range(10):
            allocate_number(actor=None, prefix="黔西南府规", year=YEAR)

    assert _run_threads(10, allocate_ten) == []
    serials = sorted(IssuedNumber.objects.filter(prefix="黔西南府规", year=YEAR).values_list("serial", flat=True))
    assert serials == list(range(1, 101))
    assert NumberSequence.objects.get(prefix="黔西南府规", year=YEAR).last_serial == 100
    assert NumberSequence.objects.count() == 1
    assert audit.verify().ok


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_allocations_for_a_new_prefix_create_one_sequence():
    assert _run_threads(12, lambda _n: allocate_number(actor=None, prefix="新府规", year=YEAR)) == []
    assert NumberSequence.objects.filter(prefix="新府规", year=YEAR).count() == 1
    serials = sorted(IssuedNumber.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 13))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_with_rollbacks_still_leave_no_gap():
    def allocate_and_sometimes_roll_back(n: int) -> None:
        for i in range(10):
            try:
                with transaction.atomic():
                    allocate_number(actor=None, prefix="黔西南府规", year=YEAR)
                    if (n + i) % 3 == 0:
                        raise LookupError("the caller's own write failed")
            except LookupError:
                pass

    assert _run_threads(8, allocate_and_sometimes_roll_back) == []
    kept = sum(1 for n in range(8) for i in range(10) if (n + i) % 3 != 0)
    serials = sorted(IssuedNumber.objects.values_list("serial", flat=True))
    assert serials == list(range(1, kept + 1))
    assert NumberSequence.objects.get().last_serial == kept
    assert audit.verify().ok
