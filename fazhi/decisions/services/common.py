"""What every decision service does: refuse with the unmet conditions, parse dates and texts, lock the row, store an upload; who may decide and sponsor."""



from fazhi.core.choices import AgencyKind
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Attachment
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.validators import date_input

from ..models import (
    Decision,
)

DECISION_FIELDS = ["title", "state", "decision_organ", "agency", "requires_public_participation",
                   "requires_expert_argumentation", "requires_risk_assessment", "concerns_market",
                   "exploratory_reform", "proposed_meeting_date", "decided_on", "published_on"]


def _refuse(reasons):
    if reasons:
        raise TransitionRefused(reasons)


def _link(decision) -> str:
    return f"/decisions/{decision.code}/"


def _date(value, field: str, errors: dict, required: bool = True):
    return date_input(value, field, errors, required=required)


def _text(value, field: str, label: str, errors: dict, required: bool = True, max_length: int = 20000) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif len(value) > max_length:
        errors.setdefault(field, []).append(f"{label}不超过 {max_length} 字。")
    return value


def _raise(errors: dict):
    if errors:
        raise ServiceError(field_errors=errors)


def _locked(actor, decision, perm: str) -> Decision:
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted()
    if actor is not None and not restrict(Decision.objects.filter(pk=decision.pk), actor, perm).exists():
        raise NotPermitted("该决策事项不在您的数据范围内。")
    return Decision.objects.select_for_update().select_related("decision_organ", "agency").get(pk=decision.pk)


def _stored(actor, value, decision: Decision) -> Attachment | None:
    """An uploaded file given to a step is stored as the decision's attachment inside the step's transaction
    (``Machine.dispatch`` removes the file again if the step fails); an attachment is taken as it is."""
    if value is None or isinstance(value, Attachment):
        return value
    from fazhi.core.attachments import attachment_create

    return attachment_create(actor=actor, uploaded_file=value, obj=decision, agency=decision.agency)


def _is_government(agency) -> bool:
    return agency is not None and agency.kind in (AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP_GOVERNMENT)


def _is_decision_organ(agency) -> bool:
    """第二条: 县级以上地方人民政府; 第四十二条: 县级以上人民政府部门和乡级人民政府的重大行政决策参照本条例执行 —
    so a government, a township government or a government's 工作部门 (for its own major decisions)."""
    return _is_government(agency) or (agency is not None and agency.kind == AgencyKind.DEPARTMENT)


def _sponsor_problem(organ, sponsor) -> str | None:
    """第十一条: 决策机关确定的承办单位. A government's sponsor is one of its departments or a lower unit; a
    department (第四十二条) sponsors its own decision or gives it to one of its own units."""
    if organ is None or sponsor is None:
        return None
    if _is_government(organ):
        if not sponsor.region_path.startswith(organ.region_path):
            return "承办单位应为决策机关所属部门或下级单位。"
        return None
    if sponsor.pk != organ.pk and sponsor.parent_id != organ.pk:
        return "部门作为决策机关的，承办单位应为本部门或其所属单位（第四十二条参照第十一条）。"
    return None
