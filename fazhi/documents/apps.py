from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "fazhi.documents"
    label = "documents"
    verbose_name = "行政规范性文件"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.permissions import P, register_permissions

        from .workflow import Perm

        drafting = {Perm.VIEW, Perm.DRAFT, P.ISSUE_NUMBER}
        register_permissions(Role.FZB_ADMIN, drafting | {Perm.FILING_REVIEW, Perm.CLEANUP, Perm.REGISTER})
        register_permissions(Role.COUNTY_FZB, drafting | {Perm.FILING_REVIEW, Perm.CLEANUP, Perm.REGISTER})
        # a department's 法制机构 drafts and reviews its own department's documents first (国办发〔2018〕115号)
        register_permissions(Role.LEGAL_STAFF, drafting | {Perm.REVIEW})
        register_permissions(Role.DRAFTER, drafting)
        # 三统一: the 司法局's staff register adopted documents (统一登记); the government office may by setting
        register_permissions(Role.REVIEWER, {Perm.VIEW, Perm.REVIEW, Perm.FILING_REVIEW, Perm.REGISTER})
        register_permissions(Role.LEADER, {Perm.VIEW})
        # The government office records its government's decisions, among them a decision to revoke a
        # document on the 备案审查 body's proposal (地方组织法 第七十三条第三项).
        register_permissions(Role.DECISION_STAFF, {Perm.REVOKE, Perm.REGISTER})
        register_permissions(Role.ENFORCEMENT_SUPERVISOR, {Perm.VIEW})

        from fazhi.core.attachments import register_attachment_owner

        from . import selectors

        # A document's files (drafts, fair-competition forms, filing reports, the signed text) are read
        # by those who may open the document; a campaign's by those who see the campaign.
        register_attachment_owner("documents.normativedocument", lambda user: selectors.document_list(user=user))
        register_attachment_owner("documents.cleanupcampaign", lambda user: selectors.campaign_list(user=user))

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
        from .services import comment_desk_problems, comment_summary_published

        # The legality review (国办发〔2018〕115号) is taken on the kernel's review desk.
        register_review()

        from fazhi.core.exports import ListExport
        from fazhi.core.exports import register as register_export

        from .exports import document_list_rows

        # The document list's export: streamed when small, written in the background when large.
        register_export("documents.list", ListExport(title="规范性文件", build=document_list_rows, page="documents:list"))

        register_comment_desk(CommentDesk(
            model="documents.normativedocument", manage_perm=Perm.DRAFT, open_problems=comment_desk_problems,
            on_summary=comment_summary_published,
            url=lambda doc: reverse("documents:detail", kwargs={"code": doc.code})))

        from fazhi.core.tasks import register_schedules

        from .tasks import SCHEDULES

        register_schedules(SCHEDULES)

        from fazhi.core.views import register_pending_work

        from .views.desks import desk_pending

        register_pending_work(desk_pending)

        from fazhi.core.context_processors import NavItem, register_nav_item

        section = "规范性文件"
        for item in (
            NavItem(section, "文件库", "documents:list", Perm.VIEW, order=200, exact=True),
            NavItem(section, "我的起草", "documents:my_drafts", Perm.DRAFT, order=210),
            NavItem(section, "备案审查台", "documents:filing_desk", Perm.FILING_REVIEW, order=230),
            NavItem(section, "公民审查建议", "documents:suggestions", Perm.FILING_REVIEW, order=240),
            NavItem(section, "统一登记簿", "documents:register", Perm.REGISTER, order=245),
            NavItem(section, "文件清理", "documents:campaigns", Perm.VIEW, order=250),
            NavItem(section, "上位法", "documents:upper_laws", Perm.VIEW, order=260),
            NavItem(section, "统计分析", "documents:stats", Perm.VIEW, order=270),
        ):
            register_nav_item(item)


# The labels of events that are not steps of the machine (whose labels come from workflow.MACHINE).
AUDIT_LABELS = {
    "documents.create": "起草文件",
    "documents.update": "修改文件",
    "documents.fair_competition": "记录公平竞争审查",
    "documents.filing_open": "生成报备期限",
    "documents.filing_escalate": "逾期未纠正提请处理",
    "documents.suggestion_submit": "收到公民审查建议",
    "documents.suggestion_answer": "答复审查建议",
    "documents.evaluation_open": "开启有效期届满评估",
    "documents.campaign_create": "发起文件清理",
    "documents.campaign_publish": "公布清理结果",
    "documents.upper_law_mark": "标记上位法修改或废止",
    "documents.upper_law_create": "登记上位法",
    "documents.filing_review_extend": "延长备案审查期限",
    "documents.precheck_mark": "确认或排除预审提示",
    "documents.repealed_by": "被新文件废止",
    "documents.amended_by": "被新文件修改",
    "documents.review_returned": "合法性审核退回补充材料",
    "documents.review_opinion": "出具合法性审核意见",
    "documents.review_forwarded": "部门法制机构审核通过，送司法行政部门审核",
    "documents.review_confirmed": "确认修改落实",
    # steps that were the module's own before the review moved to the kernel's desk (kept for old events)
    "documents.return_for_supplement": "退回补充材料",
    "documents.give_opinion": "出具合法性审核意见",
    "documents.confirm_changes": "确认修改落实",
}
