"""The timeline of a document in Chinese: its audit events (selectors.timeline) with readable labels and
the essentials of what each step recorded. The audit chain is the record; this only reads it."""

from django.core.exceptions import FieldDoesNotExist

from fazhi.core.templatetags.fazhi_tags import audit_action_label
from fazhi.procedure.choices import AnswerOutcome, CommentSource, ReviewOpinion, ScreeningStatus
from fazhi.procedure.timeline import KERNEL_ACTIONS, Row, event_rows, summary
from fazhi.procedure.timeline import day as _day

from ..choices import (
    CleanupDecision,
    FairCompetitionConclusion,
    FilingReviewStatus,
    MeetingOutcome,
    MeetingType,
)
from ..models import NormativeDocument
from ..workflow import MACHINE

# (label, main step?) — main steps are the procedure's own transitions; the others are the shared desks'
# bookkeeping that happens inside them, shown smaller.
# The procedure's own steps are labelled by the machine (workflow.MACHINE); the rest here.
ACTIONS: dict[str, tuple[str, bool]] = {
    **KERNEL_ACTIONS,
    **{action: (label, True) for action, label in MACHINE.labels().items()},
    "documents.create": ("创建草稿", True),
    "documents.update": ("修改草稿", True),
    "documents.fair_competition": ("记录公平竞争审查", True),
    "documents.filing_open": ("生成报备期限", False),
    "documents.filing_escalate": ("逾期未纠正，已提请处理", True),
    "documents.filing_review_extend": ("延长备案审查期限", True),
    "documents.suggestion_submit": ("收到公民审查建议", True),
    "documents.suggestion_answer": ("答复公民审查建议", True),
    "documents.evaluation_open": ("开启有效期届满评估", True),
    "documents.precheck_mark": ("处理自动预审提示", False),
}

_CHOICE_MAPS = [ReviewOpinion, MeetingType, MeetingOutcome, FilingReviewStatus, CleanupDecision,
                FairCompetitionConclusion, AnswerOutcome, ScreeningStatus, CommentSource]


# Where two enumerations share a code ("adopted" is 审议通过 for a meeting and 采纳 for a comment), the
# action says which one it is.
_PREFERRED = {
    "procedure.comment_answer": [AnswerOutcome],
    "documents.fair_competition": [FairCompetitionConclusion],
    "documents.evaluate": [CleanupDecision],
    "documents.deliberate": [MeetingOutcome, MeetingType],
}


def _label(value, action: str = "") -> str:
    """The Chinese label of a choice code, whichever enumeration it belongs to; other values as text."""
    if isinstance(value, bool):
        return "是" if value else "否"
    for choices in _PREFERRED.get(action, []) + _CHOICE_MAPS:
        if value in choices.values:
            return choices(value).label
    return str(value)


def _field_label(name: str) -> str:
    try:
        return str(NormativeDocument._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # an old event may name a field that no longer exists
        return name


# Keys of ``after`` worth showing, in order, each with how to say it.
_KEYS = [
    ("title", lambda v, a: f"文件名称：{v}"),
    ("number", lambda v, a: f"文号：{v}"),
    ("publication_date", lambda v, a: f"公布日期：{_day(v)}"),
    ("effective_date", lambda v, a: f"施行日期：{_day(v)}"),
    ("expiry_date", lambda v, a: f"有效期至：{_day(v)}"),
    ("start", lambda v, a: f"开始：{_day(v)}"),
    ("end", lambda v, a: f"截止：{_day(v)}"),
    ("shortened_reason", lambda v, a: f"缩短期限的理由：{v}"),
    ("version", lambda v, a: f"第 {v} 版"),
    ("round", lambda v, a: f"第 {v} 轮"),
    ("reviewer", lambda v, a: f"审核机构：{v}"),
    ("due", lambda v, a: f"期限：{_day(v)}"),
    ("findings", lambda v, a: f"自动预审提示 {v} 处"),
    ("opinion", lambda v, a: f"意见：{_label(v, a)}"),
    ("required_changes", lambda v, a: f"修改要求：{v}"),
    ("meeting_type", lambda v, a: _label(v, a)),
    ("meeting_date", lambda v, a: f"会议日期：{_day(v)}"),
    ("outcome", lambda v, a: f"结果：{_label(v, a)}"),
    ("conclusion", lambda v, a: f"结论：{_label(v, a)}"),
    ("decision", lambda v, a: f"清理意见：{_label(v, a)}"),
    ("review_status", lambda v, a: f"审查结果：{_label(v, a)}"),
    ("authority", lambda v, a: f"备案审查机关：{v}"),
    ("filed_on", lambda v, a: f"报备日期：{_day(v)}"),
    ("late", lambda v, a: "逾期报备" if v else "按期报备"),
    ("source", lambda v, a: f"来源：{_label(v, a)}"),
    ("screening", lambda v, a: _label(v, a)),
    ("ids", lambda v, a: f"{len(v)} 条意见" if isinstance(v, list) else ""),
    ("comments", lambda v, a: f"共 {v} 条意见"),
    ("reason", lambda v, a: f"理由：{v}"),
    ("note", lambda v, a: f"说明：{v}"),
]


def describe(action: str, before, after) -> str:
    """The essentials of one event in a line of Chinese."""
    if action == "documents.update" and isinstance(before, dict) and isinstance(after, dict):
        changed = [_field_label(k) for k in after if before.get(k) != after.get(k) and k != "state"]
        return f"修改：{'、'.join(changed)}" if changed else "修改正文或说明"
    if not isinstance(after, dict):
        return ""
    if action == "documents.create":
        return f"文件名称：{after.get('title', '')}"
    return summary(after, _KEYS, action)


def rows(events) -> list[Row]:
    return event_rows(events, describe=describe,
                      label=lambda action: ACTIONS.get(action, (audit_action_label(action), False)))
