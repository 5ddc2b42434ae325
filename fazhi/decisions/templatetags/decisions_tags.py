"""Badges of a decision's procedural state and of the exploratory-reform flag, built directly: the decision list
shows both on each of its fifty rows, and an include per badge cost more than the rest of the row. The partials
``decisions/_state_badge.html`` and ``decisions/_exploratory_badge.html`` render through these; the list's rows
are built by ``decision_list_row``."""

from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper (per call)

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from fazhi.core.badges import Badges
from fazhi.core.tables import minutes, table_rows
from fazhi.core.urlcache import row_url

from ..choices import DecisionState, Standard

register = template.Library()

_STATE_CLASS = {
    DecisionState.CATALOGUED: "bg-light text-body-secondary border",
    DecisionState.STARTED: "text-bg-secondary",
    DecisionState.IN_REVIEW: "text-bg-warning",
    DecisionState.RETURNED: "bg-danger-subtle text-danger-emphasis border border-danger-subtle",
    DecisionState.REVIEWED: "text-bg-primary",
    DecisionState.AT_MEETING: "text-bg-primary",
    DecisionState.DECIDED: "text-bg-info",
    DecisionState.PUBLISHED: "text-bg-success",
    DecisionState.SUSPENDED: "bg-warning-subtle text-warning-emphasis border border-warning-subtle",
    DecisionState.POSTPONED: "bg-warning-subtle text-warning-emphasis border border-warning-subtle",
}
_OTHER = "text-bg-dark"
_STATE = Badges(DecisionState.choices, _STATE_CLASS, other=_OTHER)


def _exploratory_badge(d) -> str:
    return _exploratory_html(d.exploratory_reform, d.exploratory_reason)


def _exploratory_html(exploratory: bool, reason: str) -> str:
    if not exploratory:
        return ""
    reason = f"：{escape(reason)}" if reason else ""
    return ('<span class="badge text-bg-warning fz-exploratory" data-exploratory '
            f'title="国家尚无明确规定的探索性改革决策事项（第二十五条第二款）{reason}">探索性改革事项</span>')


@register.simple_tag
def decision_state_badge(d):
    return _STATE.safe(d.state)


@register.simple_tag
def exploratory_badge(d):
    """The exploratory-reform flag, shown wherever the decision appears (第二十五条第二款); "" when not set."""
    return mark_safe(_exploratory_badge(d))  # noqa: S308 — escaped in _exploratory_badge


# The list shows the catalogue standard cut to 22 characters (what |truncatechars:22 gave).
_STANDARD_SHORT = {value: Truncator(str(label)).chars(22) for value, label in Standard.choices}


@register.simple_tag
def decision_list_rows(rows):
    """The rows of the staff decision list's table (decisions/_decision_table.html), from
    ``selectors.decision_table_rows``, as one string (core.tables)."""
    return table_rows(rows, decision_list_row, "decisions:detail")


def decision_list_row(d: dict, url=lambda code: row_url("decisions:detail", code), tz=None) -> str:
    """One row of the table, every value escaped (``url``: a decision's page from its code, ``tz``: the time zone shown)."""
    badge = _exploratory_html(d["exploratory_reform"], d["exploratory_reason"])
    catalogue = f"{d['catalogue__year']}年度目录 · " if d["catalogue_id"] else ""
    organ = escape(d["decision_organ__name"])
    updated = minutes(d["updated_at"], tz)
    code = d["code"]
    return (
        f'<tr data-code="{escape(code)}">'
        f'<td class="fz-break"><a class="fw-semibold" href="{escape(url(code))}">'
        f'{escape(d["title"])}</a>{" " + badge if badge else ""}'  # the space the template put before the badge
        f'<div class="small text-body-secondary">{catalogue}'
        f'{escape(_STANDARD_SHORT.get(d["standard"], d["standard"]))}'
        f'<span class="d-md-none"> · {organ}</span></div></td>'
        f'<td class="d-none d-md-table-cell small">{organ}<div class="text-body-secondary">'
        f'{escape(d["agency__name"])}</div></td>'
        f'<td>{_STATE.html(d["state"])}</td>'
        f'<td class="d-none d-lg-table-cell text-nowrap small">{updated}</td>'
        '</tr>')
