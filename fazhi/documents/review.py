"""合法性审核 of normative documents on the kernel review desk (国办发〔2018〕115号; 优化营商环境条例 第六十三条).

The documents module says what a document's review needs — its stages (the drafting department's own 法制机构
first where it has one, then the 司法行政部门 where the rule says so: ``facts.transition_facts``), the text the
opinion binds (title and body), the period (a setting), the review checklist, the four opinions (建议不制定
included), the materials and the pre-check findings shown beside the marked text — and moves the document when
the desk returns it, forwards it or gives the opinion. The review itself is the kernel's.
"""

from fazhi.procedure.choices import ReviewOpinion, ReviewStage

# The reviewer's steps on a normative document rest on 国办发〔2018〕115号 and 优化营商环境条例 第六十三条, not on
# the major-decision decree the review machine also cites.
DOCUMENT_REVIEW = "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）三、（二）"
STEP_BASIS = {
    "claim": DOCUMENT_REVIEW, "assign": DOCUMENT_REVIEW,
    "return_for_supplement": f"{DOCUMENT_REVIEW}；《优化营商环境条例》第六十三条第二款",
    "give_opinion": f"{DOCUMENT_REVIEW}；《优化营商环境条例》第六十三条第二款",
    "confirm_changes": DOCUMENT_REVIEW,
}
OPINIONS = (ReviewOpinion.LAWFUL, ReviewOpinion.LAWFUL_AFTER_CHANGES, ReviewOpinion.UNLAWFUL,
            ReviewOpinion.ADVISE_NOT_TO_MAKE)


def _stages(doc):
    from fazhi.core.orgs import justice_bureau_for
    from fazhi.procedure.reviews import Stage

    from .facts import transition_facts

    fact = transition_facts([doc])[doc.pk]
    stages = []
    if fact.first_stage_agency is not None:
        # 国办发〔2018〕115号 三、（二）: 起草部门有法制机构的，先由其审核
        stages.append(Stage(ReviewStage.DEPARTMENT, fact.first_stage_agency))
    if fact.justice_stage:
        stages.append(Stage(ReviewStage.JUSTICE, justice_bureau_for(doc.issuing_agency),
                            missing="找不到负责合法性审核的司法行政部门，请联系管理员完善单位设置。"))
    return stages


def _text(doc):
    return doc.title, doc.body


def _period(doc) -> int:
    """审核时限 [U]: 国办发〔2018〕115号 — a setting (FAZHI_DOC_REVIEW_WORKING_DAYS), never under 5 working days."""
    from . import rules

    cfg = rules.current()
    return max(cfg.review_min_working_days, cfg.review_working_days)


def register_review():
    from fazhi.procedure.reviews import ReviewType, register_review_type

    from .checklist import CHECKLIST_ITEMS
    from .workflow import Perm

    register_review_type(ReviewType(
        model="documents.NormativeDocument", name="行政规范性文件合法性审核", noun="合法性审核", stages=_stages,
        text=_text, on_event="fazhi.documents.services.on_review_event", url="fazhi.documents.views.drafting.detail_url",
        checklist=tuple(CHECKLIST_ITEMS), opinions=OPINIONS, period_working_days=_period,
        rule_code="document_legality_review", legal_source="合法性审核时限（国办发〔2018〕115号，可配置）",
        materials="fazhi.documents.selectors.review_materials", panel="documents/desks/_review_panel.html",
        panel_context="fazhi.documents.views.desks.review_panel_context", panel_shows_text=True,
        step_basis=STEP_BASIS,
        view_perm=Perm.VIEW))
