"""The case list as an export (core/exports.py): the rows the list shows, scoped and filtered alike — streamed
when small, written in the background when a county's or the province's list runs to many thousands."""

from .filtersets import CaseFilterSet

CASE_COLUMNS = [
    ("案号", lambda c: c.number),
    ("执法机关", lambda c: c.agency.name),
    ("执法事项", lambda c: f"{c.matter.code} {c.matter.name}"),
    ("程序", lambda c: c.get_procedure_display()),
    ("状态", lambda c: c.get_state_display()),
    ("当事人", lambda c: c.party_name),
    ("当事人类别", lambda c: c.get_party_kind_display()),
    ("发现日期", lambda c: c.discovered_on),
    ("立案日期", lambda c: c.registered_on),
    ("决定日期", lambda c: c.decided_on),
    ("处罚种类", lambda c: c.get_penalty_kind_display() if c.penalty_kind else ""),
    ("罚款金额（元）", lambda c: float(c.fine_amount) if c.fine_amount is not None else ""),
]


def case_list_rows(user, query):
    """(rows newest first, columns) of the case list for ``user`` filtered by ``query`` (nothing when the filter
    is invalid, like the page)."""
    from . import selectors

    queryset = selectors.case_rows(user=user)
    filterset = CaseFilterSet(query or None, queryset=queryset)
    if filterset.is_bound:
        queryset = filterset.qs if filterset.is_valid() else queryset.none()
    return queryset.order_by("-id"), CASE_COLUMNS
