"""The legality review checklist (合法性审核要点) — RULES.md §1 "Review content" [S]/[U]."""

CHECKLIST_ITEMS: list[tuple[str, str]] = [
    ("subject", "制定主体是否合法"),
    ("authority", "是否超越法定职权"),
    ("content", "内容是否符合宪法、法律、法规、规章和国家政策"),
    ("no_illegal_powers", "是否违法设定行政许可、行政处罚、行政强制、行政征收、行政收费"),
    ("no_rights_reduction", "是否没有依据减损公民、法人和其他组织合法权益或者增加其义务"),
    ("no_power_expansion", "是否没有依据增加本单位权力或者减少法定职责"),
    ("procedure", "是否违反规定的制定程序"),
]
