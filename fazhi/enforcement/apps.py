from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = "行政执法"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.permissions import register_permissions
        from fazhi.procedure.machine import register

        from .workflow import COMPLAINT_MACHINE, MACHINE, TOWNSHIP_MACHINE, Perm

        register_permissions(Role.ENFORCEMENT_OFFICER, {Perm.VIEW, Perm.MANAGE})
        register_permissions(Role.LEGAL_STAFF, {Perm.VIEW, Perm.MANAGE, Perm.REGISTER})
        register_permissions(Role.ENFORCEMENT_SUPERVISOR, {Perm.VIEW, Perm.EVALUATE})
        register_permissions(Role.FZB_ADMIN, {Perm.VIEW, Perm.REGISTER, Perm.EVALUATE})
        register_permissions(Role.COUNTY_FZB, {Perm.VIEW, Perm.REGISTER, Perm.EVALUATE})
        register_permissions(Role.LEADER, {Perm.VIEW})
        register(MACHINE)
        register(TOWNSHIP_MACHINE)
        register(COMPLAINT_MACHINE)

        from .review import register_review

        register_review()

        from .indicators import register_indicators

        register_indicators()

        from fazhi.core.exports import ListExport
        from fazhi.core.exports import register as register_export

        from .exports import case_list_rows

        register_export("enforcement.cases", ListExport(title="行政处罚案件", build=case_list_rows,
                                                        page="enforcement:cases"))

        from fazhi.core.attachments import register_attachment_owner
        from fazhi.core.context_processors import NavItem, register_nav_item
        from fazhi.core.deadlines import register_rule_label
        from fazhi.core.templatetags.fazhi_tags import register_audit_labels

        from . import selectors

        register_attachment_owner("enforcement.inspection", lambda user: selectors.inspection_list(user=user))
        register_attachment_owner("enforcement.case", lambda user: selectors.case_list(user=user))
        register_attachment_owner("enforcement.investigativeact", selectors.acts_visible_to)
        register_attachment_owner("enforcement.townshipcase", lambda user: selectors.township_list(user=user))
        register_attachment_owner("enforcement.importjob", selectors.imports_visible_to)
        register_audit_labels(AUDIT_LABELS)
        for code, label in RULE_LABELS.items():
            register_rule_label(code, label)
        section = "行政执法"
        for item in (
            NavItem(section, "我的执法工作", "enforcement:home", Perm.VIEW, order=500, exact=True),
            NavItem(section, "行政处罚案件", "enforcement:cases", Perm.VIEW, order=510),
            NavItem(section, "涉企行政检查", "enforcement:inspections", Perm.VIEW, order=520),
            NavItem(section, "执法名录与基准", "enforcement:registers", Perm.VIEW, order=530,
                    match_prefix="/enforcement/registers/"),
            NavItem(section, "乡镇两违", "enforcement:townships", Perm.VIEW, order=535),
            NavItem(section, "执法异常预警", "enforcement:anomalies", Perm.VIEW, order=540),
            NavItem(section, "案卷评查", "enforcement:evaluations", Perm.VIEW, order=550),
            NavItem(section, "执法投诉举报", "enforcement:complaints", Perm.VIEW, order=555),
            NavItem(section, "批量导入", "enforcement:imports", Perm.MANAGE, order=560),
        ):
            register_nav_item(item)


AUDIT_LABELS = {
    "enforcement.create": "登记案源",
    "enforcement.body_create": "登记执法主体",
    "enforcement.officer_create": "登记执法人员",
    "enforcement.matter_create": "登记执法事项",
    "enforcement.benchmark_create": "登记裁量基准",
    "enforcement.lenient_create": "登记免罚轻罚清单事项",
    "enforcement.plan_create": "登记年度检查计划",
    "enforcement.inspection_record": "登记涉企行政检查",
    "enforcement.evaluation_create": "启动案卷评查并随机抽取案卷",
    "enforcement.evaluation_score": "评查案卷评分",
    "enforcement.evaluation_rectify": "报送评查整改情况",
    "enforcement.evaluation_close": "完成案卷评查",
    "enforcement.tw_report": "登记两违线索",
    "enforcement.import_start": "上传批量导入文件",
    "enforcement.complaint_register": "登记执法投诉举报",
    "enforcement.import_batch": "批量导入一批数据",
    "enforcement.review_opinion": "法制审核出具意见",
    "enforcement.review_returned": "法制审核退回",
}

RULE_LABELS = {
    "enforcement.decision": "作出行政处罚决定（立案后90日）",
    "enforcement.service": "送达行政处罚决定书（7日）",
    "enforcement.publication": "公示行政处罚决定（7个工作日）",
    "enforcement.legal_review": "法制审核（7个工作日）",
    "enforcement.tw_correct": "限期改正（城乡规划法第六十五条）",
    "enforcement.complaint_accept": "决定是否受理投诉举报（5个工作日）",
    "enforcement.complaint_handle": "办理投诉举报（30日）",
    "enforcement.tw_urge": "催告履行期限（行政强制法第三十五条）",
}
