"""What the decision services share: the fields they audit; who may decide and sponsor (the kernel's
``procedure.steps`` refuses, locks and stores for them)."""


from fazhi.core.choices import AgencyKind

DECISION_FIELDS = ["title", "state", "decision_organ", "agency", "requires_public_participation",
                   "requires_expert_argumentation", "requires_risk_assessment", "concerns_market",
                   "exploratory_reform", "proposed_meeting_date", "decided_on", "published_on"]


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
