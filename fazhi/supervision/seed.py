"""Seed schemes (data, marked UNVERIFIED): the structure of the 市县法治政府建设示范指标体系 as the
prefecture's monthly-monitoring scheme. Figures, bands and points are placeholders until the office
checks them against the published text; every node is created with ``unverified=True``."""

from django.db import transaction

from .models import IndicatorNode, Scheme

# (number, code, name, extra) — leaves carry source/rule; parents only number/name.
SEED = [
    ("1", "gov_functions", "一、依法全面履行政府职能", {"points": 20}),
    ("1.1", "gov_functions.lists", "权责清单动态调整", {"points": 20, "source": "scored", "rule": "manual",
                                                  "rule_params": {"points": 20}, "period_type": "year"}),
    ("2", "institutions", "二、健全依法行政制度体系", {"points": 30}),
    ("2.1", "institutions.normative_docs", "行政规范性文件管理", {"points": 30}),
    ("2.1.1", "institutions.normative_docs.review", "规范性文件合法性审核率",
     {"points": 15, "source": "computed", "indicator_code": "documents.legality_review_rate", "unit": "rate",
      "green": "1", "yellow": "0.95", "target": "1", "rule": "linear",
      "rule_params": {"floor": 0.8, "ceiling": 1, "points": 15}}),
    ("2.1.2", "institutions.normative_docs.filing", "规范性文件按时报备率",
     {"points": 15, "source": "computed", "indicator_code": "documents.timely_filing_rate", "unit": "rate",
      "green": "1", "yellow": "0.9", "target": "1", "rule": "threshold",
      "rule_params": {"steps": [[1, 15], [0.9, 10], [0.8, 5]]}}),
    ("3", "decisions", "三、健全行政决策制度体系", {"points": 30}),
    ("3.1", "decisions.review", "重大行政决策讨论前合法性审查率",
     {"points": 20, "source": "computed", "indicator_code": "decisions.legality_review_before_discussion", "unit": "rate",
      "green": "1", "yellow": "0.9", "target": "1", "rule": "linear",
      "rule_params": {"floor": 0.6, "ceiling": 1, "points": 20}}),
    ("3.2", "decisions.participation", "重大行政决策公众参与未依法开展次数",
     {"points": 10, "source": "reported", "form_name": "重大行政决策公众参与情况表", "unit": "count",
      "direction": "lower", "rule": "deduction", "rule_params": {"points": 10, "per": 0.3, "cap": 1.2}}),
    ("3.3", "decisions.rectification", "督促整改按期完成率",
     {"points": 0, "source": "computed", "indicator_code": "supervision.rectification_on_time_rate", "unit": "rate",
      "green": "1", "yellow": "0.8", "target": "1", "rule": "threshold", "rule_params": {"steps": [[1, 0]]}}),
    ("4", "bonus", "四、加分与否决", {"points": 0}),
    ("4.1", "bonus.innovation", "法治政府建设创新做法获上级推广", {"points": 0, "source": "scored", "rule": "bonus",
                                                       "rule_params": {"per": 0.5, "cap": 2}, "period_type": "year"}),
    ("4.2", "bonus.veto", "发生重大违法行政行为造成恶劣影响", {"points": 0, "source": "scored", "rule": "veto",
                                                      "rule_params": {"grade_cap": "合格"}, "period_type": "year"}),
]


# 年终考评 columns of the seed leaves: (评分标准, 主要资料, 责任单位) — [U] placeholders until checked.
SHEET_COLUMNS = {
    "gov_functions.lists": ("权责清单按规定动态调整并公布的得满分，未调整的酌情扣分", "权责清单及调整文件", "州委编办"),
    "institutions.normative_docs.review": ("审核率100%得满分，80%及以下不得分，其间按比例计分", "合法性审核台账、审核意见书",
                                           "州司法局"),
    "institutions.normative_docs.filing": ("按时报备率100%得15分，90%得10分，80%得5分", "备案报告、备案登记表", "州司法局"),
    "decisions.review": ("讨论前合法性审查率100%得满分，60%及以下不得分", "决策目录、合法性审查意见", "州司法局"),
    "decisions.participation": ("每发生1次未依法开展公众参与扣0.3分，累计不超过1.2分", "听证笔录、征求意见公告",
                                "各决策承办单位"),
    "bonus.innovation": ("每项获上级推广加0.5分，最多加2分", "上级推广文件", "州委依法治州办"),
    "bonus.veto": ("发生重大违法行政行为造成恶劣影响的，不得评为优秀、良好", "查处通报", "州委依法治州办"),
}

# 单位填报 forms of the seed scheme: (code, name, node code, value field, fields, rules) — [U] placeholders.
SEED_FORMS = [
    ("participation", "重大行政决策公众参与情况表", "decisions.participation", "missed", [
        {"code": "decisions", "label": "本期作出的重大行政决策件数", "unit": "件"},
        {"code": "hearings_due", "label": "依法应当听证的件数", "unit": "件"},
        {"code": "hearings_held", "label": "已依法听证的件数", "unit": "件"},
        {"code": "missed", "label": "公众参与未依法开展次数", "unit": "次"},
        {"code": "consultations", "label": "公开征求意见次数（选填）", "unit": "次", "required": False},
    ], [
        ("已听证件数不得多于应听证件数", "hearings_held", "<=", "hearings_due", "high",
         "已听证件数大于应听证件数，请核对。"),
        ("应听证件数不得多于重大行政决策件数", "hearings_due", "<=", "decisions", "medium",
         "应听证件数大于重大行政决策件数，请核对口径。"),
        ("未依法开展次数应等于应听证未听证件数", "missed", "==", "hearings_due - hearings_held", "medium",
         "未依法开展次数与应听证未听证件数不一致。"),
    ]),
]


def seed_forms(scheme, forms=SEED_FORMS):
    from .models import ReportForm, ValidationRule

    for code, name, node_code, value_field, fields, rules in forms:
        node = scheme.nodes.filter(code=node_code).first()
        form, created = ReportForm.objects.get_or_create(
            scheme=scheme, code=code, defaults={
                "name": name, "node": node, "value_field": value_field, "fields": fields,
                "period_type": "quarter", "unit_classes": node.unit_classes if node else ["county"]})
        if created:
            ValidationRule.objects.bulk_create(
                ValidationRule(form=form, name=n, left=left, operator=o, right=right, importance=imp, instruction=ins)
                for n, left, o, right, imp, ins in rules)


@transaction.atomic
def seed_scheme(year: int, *, name: str = "黔西南州法治政府建设监测指标", unit_classes=("county", "department"),
                nodes=SEED) -> Scheme:
    """Create (or return the existing) version 1 of the seed scheme for ``year``; idempotent."""
    scheme, created = Scheme.objects.get_or_create(
        year=year, version=1,
        defaults={"name": name, "basis": "参照《市县法治政府建设示范指标体系》结构（种子数据，未核实）", "verified": False})
    if not created:
        return scheme
    by_number = {}
    for order, (number, code, label, extra) in enumerate(nodes):
        parent_number = number.rsplit(".", 1)[0] if "." in number else None
        extra = dict(extra)
        if nodes is SEED and code in SHEET_COLUMNS:
            extra["criteria"], extra["materials"], extra["responsible"] = SHEET_COLUMNS[code]
        node = IndicatorNode.objects.create(
            scheme=scheme, parent=by_number.get(parent_number), level=number.count(".") + 1, number=number,
            code=code, name=label, order=order, unit_classes=list(unit_classes), unverified=True, **extra)
        by_number[number] = node
    if nodes is SEED:
        seed_forms(scheme)
    return scheme
