"""Badges of a decision's procedural state and of the exploratory-reform flag, built directly: the decision list
shows both on each of its fifty rows, and an include per badge cost more than the rest of the row. The partials
``decisions/_state_badge.html`` and ``decisions/_exploratory_badge.html`` render through these; the list's rows
are built by ``decision_list_row``."""

from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper (per call)

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import template_localtime

from fazhi.core.badges import Badges
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


def _state_badge(d) -> str:
    return _STATE.html(d.state)


def _exploratory_badge(d) -> str:
    if not d.exploratory_reform:
        return ""
    reason = f"：{escape(d.exploratory_reason)}" if d.exploratory_reason else ""
    return ('<span class="badge text-bg-warning fz-exploratory" data-exploratory '
            f'title="国家尚无明确规定的探索性改革决策事项（第二十五条第二款）{reason}">探索性改革事项</span>')


@register.simple_tag
def decision_state_badge(d):
    return mark_safe(_state_badge(d))  # noqa: S308 — escaped in _state_badge


@register.simple_tag
def exploratory_badge(d):
    """The exploratory-reform flag, shown wherever the decision appears (第二十五条第二款); "" when not set."""
    return mark_safe(_exploratory_badge(d))  # noqa: S308 — escaped in _exploratory_badge


# The list shows the catalogue standard cut to 22 characters (what |truncatechars:22 gave).
_STANDARD_SHORT = {value: Truncator(str(label)).chars(22) for value, label in Standard.choices}


@register.simple_tag
def decision_list_row(d):
    """One row of the staff decision list (decisions/_decision_table.html), built directly: rendered through
    the template engine, fifty rows of twenty nodes each cost a quarter of the page."""
    badge = _exploratory_badge(d)
    catalogue = f"{d.catalogue.year}年度目录 · " if d.catalogue_id else ""
    organ = escape(d.decision_organ.name)
    updated = template_localtime(d.updated_at).strftime("%Y-%m-%d %H:%M")
    return mark_safe(  # noqa: S308 — every value escaped here
        f'<tr data-code="{escape(d.code)}">'
        f'<td class="fz-break"><a class="fw-semibold" href="{escape(row_url("decisions:detail", d.code))}">'
        f'{escape(d.title)}</a>{" " + badge if badge else ""}'  # the space the template put before the badge
        f'<div class="small text-body-secondary">{catalogue}{escape(_STANDARD_SHORT.get(d.standard, d.standard))}'
        f'<span class="d-md-none"> · {organ}</span></div></td>'
        f'<td class="d-none d-md-table-cell small">{organ}<div class="text-body-secondary">{escape(d.agency.name)}'
        '</div></td>'
        f'<td>{_state_badge(d)}</td>'
        f'<td class="d-none d-lg-table-cell text-nowrap small">{updated}</td>'
        '</tr>')
