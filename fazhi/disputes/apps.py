from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "fazhi.disputes"
    label = "disputes"
    verbose_name = "矛盾纠纷化解"

    def ready(self):
        from fazhi.core.choices import Role
        from fazhi.core.permissions import register_permissions
        from fazhi.procedure.machine import register

        from .workflow import LIT_MACHINE, MED_MACHINE, RC_MACHINE, Perm

        every = {Perm.VIEW, Perm.RECONSIDER, Perm.LITIGATE, Perm.MEDIATE, Perm.COMMITTEE}
        register_permissions(Role.FZB_ADMIN, every)
        register_permissions(Role.COUNTY_FZB, every)
        register_permissions(Role.LEGAL_STAFF, {Perm.VIEW, Perm.RECONSIDER, Perm.LITIGATE})
        register_permissions(Role.MEDIATOR, {Perm.VIEW, Perm.MEDIATE})
        register_permissions(Role.LEADER, {Perm.VIEW})
        for machine in (RC_MACHINE, LIT_MACHINE, MED_MACHINE):
            register(machine)

        from .indicators import register_all

        register_all()

        from fazhi.core.context_processors import NavItem, register_nav_item
        from fazhi.core.deadlines import register_rule_label
        from fazhi.core.templatetags.fazhi_tags import register_audit_labels

        register_audit_labels(AUDIT_LABELS)
        for code, label in RULE_LABELS.items():
            register_rule_label(code, label)
        section = "矛盾纠纷化解"
        for item in (
            NavItem(section, "概览", "disputes:home", Perm.VIEW, order=600, exact=True),
            NavItem(section, "人民调解案件", "disputes:mediations", Perm.VIEW, order=610),
            NavItem(section, "诉调对接", "disputes:referrals", Perm.VIEW, order=615),
            NavItem(section, "网格上报纠纷", "disputes:grid_reports", Perm.VIEW, order=617),
            NavItem(section, "调解委员会", "disputes:committees", Perm.VIEW, order=620),
            NavItem(section, "调解员", "disputes:mediators", Perm.VIEW, order=625),
            NavItem(section, "行政复议", "disputes:reconsiderations", Perm.VIEW, order=630),
            NavItem(section, "行政应诉", "disputes:litigations", Perm.VIEW, order=640),
            NavItem(section, "败诉率情况说明", "disputes:explanations", Perm.VIEW, order=645),
            NavItem(section, "调解统计报表", "disputes:statistics", Perm.VIEW, order=650),
        ):
            register_nav_item(item)


AUDIT_LABELS = {
    "disputes.prevention_record": "登记矛盾纠纷排查预防情况",
    "disputes.application_submit": "网上提交调解或复议申请",
    "disputes.application_handle": "处理网上申请",
    "disputes.rc_register": "登记行政复议申请",
    "disputes.lit_register": "登记行政应诉案件",
    "disputes.committee_create": "登记人民调解委员会",
    "disputes.mediator_add": "登记人民调解员",
    "disputes.med_register": "登记调解案件",
    "disputes.referral_receive": "签收法院委派/委托调解",
    "disputes.referral_extend": "经当事人同意延长调解期限",
    "disputes.referral_report": "向法院反馈调解结果",
    "disputes.grid_import": "导入网格数据",
    "disputes.explanation_propose": "提出败诉率情况说明函",
    "disputes.explanation_send": "发出败诉率情况说明函",
    "disputes.explanation_answer": "报送情况说明",
    "disputes.explanation_review": "审核情况说明",
    "disputes.grid_report": "登记网格上报纠纷",
    "disputes.grid_route": "分流网格上报纠纷",
}

RULE_LABELS = {
    "disputes.rc_review": "行政复议受理审查（5个工作日）",
    "disputes.rc_supplement": "行政复议补正（10个工作日）",
    "disputes.rc_copy": "发送复议申请书副本（7个工作日）",
    "disputes.rc_copy_simple": "发送复议申请书副本（简易程序3个工作日）",
    "disputes.rc_answer": "被申请人答复（10个工作日）",
    "disputes.rc_answer_simple": "被申请人答复（简易程序5个工作日）",
    "disputes.rc_decide": "作出行政复议决定（60日）",
    "disputes.rc_decide_simple": "作出行政复议决定（简易程序30日）",
    "disputes.med_confirm": "申请司法确认（协议生效后30日）",
    "disputes.referral_assigned": "委派调解期限（30日）",
    "disputes.referral_entrusted": "委托调解期限（15日/简易7日）",
    "disputes.loss_explanation": "报送败诉率情况说明",
    "disputes.norm_handle": "附带审查处理（30日）",
    "disputes.norm_reply": "接受转送机关回复附带审查处理意见（60日）",
    "disputes.rc_opinion_reply": "报送行政复议意见书纠正情况（60日）",
    "disputes.judicial_suggestion": "书面答复司法建议（默认60日）",
}
