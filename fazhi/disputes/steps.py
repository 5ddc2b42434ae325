"""The inputs of every step of the three machines, declared once; forms.py and api.py build the page
form and the API serializer of each from here (so that the two can never disagree)."""

from . import choices as c

D, T, S, N, B, C = "date", "text", "short", "int", "bool", "choice"

STEPS = {
    "Supplement": [("items", T, "需要补正的事项（一次性载明）", None), ("notified_on", D, "补正通知送达日", None)],
    "Dated": [("on", D, "日期", None)],
    "Extend": [("days", N, "延长的工作日数", None), ("reason", T, "正当理由", None)],
    "Accept": [("procedure", C, "审理程序", c.RcProcedure.choices),
               ("simple_ground", C, "适用简易程序的情形", c.SimpleGround.choices), ("on", D, "受理日", None)],
    "Reason": [("reason", T, "理由", None), ("on", D, "日期", None)],
    "Copy": [("sent_on", D, "发送日", None), ("served_on", D, "被申请人收到日", None)],
    "RcExtend": [("days", N, "延长日数（最多三十日）", None), ("approved_by", S, "批准的负责人", None),
                 ("reason", T, "情况复杂的理由", None)],
    "Suspend": [("ground", C, "中止情形", c.SuspendGround.choices), ("on", D, "中止日", None)],
    "Terminate": [("ground", C, "终止情形", c.TerminateGround.choices), ("on", D, "终止日", None)],
    "Decide": [("decision", C, "复议决定", c.RcDecision.choices), ("summary", T, "决定要旨", None),
               ("on", D, "决定日", None)],
    "Appearance": [("hearing_on", D, "开庭日", None), ("head_rank", C, "出庭负责人", c.HeadRank.choices),
                   ("head_name", S, "负责人姓名", None), ("head_required", B, "属于应当出庭的情形", None),
                   ("head_required_why", C, "应当出庭的情形", c.RequiredWhy.choices),
                   ("staff_appeared", B, "相应工作人员出庭", None), ("lawyer_only", B, "仅委托律师出庭", None),
                   ("absence_reason", C, "不能出庭的理由", c.AbsenceReason.choices),
                   ("absence_proof", S, "证明材料", None)],
    "IssueLetter": [("kind", C, "类别", c.LetterKind.choices),
                    ("addressee", C, "制发对象", c.LetterAddressee.choices),
                    ("other_agency", S, "其他下级行政机关（名称）", None), ("content", T, "主要内容", None),
                    ("copied_to", S, "抄告的上一级主管部门（名称，第七十九条第二款）", None), ("on", D, "制发日期", None)],
    "LetterReply": [("letter", N, "意见书、建议书序号", None), ("reply", T, "纠正或采纳情况", None),
                    ("on", D, "报送日期", None)],
    "LetterMeasure": [("letter", N, "意见书序号", None), ("measure", C, "督促措施", c.LetterMeasure.choices),
                      ("due_on", D, "限期履行至（责令限期履行时填写）", None), ("note", T, "情况", None),
                      ("on", D, "日期", None)],
    "Suggestion": [("content", T, "司法建议内容", None), ("on", D, "收到日期", None)],
    "SuggestionAnswer": [("suggestion", N, "司法建议序号", None), ("answer", T, "答复及处理情况", None),
                         ("on", D, "答复日期", None)],
    "LitClose": [("closure", C, "结案方式", c.Closure.choices), ("on", D, "结案日", None)],
    "MedEnd": [("reason", T, "原因", None), ("other_channels", S, "告知的其他途径", None), ("on", D, "日期", None)],
    "Agreement": [("agreement_form", C, "协议形式", c.AgreementForm.choices), ("agreement_text", T, "协议内容", None),
                  ("on", D, "协议生效日", None)],
    "Performance": [("performance", C, "履行情况", c.Performance.choices)],
    "ConfirmResult": [("result", C, "裁定结果", c.ConfirmResult.choices)],
}
OPTIONAL = {"other_agency", "copied_to", "due_on", "note",
            "on", "notified_on", "sent_on", "served_on", "head_name", "head_required_why", "absence_reason",
            "absence_proof", "other_channels", "simple_ground", "head_rank"}
