from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "fazhi.supervision"
    label = "supervision"
    verbose_name = "督促问效"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.permissions import register_permissions
        from fazhi.core.tasks import register_schedules

        from .perms import Perm
        from .tasks import SCHEDULES

        # The prefecture office issues the letters, and holds every permission it grants to the counties'
        # offices (core: a grantor must hold all of a role's permissions); a letter is answered only by the
        # unit it is addressed to (the service checks that).
        register_permissions(Role.FZB_ADMIN, {Perm.VIEW, Perm.MANAGE, Perm.ANSWER, Perm.REPORT, Perm.APPROVE})
        register_permissions(Role.COUNTY_FZB, {Perm.VIEW, Perm.ANSWER, Perm.REPORT, Perm.APPROVE})
        register_permissions(Role.LEGAL_STAFF, {Perm.VIEW, Perm.ANSWER, Perm.REPORT})
        register_permissions(Role.LEADER, {Perm.VIEW})
        register_schedules(SCHEDULES)

        from fazhi.core.views import register_role_home

        # the leader's home page is the read-only cockpit (issue 12)
        register_role_home(Role.LEADER, "supervision:cockpit")

        from . import indicators

        indicators.register()

        from fazhi.core.templatetags.fazhi_tags import register_audit_labels

        register_audit_labels(AUDIT_LABELS)

        from fazhi.procedure.machine import register

        from .workflow import LETTER_MACHINE

        register(LETTER_MACHINE)

        from fazhi.core.attachments import register_attachment_owner

        from . import reporting

        register_attachment_owner("supervision.datareport", reporting.reports_for)

        from .selectors import letters_for

        register_attachment_owner("supervision.letter", letters_for)

        from . import plans
        from .models import ProgressReport

        register_attachment_owner("supervision.progressreport",
                                  lambda user: ProgressReport.objects.filter(task__in=plans.tasks_for(user)))

        from fazhi.core.context_processors import NavItem, register_nav_item

        section = "督促问效"
        for item in (
            NavItem(section, "驾驶舱", "supervision:cockpit", Perm.VIEW, order=499),
            NavItem(section, "月监测记分卡", "supervision:scorecard", Perm.VIEW, order=500, exact=True),
            NavItem(section, "季度排名", "supervision:ranking", Perm.VIEW, order=510),
            NavItem(section, "督促函件", "supervision:letters", Perm.VIEW, order=520),
            NavItem(section, "指标体系", "supervision:scheme", Perm.VIEW, order=505),
            NavItem(section, "单位填报", "supervision:reports", Perm.REPORT, order=525),
            NavItem(section, "半年督察", "supervision:inspections", Perm.VIEW, order=522),
            NavItem(section, "年终考评", "supervision:annual", Perm.VIEW, order=523),
            NavItem(section, "规划与任务台账", "supervision:plans", Perm.VIEW, order=524),
            NavItem(section, "法治政府建设年度报告", "supervision:annual_reports", Perm.VIEW, order=526),
            NavItem(section, "监测批次", "supervision:runs", Perm.MANAGE, order=530),
        ):
            register_nav_item(item)


AUDIT_LABELS = {
    "supervision.compute": "月度监测计算",
    "supervision.recompute": "重算监测数据",
    "supervision.publish": "发布监测数据版本",
    "supervision.quarter_scores": "季度评估计分排名",
    "supervision.propose": "提出督促函件",
    "supervision.publish_scores": "发布季度排名",
    "supervision.enter_input": "录入填报或评分",
    "supervision.add_rule": "新增填报校验规则",
    "supervision.annual_report_draft": "起草法治政府建设年度报告",
    "supervision.annual_report_edit": "编辑年度报告",
    "supervision.annual_report_submit": "报送年度报告",
    "supervision.annual_report_review": "审核年度报告",
    "supervision.annual_report_publish": "登记年度报告公开",
    "supervision.plan_import": "导入规划任务",
    "supervision.task_progress": "报告任务进展",
    "supervision.milestone_done": "确认阶段目标完成",
    "supervision.annual_open": "开启年终考评",
    "supervision.annual_self": "年终考评自评",
    "supervision.annual_review": "年终考评审核",
    "supervision.annual_publish": "公布年终考评结果",
    "supervision.inspection_create": "部署督察任务",
    "supervision.finding_add": "记录督察发现问题",
    "supervision.inspection_feedback": "反馈督察结果",
    "supervision.rectification_submit": "报送督察整改情况",
    "supervision.rectification_review": "审核督察整改情况",
    "supervision.inspection_close": "督察任务办结",
    "supervision.open_reports": "开放单位填报",
    "supervision.report_save": "保存填报数据",
    "supervision.report_submit": "报送填报数据",
    "supervision.report_approve": "审核通过填报",
    "supervision.report_return": "退回填报",
}
