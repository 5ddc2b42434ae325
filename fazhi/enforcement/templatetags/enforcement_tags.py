"""The rows of the staff case list's table (enforcement/_case_table.html) built as one string (core.tables): a
template node per cell and ``get_FOO_display()`` per row cost more than the page's query."""

import uuid
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper (per call)

from django import template

from fazhi.core.badges import Badges
from fazhi.core.tables import table_rows
from fazhi.core.urlcache import row_url

from ..choices import CaseState, Procedure

register = template.Library()

_STATE_CLASS = {
    CaseState.CLOSED: "text-bg-success",
    CaseState.DROPPED: "text-bg-secondary",
    CaseState.LEGAL_REVIEW: "text-bg-warning",
    CaseState.HEARING: "text-bg-warning",
}
_STATE = Badges(CaseState.choices, _STATE_CLASS, other="text-bg-primary")
# Built once: the badge of each state, the escaped label of each procedure.
_STATE_HTML = {value: _STATE.html(value) for value in CaseState.values}
_PROCEDURE_HTML = {value: escape(str(label)) for value, label in Procedure.choices}


@register.simple_tag
def case_list_rows(rows):
    """The rows of the table, from ``selectors.case_table_rows``, as one string (core.tables)."""
    return table_rows(rows, case_list_row, "enforcement:case")


def case_list_row(c: dict, url=lambda code: row_url("enforcement:case", code), tz=None) -> str:
    """One row of the table, every value escaped (``url``: a case's page from its code; ``tz`` unused: no times)."""
    code = c["code"]
    # A UUID's text is hex digits and hyphens, and a Decimal's digits, sign and point: nothing in them to escape.
    code = str(code) if isinstance(code, uuid.UUID) else escape(str(code))
    fine = c["fine_amount"]
    registered = c["registered_on"]
    state, procedure = c["state"], c["procedure"]
    return (
        f'<tr data-code="{code}">'
        f'<td class="fz-break"><a href="{escape(url(code))}">{escape(c["number"] or "（案源）")}</a>'
        f'<div class="small text-body-secondary">{escape(c["party_name"])} · '
        f'{_PROCEDURE_HTML.get(procedure) or escape(procedure)}</div></td>'
        f'<td>{_STATE_HTML.get(state) or _STATE.html(state)}</td>'
        f'<td class="d-none d-md-table-cell small">{escape(c["matter__name"])}</td>'
        f'<td class="d-none d-lg-table-cell small">{escape(c["agency__name"])}</td>'
        f'<td class="fz-num d-none d-md-table-cell">{"—" if fine is None else fine}</td>'
        f'<td class="d-none d-md-table-cell text-nowrap small">{registered.isoformat() if registered else "—"}</td>'
        '</tr>')
