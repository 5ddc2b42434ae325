from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    """The shared kernel of every procedure: the state machine, text versions and diffs, public comment
    calls with answers, and the review desk (合法性审核 / 合法性审查 / 法制审核) every module registers with."""

    name = "fazhi.procedure"
    label = "procedure"
    verbose_name = "程序通用组件"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.context_processors import NavItem, register_nav_item
        from fazhi.core.permissions import register_permissions
        from fazhi.core.templatetags.fazhi_tags import register_audit_labels
        from fazhi.core.views import register_pending_work

        from . import machine
        from .reviews import REVIEW_MACHINE, Perm
        from .views_review import desk_pending

        # The reviewing body's own staff: the 司法局's reviewers, a department's legal office.
        register_permissions(Role.REVIEWER, {Perm.REVIEW})
        register_permissions(Role.LEGAL_STAFF, {Perm.REVIEW})
        machine.register(REVIEW_MACHINE)
        register_audit_labels(AUDIT_LABELS)
        register_pending_work(desk_pending)
        register_nav_item(NavItem("工作台", "审核台", "procedure:review_desk", Perm.REVIEW, order=30))


AUDIT_LABELS = {
    "procedure.version_add": "形成新版本",
    "procedure.comment_call_open": "发布征求意见公告",
    "procedure.comment_call_close": "关闭征求意见",
    "procedure.comment_submit": "公众提交意见",
    "procedure.comment_enter": "录入意见",
    "procedure.comment_screen": "审核意见公开",
    "procedure.comment_answer": "答复意见",
    "procedure.comment_summary": "编写意见采纳情况",
    "procedure.comment_summary_publish": "公布意见采纳情况",
    "procedure.review_submit": "送审登记",
    "procedure.review_resubmit": "补充后重新送审",
    "procedure.review_withdraw": "撤回送审",
    "procedure.review_return": "审核退回",
    "procedure.review_opinion": "审核意见",
    "procedure.review_confirm_changes": "修改落实确认",
    "procedure.review_assign": "分配承办人",
}
