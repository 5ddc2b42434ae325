"""The letter ladder 提示函 → 通报 → 约谈 → 问责, as one kernel machine.

Legal basis: 《法治政府建设与责任落实督察工作规定》(厅字〔2019〕28号): 第八条(九)/第九条(十一) — 对工作不力、
问题较多的下级政府或部门应当及时约谈、责令整改、通报批评; 第十三条(三) 约谈; 第十八条 督促限期整改，被督察单位按照
要求整改并及时报告整改情况; 第十九条 通报; 第三十条 约谈制度; 第二十九条、第三十二条(三) 未按照要求整改的责任追究.
The 提示函 rung itself is local practice (no national text; supervision-disputes.md §5 [U]).
"""

from django.db import models

from fazhi.procedure.machine import Machine, Transition, basis

from .choices import LetterState as S
from .perms import Perm

RULE = "法治政府建设与责任落实督察工作规定"
SVC = "fazhi.supervision.letters"


class LetterStates(models.TextChoices):
    PROPOSED = S.PROPOSED
    ISSUED = S.ISSUED
    ANSWERED = S.ANSWERED
    RETURNED = S.RETURNED
    CLOSED = S.CLOSED
    ESCALATED = S.ESCALATED
    DISMISSED = S.DISMISSED


def _can_escalate(letter, facts):
    if letter.kind == "accountability":
        return ["问责已是最后一级，不能再升级。"]
    return []


def _is_interview(letter, facts):
    reasons = [] if letter.kind == "interview" else ["仅约谈可记录约谈情况。"]
    if letter.kind == "interview" and hasattr(letter, "interview"):
        reasons.append("约谈情况已记录。")
    return reasons


def _is_accountability(letter, facts):
    return [] if letter.kind == "accountability" else ["仅问责建议可记录问责决定。"]


LETTER_MACHINE = Machine(
    app="supervision", model="supervision.Letter", subject="letter", states=S,
    transitions=[
        Transition("confirm", "确认并发出", {S.PROPOSED}, Perm.MANAGE, basis(RULE, "第八条", "第十八条"),
                   f"{SVC}.confirm", form="fazhi.supervision.forms.ConfirmLetterForm", input="fazhi.supervision.api.LetterConfirmInput", target=S.ISSUED, done="函件已编号、生成并送达受文单位。"),
        Transition("dismiss", "不予发出", {S.PROPOSED}, Perm.MANAGE, basis(RULE, "第八条"),
                   f"{SVC}.dismiss", form="fazhi.supervision.forms.ReasonForm", input="fazhi.supervision.api.LetterReasonInput", target=S.DISMISSED, danger=True),
        Transition("answer", "报送整改报告", {S.ISSUED, S.RETURNED}, Perm.ANSWER, basis(RULE, "第十八条"),
                   f"{SVC}.answer", form="fazhi.supervision.forms.AnswerForm", input="fazhi.supervision.api.LetterAnswerInput", target=S.ANSWERED),
        Transition("accept", "审核通过并销号", {S.ANSWERED}, Perm.MANAGE, basis(RULE, "第十八条"),
                   f"{SVC}.accept", form="fazhi.supervision.forms.NoteForm", input="fazhi.supervision.api.LetterNoteInput", target=S.CLOSED),
        Transition("return_answer", "退回整改报告", {S.ANSWERED}, Perm.MANAGE, basis(RULE, "第十八条"),
                   f"{SVC}.return_answer", form="fazhi.supervision.forms.ReturnForm", input="fazhi.supervision.api.LetterReturnInput", target=S.RETURNED),
        Transition("escalate", "升级至下一级", {S.ISSUED, S.RETURNED, S.ANSWERED}, Perm.MANAGE,
                   basis(RULE, "第八条", "第十九条", "第三十条", "第三十二条"),
                   f"{SVC}.escalate", form="fazhi.supervision.forms.ReasonForm", input="fazhi.supervision.api.LetterReasonInput", target=S.ESCALATED, guard=_can_escalate, danger=True),
        Transition("record_interview", "记录约谈情况", {S.ISSUED, S.ANSWERED, S.RETURNED}, Perm.MANAGE,
                   basis(RULE, "第十三条", "第三十条"), f"{SVC}.record_interview",
                   form="fazhi.supervision.forms.InterviewForm", input="fazhi.supervision.api.LetterInterviewInput", guard=_is_interview, done="约谈情况已记录。"),
        Transition("decide_accountability", "记录问责决定", {S.ISSUED, S.ANSWERED, S.RETURNED}, Perm.MANAGE,
                   basis(RULE, "第二十八条", "第二十九条", "第三十二条"), f"{SVC}.decide_accountability",
                   form="fazhi.supervision.forms.AccountabilityForm", input="fazhi.supervision.api.LetterAccountabilityInput", target=S.CLOSED, guard=_is_accountability,
                   done="问责决定已记录，督促链办结。"),
    ],
)
