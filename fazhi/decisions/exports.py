"""The decision list as an export (core/exports.py): the same scoped, filtered, sorted rows as the page, streamed
when the list is small and written by a background task (progress page, link in the inbox) when it is large."""

from operator import itemgetter

from fazhi.core.paging import OBJECT_SORTS, sort_from

from .choices import DecisionState
from .filtersets import DecisionFilterSet

_STATE = {value: str(label) for value, label in DecisionState.choices}

# Plain values, not model instances with their catalogue and agencies (see documents/exports.py).
EXPORT_FIELDS = ("code", "title", "decision_organ__name", "agency__name", "catalogue_id", "catalogue__year", "state",
                 "exploratory_reform", "requires_public_participation", "requires_expert_argumentation",
                 "requires_risk_assessment", "started_on", "decided_on", "published_on", "updated_at")
DECISION_COLUMNS = [
    ("编码", itemgetter("code")),
    ("决策事项", itemgetter("title")),
    ("决策机关", itemgetter("decision_organ__name")),
    ("牵头承办单位", itemgetter("agency__name")),
    ("所属目录", lambda d: f"{d['catalogue__year']}年度" if d["catalogue_id"] else ""),
    ("办理状态", lambda d: _STATE.get(d["state"], d["state"])),
    ("探索性改革事项", itemgetter("exploratory_reform")),
    ("需公众参与", itemgetter("requires_public_participation")),
    ("需专家论证", itemgetter("requires_expert_argumentation")),
    ("需风险评估", itemgetter("requires_risk_assessment")),
    ("启动日期", itemgetter("started_on")),
    ("决定日期", itemgetter("decided_on")),
    ("公布日期", itemgetter("published_on")),
    ("更新时间", itemgetter("updated_at")),
]


def decision_list_rows(user, query):
    """(rows in the page's order, columns) of the decision list for ``user`` filtered by ``query``."""
    from . import selectors

    queryset = selectors.decision_list(user=user)
    filterset = DecisionFilterSet(query or None, queryset=queryset)
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else queryset.none()  # as the page
    ordering = sort_from(query, OBJECT_SORTS, "-updated_at")[1]
    return rows.order_by(*ordering).values(*EXPORT_FIELDS), DECISION_COLUMNS
