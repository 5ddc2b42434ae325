from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.permissions import register_permissions

        from .workflow import Perm

        managing = {Perm.VIEW, Perm.MANAGE}
        register_permissions(Role.DECISION_STAFF, managing)
        register_permissions(Role.FZB_ADMIN, {Perm.VIEW})
        register_permissions(Role.COUNTY_FZB, {Perm.VIEW})
        register_permissions(Role.LEGAL_STAFF, managing)
        register_permissions(Role.REVIEWER, {Perm.VIEW, Perm.REVIEW})
        register_permissions(Role.EXPERT, {Perm.EXPERT})
        register_permissions(Role.LEADER, {Perm.VIEW})

        from fazhi.core.attachments import register_attachment_owner

        from . import selectors

        # A decision's files (drafts, hearing records, expert and risk reports, minutes) are read by those
        # who may open the decision.
        register_attachment_owner("decisions.decision", lambda user: selectors.decision_list(user=user))

        from fazhi.core.exports import ListExport
        from fazhi.core.exports import register as register_export

        from .exports import decision_list_rows

        # The decision list's export: streamed when small, written in the background when large.
        register_export("decisions.list", ListExport(title="重大行政决策", build=decision_list_rows,
                                                     page="decisions:list"))

        from fazhi.core.templatetags.fazhi_tags import register_audit_labels
        from fazhi.procedure.machine import register

        from .workflow import MACHINE

        # Every step of the procedure is declared once in the machine: its labels join the audit labels.
        register(MACHINE)
        register_audit_labels(AUDIT_LABELS)

        from . import indicators

        indicators.register_all()

        from django.urls import reverse

        from fazhi.procedure.comments import CommentDesk, register_comment_desk

        from .review import register_review

        # The legality review (第二十五条至第二十八条) is taken on the kernel's review desk.
        register_review()

        from .services import comment_desk_problems

        register_comment_desk(CommentDesk(
            model="decisions.decision", manage_perm=Perm.MANAGE, noun="决策草案", open_problems=comment_desk_problems,
            url=lambda decision: reverse("decisions:detail", kwargs={"code": decision.code})))

        from fazhi.core.context_processors import NavItem, register_nav_item
        from fazhi.core.views import register_pending_work

        from .views.decisions import pending_work

        register_pending_work(pending_work)
        section = "重大行政决策"
        for item in (
            NavItem(section, "决策事项", "decisions:list", Perm.VIEW, order=300, exact=True),
            NavItem(section, "我的决策", "decisions:mine", Perm.MANAGE, order=310),
            NavItem(section, "决策事项目录", "decisions:catalogues", Perm.VIEW, order=320),
            NavItem(section, "决策事项建议", "decisions:proposals", Perm.MANAGE, order=330),
            NavItem(section, "专家库", "decisions:expert_pool", Perm.VIEW, order=340),
            NavItem(section, "决策执行情况", "decisions:execution", Perm.VIEW, order=360),
            NavItem(section, "决策统计", "decisions:stats", Perm.VIEW, order=370),
            NavItem(section, "我的论证任务", "decisions:my_assignments", Perm.EXPERT, order=380),
        ):
            register_nav_item(item)


# The labels of events that are not steps of the machine (whose labels come from workflow.MACHINE).
AUDIT_LABELS = {
    "decisions.catalogue_create": "编制决策事项目录",
    "decisions.catalogue_publish": "公布决策事项目录",
    "decisions.create": "登记决策事项",
    "decisions.proposal_submit": "提出决策事项建议",
    "decisions.proposal_decide": "决定是否启动",
    "decisions.update": "修改决策草案",
    "decisions.expert_create": "专家入库",
    "decisions.select_expert": "选定论证专家",
    "decisions.expert_adoption": "记录专家意见采纳情况",
    "decisions.feedback_submit": "公众意见建议",
    "decisions.review_returned": "合法性审查退回补充",
    "decisions.review_opinion": "出具合法性审查意见",
    "decisions.review_confirmed": "确认按审查意见调整",
    # steps that were the module's own before the review moved to the kernel's desk (kept for old events)
    "decisions.return_for_supplement": "审查退回补充",
    "decisions.give_legality_opinion": "出具合法性审查意见",
    "decisions.confirm_changes": "确认按审查意见调整",
}
