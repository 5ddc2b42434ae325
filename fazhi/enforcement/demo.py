"""The 行政执法 demo (after load_demo): the registers of three enforcement agencies (州生态环境局, 兴义市综合
行政执法局, 马岭镇人民政府), a year of 行政处罚 cases in every state, 涉企检查 with plans (including repeated
inspections that raise the warnings) and the accounts for an agency's officers, its legal reviewer and a
township officer.

Every record goes through the services with dates in the past of the demo's "today", so the audit chain,
the clocks and the anomaly flags are the real ones. Deterministic (a seeded generator); idempotent.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import services as core_services
from fazhi.core.choices import AgencyKind, RegionLevel, Role, Scope
from fazhi.core.demo.loader import demo_password, refuse_in_production
from fazhi.core.errors import ServiceError, TransitionRefused
from fazhi.core.models import Agency, Region, RoleAssignment, User
from fazhi.core.validators import make_uscc
from fazhi.core.workdays import is_working_day

from . import rules, services
from .choices import (
    BodyKind,
    CaseState,
    InspectionKind,
    InspectionResult,
    InspectionSource,
    LenientKind,
    MatterKind,
    PartyKind,
    PenaltyKind,
)
from .models import Case, InspectionPlan, Officer

SEED = 10


@dataclass(frozen=True)
class AgencySpec:
    key: str
    where: str  # "州", a county code or a township code
    match: str  # the agency's name ends with this (department) or "township"
    field: str
    prefix: str  # certificate number prefix
    matters: tuple  # (code, name, kind, basis, ranges [(level, circumstance, min, max)], lenient?)
    officers: tuple  # (name, username or "", legal reviewer?)
    cases: int
    parties: tuple


SPECS = (
    AgencySpec(
        "sthj", "州", "生态环境局", "生态环境", "5223000",
        (("STHJ-CF-001", "超标排放大气污染物", MatterKind.PENALTY, "《中华人民共和国大气污染防治法》第九十九条第（二）项",
          (("lenient", "超标 0.5 倍以下，及时改正", 100000, 200000), ("general", "超标 0.5 倍至 1 倍", 200000, 500000),
           ("severe", "超标 1 倍以上或拒不改正", 500000, 1000000)), False),
         ("STHJ-CF-002", "未按规定设置危险废物识别标志", MatterKind.PENALTY,
          "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（一）项",
          (("lenient", "首次发现，立即改正", 10000, 30000), ("general", "一般情形", 30000, 70000),
           ("severe", "造成环境污染", 70000, 100000)), True),
         ("STHJ-CF-003", "建设项目未依法备案环境影响登记表", MatterKind.PENALTY,
          "《中华人民共和国环境影响评价法》第三十一条第三款",
          (("general", "未备案", 0, 50000),), True),
         ("STHJ-JC-001", "排污单位执行排污许可情况检查", MatterKind.INSPECTION, "《排污许可管理条例》第二十八条", (), False)),
        (("罗建军", "zsthj_zf1", False), ("黄志勇", "zsthj_zf2", False), ("杨晓梅", "zsthj_fz", True),
         ("王海波", "", False), ("刘正国", "", False)),
        36,
        ("兴义市华能化工有限公司", "黔西南州恒达建材有限公司", "安龙县鑫源砂石厂", "兴仁市宏发煤业有限公司",
         "贞丰县绿源养殖专业合作社", "普安县金盛铸造厂", "晴隆县顺达汽修厂", "册亨县林峰木材加工厂"),
    ),
    AgencySpec(
        "zhzf", "522301", "综合行政执法局", "城市管理", "5223010",
        (("ZHZF-CF-001", "擅自占用城市道路摆摊设点", MatterKind.PENALTY, "《城市道路管理条例》第四十二条",
          (("lenient", "首次，及时改正", 0, 200), ("general", "一般情形", 200, 1000), ("severe", "拒不改正", 1000, 2000)),
          True),
         ("ZHZF-CF-002", "未经批准进行临时建设", MatterKind.PENALTY, "《中华人民共和国城乡规划法》第六十六条",
          (("general", "可以采取改正措施", 5000, 20000), ("severe", "无法采取改正措施", 20000, 50000)), False),
         ("ZHZF-JC-001", "市容环境卫生责任区检查", MatterKind.INSPECTION, "《城市市容和环境卫生管理条例》第三十二条", (),
          False)),
        (("韦国强", "xingyi_zf1", False), ("陈丽萍", "", False), ("蒙永刚", "xingyi_zhzf_fz", True), ("李明", "", False)),
        24,
        ("兴义市好又多超市", "兴义市桔山建筑工程有限公司", "兴义市老街烧烤店", "兴义市顺风物流有限公司"),
    ),
    AgencySpec(
        "maling", "522301101", "township", "乡镇综合执法", "5223011",
        (("MLZ-CF-001", "在乡村规划区内未依法取得乡村建设规划许可证进行建设", MatterKind.PENALTY,
          "《中华人民共和国城乡规划法》第六十五条", (("general", "责令停止建设、限期改正", 0, 0),), False),),
        (("岑志华", "xingyi_dsz_zf", False), ("班德勇", "", False)),
        6,
        ("王某某", "岑某某", "马岭镇兴旺农家乐"),
    ),
)

ACCOUNTS = {
    "xingyi_zf1": ("韦国强", Role.ENFORCEMENT_OFFICER, Scope.OWN),
    "xingyi_zhzf_fz": ("蒙永刚", Role.LEGAL_STAFF, Scope.AGENCY),
    "xingyi_dsz_zf": ("岑志华", Role.ENFORCEMENT_OFFICER, Scope.OWN),
}

# The share of cases that stop in each state (the rest run to 结案).
STOP_AT = [(CaseState.SOURCE, 2), (CaseState.REGISTERED, 2), (CaseState.INVESTIGATING, 3), (CaseState.NOTIFIED, 2),
           (CaseState.LEGAL_REVIEW, 2), (CaseState.DECIDED, 2), (CaseState.SERVED, 2), (CaseState.PUBLISHED, 3),
           (CaseState.EXECUTED, 2), (CaseState.CLOSED, 8), (CaseState.DROPPED, 1)]
ORDER = [CaseState.SOURCE, CaseState.REGISTERED, CaseState.INVESTIGATING, CaseState.NOTIFIED, CaseState.LEGAL_REVIEW,
         CaseState.DECIDED, CaseState.SERVED, CaseState.PUBLISHED, CaseState.EXECUTED, CaseState.CLOSED]


def _workday(d: date) -> date:
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


class _Loader:
    def __init__(self, today: date, say):
        self.today = today
        self.say = say
        self.rng = random.Random(SEED)
        self.counts = {"cases": 0, "inspections": 0, "officers": 0, "accounts": 0}

    def agency(self, spec: AgencySpec) -> Agency | None:
        if spec.where == "州":
            region = Region.objects.filter(level=RegionLevel.PREFECTURE).order_by("code").first()
        else:
            region = Region.objects.filter(code=spec.where).first()
        if region is None:
            return None
        if spec.match == "township":
            return Agency.objects.filter(region=region, kind=AgencyKind.TOWNSHIP_GOVERNMENT).order_by("id").first()
        return Agency.objects.filter(region=region, name__endswith=spec.match).order_by("id").first()

    def account(self, username, agency):
        user = User.objects.filter(username=username).first()
        if user is None and username in ACCOUNTS:
            full_name, role, scope = ACCOUNTS[username]
            user = core_services.user_create(actor=None, username=username, full_name=full_name, agency=agency,
                                             password=demo_password(), must_change_password=False)
            core_services.role_grant(actor=None, user=user, role=role, scope=scope)
            self.counts["accounts"] += 1
        elif user is not None and username in ACCOUNTS:
            _, role, scope = ACCOUNTS[username]
            if not RoleAssignment.objects.filter(user=user, role=role, scope=scope).exists():
                core_services.role_grant(actor=None, user=user, role=role, scope=scope)
        return user

    # ------------------------------------------------------------ registers

    def registers(self, spec, agency):
        mk = services.register_create
        mk(actor=None, register="body", agency=agency, name=agency.name, kind=BodyKind.STATUTORY,
           legal_basis="; ".join(m[3] for m in spec.matters), jurisdiction=agency.region.name,
           categories=[spec.field])
        matters, lenient = [], []
        for code, name, kind, basis, ranges, has_lenient in spec.matters:
            matter = mk(actor=None, register="matter", agency=agency, code=code, name=name, kind=kind,
                        legal_basis=basis, level=agency.region.get_level_display())
            if ranges:
                mk(actor=None, register="benchmark", agency=agency, matter=matter, violation=name, legal_basis=basis,
                   published_on=date(self.today.year, 1, 15),
                   ranges=[{"level": lv, "circumstance": c, "min_fine": lo, "max_fine": hi,
                            "penalty_text": "警告" if hi == 0 else "罚款"} for lv, c, lo, hi in ranges])
            if has_lenient:
                lenient.append(mk(actor=None, register="lenient", agency=agency, matter=matter,
                                  kind=LenientKind.FIRST_OFFENCE, violation=name, legal_basis=f"《中华人民共和国行政处罚法》第三十三条第一款；{basis}",
                                  conditions="初次违法且危害后果轻微并及时改正", handling="可以不予行政处罚",
                                  education="批评教育、指导整改，并发放守法告知书"))
            if kind == MatterKind.PENALTY:
                matters.append(matter)
        officers = []
        for i, (name, username, reviewer) in enumerate(spec.officers):
            user = self.account(username, agency) if username else None
            officers.append(mk(actor=None, register="officer", agency=agency, user=user, name=name,
                               certificate_no=f"{spec.prefix}{i + 1:03d}", field=spec.field,
                               issued_on=date(2024, 3, 1), expires_on=date(2028, 2, 28),
                               training_hours=self.rng.choice([24, 32, 40, 60]),
                               has_legal_qualification=reviewer, is_legal_reviewer=reviewer))
        # One certificate expired in the year, one suspended: the pages show both and the guards refuse them.
        officers.append(mk(actor=None, register="officer", agency=agency, name="周宏",
                           certificate_no=f"{spec.prefix}901", field=spec.field, issued_on=date(2021, 6, 1),
                           expires_on=date(self.today.year, 6, 30), training_hours=8))
        officers.append(mk(actor=None, register="officer", agency=agency, name="吴强", certificate_no=f"{spec.prefix}902",
                           field=spec.field, issued_on=date(2023, 6, 1), expires_on=date(2028, 6, 1), status="suspended",
                           status_since=date(self.today.year, 9, 1)))
        self.counts["officers"] += len(officers)
        services.plan_create(actor=None, agency=agency, year=self.today.year, name=f"{self.today.year}年度涉企行政检查计划",
                             planned_count=40, yearly_cap=2, basis="国办发〔2024〕54号；本机关行政检查事项清单",
                             filed_on=date(self.today.year, 3, 20))
        return matters, [o for o in officers if o.status == "valid" and o.expires_on > self.today]

    # ------------------------------------------------------------ cases

    def case(self, spec, agency, matters, officers, i):
        rng = self.rng
        stop = rng.choices([s for s, _ in STOP_AT], weights=[w for _, w in STOP_AT])[0]
        # A case held at 法制审核 is a major one: the top range of the first matter.
        matter = matters[0] if stop == CaseState.LEGAL_REVIEW else rng.choice(matters)
        benchmark = matter.benchmarks.first()
        ranges = list(benchmark.ranges.all()) if benchmark else []
        party = rng.choice(spec.parties)
        person = party.endswith("某某") or party.endswith("某")
        start = date(self.today.year, 1, 5) + timedelta(days=int(i * 300 / max(spec.cases, 1)))
        if ORDER.index(stop) < ORDER.index(CaseState.DECIDED) if stop in ORDER else False:
            # Open cases are recent ones: a case still before its decision began within the last 80 days.
            start = self.today - timedelta(days=rng.randint(50, 80) if stop != CaseState.SOURCE else rng.randint(2, 10))
        # Late starts stay early in the procedure.
        max_days = (self.today - start).days
        occurred = start - timedelta(days=rng.randint(3, 20))
        holder = officers[0].user or officers[1].user
        officer_user = User.objects.filter(pk=holder.pk).first() if holder else None
        case = services.case_create(
            actor=None, agency=agency, matter=matter, party_name=party,
            party_kind=PartyKind.PERSON if person else PartyKind.ORGANISATION,
            party_id_no="" if person else make_uscc("91", "522301", f"{rng.randint(10000000, 99999999)}"),
            party_address=f"{agency.region.name}某路{rng.randint(1, 200)}号", occurred_on=occurred,
            discovered_on=start, facts=f"经现场检查，当事人存在{matter.name}的行为。", source="日常巡查",
            officers=officers[:2])
        if officer_user is not None:
            Case.objects.filter(pk=case.pk).update(created_by=officer_user)
            case.created_by = officer_user
        self.counts["cases"] += 1
        if stop == CaseState.SOURCE:
            return
        if stop == CaseState.DROPPED:
            services.case_drop(actor=None, case=case, reason="经核查，违法事实不能成立。")
            return
        d = _workday(start + timedelta(days=1))
        services.case_register(actor=None, case=case, on_date=d)
        target = ORDER.index(stop)
        if target < ORDER.index(CaseState.INVESTIGATING) or max_days < 15:
            return
        d = _workday(d + timedelta(days=2))
        services.case_record_act(actor=None, case=case, kind="现场检查（勘验）", on_date=d, officers=officers[:2],
                                 summary="制作现场检查笔录，拍摄照片 12 张，全程执法记录仪录像。")
        services.case_record_act(actor=None, case=case, kind="询问", on_date=d, officers=officers[-2:],
                                 summary="询问当事人负责人，制作询问笔录。")
        if target < ORDER.index(CaseState.NOTIFIED) or max_days < 30:
            return
        rng_ = rng.choice(ranges) if ranges else None
        fine = None
        if rng_ is not None and rng_.max_fine > 0:
            # Most fines inside the range, a few at the top (the anomaly page shows the agencies).
            if stop == CaseState.LEGAL_REVIEW:
                rng_ = ranges[-1]
            # 兴义市综合行政执法局 fines at the top of the range more often than not: the anomaly page flags it.
            fine = rng_.max_fine if rng.random() < (0.7 if spec.key == "zhzf" else 0.2) else (rng_.min_fine + (rng_.max_fine - rng_.min_fine) / 2)
            fine = Decimal(fine).quantize(Decimal("1"))
        d = _workday(d + timedelta(days=7))
        review = stop == CaseState.LEGAL_REVIEW
        case.refresh_from_db()
        services.case_notify(
            actor=None, case=case, served_on=d, penalty_kind=PenaltyKind.FINE if fine else PenaltyKind.WARNING,
            fine_amount=fine, benchmark_range=rng_,
            outside_range_reason="", hearing_eligible=bool(fine and fine >= 10000),
            lenient_applied=False if case.lenient_item_id else None,
            lenient_reason="当事人此前已因同类违法行为受到处理，不属于首违。" if case.lenient_item_id else "",
            decision_text="责令当事人立即改正违法行为。")
        case.refresh_from_db()
        if target < ORDER.index(CaseState.LEGAL_REVIEW) or max_days < 45:
            return
        if case.review_required or review:
            if not case.review_required:
                return
            services.case_submit_review(actor=None, case=case)
            if review:
                return
            from fazhi.procedure.choices import ReviewOpinion
            from fazhi.procedure.reviews import latest_review, review_give_opinion

            from .review import CHECKLIST

            review_give_opinion(actor=None, review=latest_review(case), opinion=ReviewOpinion.LAWFUL,
                                checklist={k: {"result": "pass"} for k, _ in CHECKLIST}, opinion_text="主体合法，事实清楚，证据充分，"
                                "适用依据正确，程序合法，裁量适当。")
            case.refresh_from_db()
        elif review:
            return
        d = _workday(max(d + timedelta(days=10), rules.statement_period_end(case.notice_served_on) + timedelta(days=1)))
        services.case_decide(actor=None, case=case, on_date=d)
        if target < ORDER.index(CaseState.SERVED):
            return
        d = _workday(d + timedelta(days=2))
        services.case_serve(actor=None, case=case, on_date=d)
        if target < ORDER.index(CaseState.PUBLISHED):
            return
        d = _workday(d + timedelta(days=3 if rng.random() < 0.85 else 14))
        services.case_publish(actor=None, case=case, on_date=min(d, self.today))
        if target < ORDER.index(CaseState.EXECUTED):
            return
        d = min(_workday(d + timedelta(days=10)), self.today)
        services.case_execute(actor=None, case=case, on_date=d)
        if target < ORDER.index(CaseState.CLOSED):
            return
        services.case_close(actor=None, case=case, on_date=min(_workday(d + timedelta(days=5)), self.today))

    # ------------------------------------------------------------ inspections

    def inspections(self, plans):
        """Each agency inspects its enterprises through the year; two enterprises are inspected by several
        agencies within a month (the joint-inspection and repeat warnings)."""
        rng = self.rng
        enterprises = [(name, make_uscc("91", "522301", f"{31000000 + k * 7919}")) for k, name in enumerate((
            "兴义市华能化工有限公司", "黔西南州恒达建材有限公司", "兴义市好又多超市", "兴义市顺风物流有限公司",
            "兴义市桔山建筑工程有限公司", "黔西南州黔峰酒业有限公司", "兴义市万峰林旅游开发有限公司"))]
        for agency, officers, plan in plans:
            for k in range(10):
                name, code = rng.choice(enterprises)
                on = _workday(date(self.today.year, 2, 1) + timedelta(days=k * 28 + rng.randint(0, 6)))
                if on > self.today:
                    continue
                self._inspect(agency, officers, plan, name, code, on,
                              InspectionResult.CLEAN if rng.random() < 0.7 else InspectionResult.ORDERED)
        # The repeated inspections of one enterprise within a month, by two agencies.
        name, code = enterprises[0]
        base = _workday(self.today - timedelta(days=40))
        for offset, (agency, officers, plan) in zip((0, 6, 13), (plans[0], plans[1], plans[0]), strict=True):
            self._inspect(agency, officers, plan, name, code, _workday(base + timedelta(days=offset)),
                          InspectionResult.CLEAN)

    def township(self):
        """马岭镇's 两违 cases: one ordered, one corrected, one announced for demolition, one land case moved on."""
        from . import services_township as tw

        town = Agency.objects.filter(region__code="522301101", kind=AgencyKind.TOWNSHIP_GOVERNMENT).first()
        officer = User.objects.filter(username="xingyi_dsz_zf").first()
        if town is None:
            return
        t = self.today
        mk = tw.report
        a = mk(actor=officer, agency=town, kind="construction", party_name="王某某", location="马岭村三组",
               facts="未取得乡村建设规划许可证建设两层砖混房屋约 120 平方米", discovered_on=t - timedelta(days=12))
        tw.order(actor=officer, case=a, on_date=_workday(t - timedelta(days=10)), days=15)
        b = mk(actor=officer, agency=town, kind="construction", party_name="罗某某", location="纳录村一组",
               facts="超出乡村建设规划许可证范围加盖一层", discovered_on=t - timedelta(days=90))
        tw.order(actor=officer, case=b, on_date=_workday(t - timedelta(days=88)), days=15)
        tw.correct(actor=officer, case=b, on_date=_workday(t - timedelta(days=75)))
        c = mk(actor=officer, agency=town, kind="construction", party_name="马岭镇兴旺农家乐", location="马岭村五组",
               facts="未经许可在河道管理范围外新建钢构棚约 300 平方米", discovered_on=t - timedelta(days=300))
        tw.order(actor=officer, case=c, on_date=_workday(t - timedelta(days=298)), days=15)
        tw.decide(actor=officer, case=c, on_date=_workday(t - timedelta(days=270)), decision_no=f"马府拆决〔{t.year}〕1号")
        tw.urge(actor=officer, case=c, on_date=_workday(t - timedelta(days=260)), days=10,
                statement="当事人称系临时设施，经复核不成立")
        tw.announce(actor=officer, case=c, on_date=_workday(t - timedelta(days=240)), days=10)
        d = mk(actor=officer, agency=town, kind="land", party_name="岑某某", location="马岭村二组",
               facts="占用耕地约 200 平方米建住宅", discovered_on=t - timedelta(days=20), villager_house=True)
        tw.transfer(actor=officer, case=d, on_date=_workday(t - timedelta(days=18)))

    def complaints(self):
        """Complaints about the 综合行政执法局 and the 生态环境局: one received, one being checked, one closed."""
        from . import services_complaints as cs

        sthj = Agency.objects.filter(region__level=RegionLevel.PREFECTURE, name__endswith="生态环境局").first()
        zhzf = Agency.objects.filter(region__code="522301", name__endswith="综合行政执法局").first()
        if sthj is None or zhzf is None:
            return
        t = self.today
        cs.register(actor=None, agency=zhzf, source="hotline", received_on=_workday(t - timedelta(days=2)),
                    content="城管队员收缴摆摊三轮车未开具任何凭证。", complainant="匿名")
        b = cs.register(actor=None, agency=sthj, source="contact", received_on=_workday(t - timedelta(days=20)),
                        content="同一月内生态环境部门三次到厂检查，影响正常生产。", complainant="兴义市华能化工有限公司")
        cs.accept(actor=None, complaint=b, on_date=_workday(t - timedelta(days=18)))
        c = cs.register(actor=None, agency=zhzf, source="online", received_on=_workday(t - timedelta(days=60)),
                        content="对占道经营的罚款超过裁量基准上限。", complainant="李某")
        cs.accept(actor=None, complaint=c, on_date=_workday(t - timedelta(days=58)))
        cs.answer(actor=None, complaint=c, on_date=_workday(t - timedelta(days=45)),
                  answer="经核查，罚款适用“拒不改正”阶次，未超出裁量基准幅度；已向投诉人说明。")
        cs.close(actor=None, complaint=c, result="false", on_date=_workday(t - timedelta(days=40)))

    def evaluation(self):
        """The prefecture's 司法局 samples three closed files of each agency and scores most of them."""
        sfj = Agency.objects.filter(region__level=RegionLevel.PREFECTURE, name__endswith="司法局").first()
        if sfj is None or not Case.objects.filter(state=CaseState.CLOSED).exists():
            return
        rnd = services.evaluation_create(actor=None, agency=sfj, year=self.today.year,
                                         name=f"{self.today.year}年度行政执法案卷评查", per_agency=3, seed="demo")
        findings = [({}, [], ""), ({"documents": 2, "service": 1}, [], "送达回证缺送达人签名；文书编号不规范"),
                    ({"facts": 8, "discretion": 5}, [], "现场检查笔录未记录检查人员证号；裁量理由未说明"),
                    ({"record_review": 6}, ["illegal_procedure"], "未告知听证权利即作出较大数额罚款决定")]
        for i, sample in enumerate(rnd.samples.order_by("id")):
            if i % 4 == 3 and i > 4:
                continue  # a few files still waiting for their score
            deductions, vetoes, problems = findings[i % len(findings)]
            services.evaluation_score(actor=None, sample=sample, deductions=deductions, vetoes=vetoes, problems=problems)

    def _inspect(self, agency, officers, plan, name, code, on, result):
        try:
            services.inspection_record(
                actor=None, agency=agency, enterprise_name=name, credit_code=code, on_date=on,
                items="排污许可执行情况；环境管理台账；污染防治设施运行情况" if "生态" in agency.name
                else "门前三包责任落实；占道经营；建筑垃圾处置",
                result=result, officers=officers[:2], kind=InspectionKind.ROUTINE, source=InspectionSource.PLAN,
                plan=plan, approved_by="分管负责人",
                findings="" if result == InspectionResult.CLEAN else "发现台账记录不完整，责令 15 日内改正。")
            self.counts["inspections"] += 1
        except TransitionRefused:
            pass


@transaction.atomic
def load_enforcement_demo(stdout=None, today: date | None = None):
    def say(msg):
        if stdout is not None:
            stdout.write(msg)

    refuse_in_production()
    loader = _Loader(today or timezone.localdate(), say)
    if Officer.objects.exists():
        say("行政执法演示数据已存在，未重复加载。")
        return loader.counts
    plans = []
    for spec in SPECS:
        agency = loader.agency(spec)
        if agency is None:
            raise ServiceError(f"演示区划中没有“{spec.where}”的{spec.match}：请先运行 load_demo。")
        matters, officers = loader.registers(spec, agency)
        for i in range(spec.cases):
            loader.case(spec, agency, matters, officers, i)
        if spec.key != "maling":
            plans.append((agency, officers, InspectionPlan.objects.filter(agency=agency).first()))
    loader.inspections(plans)
    loader.evaluation()
    loader.township()
    loader.complaints()
    # An agency with enforcement power and no enforcement all year (the 零执法 flag).
    idle = Agency.objects.filter(region__code="522328", name__endswith="综合行政执法局").first()
    if idle is not None:
        services.register_create(actor=None, register="body", agency=idle, name=idle.name, kind=BodyKind.STATUTORY,
                                 legal_basis="《中华人民共和国行政处罚法》第十八条；《城市市容和环境卫生管理条例》",
                                 jurisdiction=idle.region.name, categories=["城市管理"])
    c = loader.counts
    say(f"行政执法：执法人员{c['officers']}人、行政处罚案件{c['cases']}件、涉企检查{c['inspections']}次、"
        f"新建账号{c['accounts']}个。")
    return c
