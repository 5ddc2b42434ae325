"""The validity derived in SQL (selectors.ValidityOf) gives what validity_of gives, on each step's edge day: selected,
filtered, in a subquery and grouped, on SQLite and PostgreSQL alike."""

from datetime import date, timedelta

import pytest
from django.db.models import Count

from fazhi.documents.choices import DocumentState, Validity
from fazhi.documents.models import NormativeDocument
from fazhi.documents.selectors import validity_of, with_validity

EDGE = date(2026, 5, 1)  # a Friday before the 劳动节 holiday: the derivation counts calendar days, not working days

# (what is stored besides a publication on 2026-01-15, the validity on EDGE)
CASES = [
    ({"state": DocumentState.DRAFTING, "publication_date": None}, Validity.UNPUBLISHED),
    ({"publication_date": None}, Validity.UNPUBLISHED),
    ({"publication_date": EDGE}, Validity.IN_FORCE),  # published today: in force from today
    ({"revoked_on": EDGE, "repealed_on": EDGE, "amended_on": EDGE}, Validity.REVOKED),
    ({"repealed_on": EDGE, "invalid_from": EDGE}, Validity.REPEALED),
    ({"invalid_from": EDGE}, Validity.EXPIRED),
    ({"effective_date": EDGE}, Validity.IN_FORCE),  # takes effect today
    ({"expiry_date": EDGE}, Validity.IN_FORCE),  # its last day
    ({"amended_on": EDGE, "expiry_date": EDGE + timedelta(days=400)}, Validity.AMENDED),
    ({}, Validity.IN_FORCE),
]


@pytest.fixture
def documents(walker):
    """One published document per case (the first kept as a draft), dates written straight to the rows."""
    docs = []
    for i, (stored, _) in enumerate(CASES):
        doc = walker.draft(title=f"兴义市效力推算测试办法（第{i}号）")
        values = {"state": DocumentState.PUBLISHED, "publication_date": date(2026, 1, 15),
                  "effective_date": date(2026, 1, 15), "expiry_date": date(2031, 1, 14), "revoked_on": None,
                  "repealed_on": None, "invalid_from": None, "amended_on": None, **stored}
        NormativeDocument.objects.filter(pk=doc.pk).update(**values)
        docs.append(NormativeDocument.objects.get(pk=doc.pk))
    return docs


def test_the_sql_validity_is_validity_of_the_day_before_on_and_after_each_edge(documents):
    assert [validity_of(doc, EDGE) for doc in documents] == [expected for _, expected in CASES]
    ids = [doc.pk for doc in documents]
    for today in (EDGE - timedelta(days=1), EDGE, EDGE + timedelta(days=1)):
        rows = dict(with_validity(NormativeDocument.objects.filter(pk__in=ids), today).values_list("pk", "validity"))
        assert rows == {doc.pk: validity_of(doc, today) for doc in documents}, today


def test_it_filters_in_a_subquery_and_groups_as_it_selects(documents):
    ids = [doc.pk for doc in documents]
    scoped = with_validity(NormativeDocument.objects.filter(pk__in=ids), EDGE)
    for validity in Validity.values:
        expected = {doc.pk for doc in documents if validity_of(doc, EDGE) == validity}
        assert set(scoped.filter(validity=validity).values_list("pk", flat=True)) == expected, validity
        inner = scoped.filter(validity=validity).values("pk")
        assert set(NormativeDocument.objects.filter(pk__in=inner).values_list("pk", flat=True)) == expected, validity
    grouped = dict(scoped.order_by().values("validity").annotate(n=Count("pk")).values_list("validity", "n"))
    assert grouped == {Validity.UNPUBLISHED: 2, Validity.IN_FORCE: 4, Validity.REVOKED: 1, Validity.REPEALED: 1,
                       Validity.EXPIRED: 1, Validity.AMENDED: 1}
