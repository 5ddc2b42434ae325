"""The staff 人民调解 case list's rows built as one string (core.tables): fifty rows of a dozen template nodes, a
``{% url %}`` and four ``get_*_display`` calls each cost more than the query behind them. The rows come from
``selectors.mediation_table_rows`` (plain values); the choice labels are read once."""

import unicodedata
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper (per call)

from django import template
from django.utils.text import Truncator

from fazhi.core.badges import Badges
from fazhi.core.tables import table_rows
from fazhi.core.urlcache import row_url

from ..choices import CaseSource, ConfirmResult, DisputeType, MedState, dispute_name

register = template.Library()

_STATE = Badges(MedState.choices, {MedState.SUCCESS: "text-bg-success", MedState.OPEN: "text-bg-primary"},
                other="text-bg-secondary")
_DISPUTE_NAME = {value: escape(dispute_name(value)) for value in DisputeType.values}
_SOURCE = {value: str(label) for value, label in CaseSource.choices}
_CONFIRM = {value: str(label) for value, label in ConfirmResult.choices}


def truncate_parties(text: str, length: int = 30) -> str:
    """``{{ text|truncatechars:30 }}``: ``Truncator(text).chars(30)``, whose lazy object and translated ellipsis cost
    ten microseconds a call, skipped for a text that it returns whole (no longer than ``length``, NFC-normalised as
    Truncator does)."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


@register.simple_tag
def mediation_list_rows(rows):
    """The rows of the staff mediation list's table (disputes/_mediation_table.html), from
    ``selectors.mediation_table_rows``, as one string (core.tables)."""
    return table_rows(rows, mediation_list_row, "disputes:mediation")


def mediation_list_row(case: dict, url=lambda code: row_url("disputes:mediation", code), tz=None) -> str:
    """One row of the table, every value escaped (``url``: a case's page from its code)."""
    code = case["code"]
    dispute_type = case["dispute_type"]
    received = case["received_on"].strftime("%Y-%m-%d")
    confirm = case["confirm_result"]
    confirm_html = f'<div class="small">{escape(_CONFIRM.get(confirm, confirm))}</div>' if confirm else ""
    source = case["source"]
    amount = case["amount"]
    return (
        f'<tr data-code="{escape(str(code))}">'
        f'<td class="fz-break"><a href="{escape(url(code))}">{_DISPUTE_NAME.get(dispute_type) or escape(dispute_name(dispute_type))}</a>'
        f'<div class="small text-body-secondary">{escape(truncate_parties(case["parties"]))}'
        f'<span class="d-md-none"> · {received}</span></div></td>'
        f'<td>{_STATE.html(case["state"])}{confirm_html}</td>'
        f'<td class="d-none d-md-table-cell small">{escape(_SOURCE.get(source, source))}</td>'
        f'<td class="d-none d-lg-table-cell small">{escape(case["committee__name"])}</td>'
        f'<td class="fz-num d-none d-md-table-cell">{"—" if amount is None else escape(str(amount))}</td>'
        f'<td class="d-none d-md-table-cell text-nowrap small">{received}</td></tr>')
