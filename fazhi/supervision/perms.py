class Perm:
    VIEW = "supervision.view"  # scorecards, rankings, letters within one's scope
    MANAGE = "supervision.manage"  # the 依法治州办: run monitoring, publish, propose and issue letters
    ANSWER = "supervision.answer"  # a unit answers its letters with a rectification report
    REPORT = "supervision.report"  # a unit fills its data forms (单位填报) with evidence
    APPROVE = "supervision.approve"  # a county office approves its units' forms (first level)
