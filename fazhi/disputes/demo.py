"""The 矛盾纠纷化解 demo (after load_demo): committees for every village and township of the demo prefecture
with full-time mediators in about 58% of the villages (Guizhou's reported figure for 2023), a year of
mediation cases with 诉调对接 referrals and 司法确认, the prefecture's 行政复议 cases and each county's
行政应诉 cases — 兴仁市 losing clearly more often than the others.

Every record goes through the services (actor=None: the system) with dates in the past of the demo's
"today", so the audit chain, the clocks and the indicators are the real ones. Deterministic (a seeded
random generator); idempotent (a second run changes nothing).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import deadlines
from fazhi.core import services as core_services
from fazhi.core.choices import AgencyKind, RegionLevel, Role, Scope
from fazhi.core.demo.loader import demo_password, refuse_in_production
from fazhi.core.errors import ServiceError
from fazhi.core.models import Agency, Region, RoleAssignment, User

from . import services
from .choices import (
    AgreementForm,
    CaseSource,
    Closure,
    CommitteeKind,
    ConfirmResult,
    DisputeType,
    HeadRank,
    Instance,
    MediatorKind,
    Performance,
    RcDecision,
    RcProcedure,
    ReferralKind,
    RequiredWhy,
)
from .models import Committee, Litigation, Reconsideration

SEED = 11
FULLTIME_SHARE = 0.58  # 贵州 2023 年底: 58% 的村（居）配备专职人民调解员 (issue 11)
MEDIATION_CASES = 150
RC_CASES = 36
LIT_PER_COUNTY = 13
HIGH_LOSS_COUNTY = "522302"  # 兴仁市: above the reference
PREFECTURE = "州"


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    where: str  # "州", a county code, or a township region code
    agency: str  # "sfj", "gov" or "township"
    role: str
    scope: str


ACCOUNTS = (
    Account("maling_tj", "岑秀英", "522301101", "township", Role.MEDIATOR, Scope.AGENCY),  # 马岭镇
    Account("zsfj_fy", "黄文涛", PREFECTURE, "sfj", Role.LEGAL_STAFF, Scope.AGENCY),  # 州行政复议机构
    Account("xingren_ys", "罗德明", "522302", "sfj", Role.LEGAL_STAFF, Scope.REGION),  # 兴仁市应诉
)

SURNAMES = "王李张刘陈杨黄吴罗韦岑潘班蒙陆卢龙石熊何周胡田"
GIVEN_F = ["秀英", "桂兰", "玉梅", "春燕", "晓丽", "丽娟", "金凤", "海燕", "芳", "敏", "艳", "雪梅"]
GIVEN_M = ["建国", "德明", "志强", "永福", "国平", "明辉", "世荣", "朝勇", "光明", "正华", "文军", "家兴"]

# A realistic mix of dispute types in rural Guizhou (邻里、婚姻家庭、土地山林 dominate)
TYPE_WEIGHTS = [(DisputeType.NEIGHBOUR, 22), (DisputeType.MARRIAGE, 16), (DisputeType.LAND, 12),
                (DisputeType.PROPERTY, 10), (DisputeType.CONTRACT, 8), (DisputeType.DAMAGE, 7),
                (DisputeType.WAGES, 6), (DisputeType.TRAFFIC, 5), (DisputeType.LABOUR, 4),
                (DisputeType.EXPROPRIATION, 3), (DisputeType.MEDICAL, 2), (DisputeType.CONSUMER, 2),
                (DisputeType.PROPERTY_MGMT, 1), (DisputeType.ENVIRONMENT, 1), (DisputeType.OTHER, 1)]
SOURCE_WEIGHTS = [(CaseSource.APPLICATION, 45), (CaseSource.OWN, 25), (CaseSource.GRID, 20), (CaseSource.TRANSFER, 10)]
SUMMARIES = {
    DisputeType.NEIGHBOUR: "因排水沟改道引发相邻关系纠纷，双方多次争吵。",
    DisputeType.MARRIAGE: "夫妻因家庭琐事及赡养老人问题发生矛盾。",
    DisputeType.LAND: "两户对承包地界址各执一词，涉及林地约 3 亩。",
    DisputeType.PROPERTY: "宅基地建房越界约 0.5 米，邻户要求拆除。",
    DisputeType.CONTRACT: "农资买卖合同货款未按约支付。",
    DisputeType.DAMAGE: "放养的牛损毁邻户玉米地，双方就赔偿数额有争议。",
    DisputeType.WAGES: "工程完工后包工头拖欠 8 名农民工工资。",
    DisputeType.TRAFFIC: "村道上摩托车与三轮车相撞，医疗费承担有争议。",
    DisputeType.LABOUR: "工厂辞退员工未支付经济补偿。",
    DisputeType.EXPROPRIATION: "征收补偿款在家庭成员之间的分配发生争议。",
    DisputeType.MEDICAL: "卫生院诊疗后病情加重，患者家属要求赔偿。",
    DisputeType.CONSUMER: "购买的农机质量问题，商家拒绝退换。",
    DisputeType.PROPERTY_MGMT: "小区业主以服务不到位为由拒交物业费。",
    DisputeType.ENVIRONMENT: "养殖场异味影响周边住户。",
    DisputeType.OTHER: "其他民间纠纷。",
}


def _pick(rng, weights):
    values, w = zip(*weights, strict=True)
    return rng.choices(values, weights=w)[0]


def _name(rng, female: bool) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_F if female else GIVEN_M)


class _Loader:
    def __init__(self, today: date, say):
        self.today = today
        self.say = say
        self.rng = random.Random(SEED)
        self.counts = {"committees": 0, "mediators": 0, "cases": 0, "referrals": 0, "rc": 0, "lit": 0, "accounts": 0}

    # ------------------------------------------------------------ places

    def government(self, region) -> Agency | None:
        kind = AgencyKind.TOWNSHIP_GOVERNMENT if region.level == RegionLevel.TOWNSHIP else AgencyKind.GOVERNMENT
        return Agency.objects.filter(region=region, kind=kind, is_active=True).order_by("id").first()

    def sfj(self, region) -> Agency | None:
        return Agency.objects.filter(region=region, kind=AgencyKind.DEPARTMENT, name__endswith="司法局",
                                     is_active=True).order_by("id").first()

    # ------------------------------------------------------------ committees and mediators

    def committee(self, name, kind, region, agency, *, size, fulltime, women=True, minority=True, term=None):
        rng = self.rng
        members = []
        for i in range(size):
            female = (women and i == 1) or (women and rng.random() < 0.3)
            members.append({"name": _name(rng, female), "gender": "f" if female else "m",
                            "kind": MediatorKind.FULL_TIME if i < fulltime else MediatorKind.PART_TIME,
                            "minority": minority and (i == 0 or rng.random() < 0.4),
                            "trained_on": date(2026, rng.randint(3, 9), rng.randint(1, 28)) if rng.random() < 0.7
                            else None})
        com = services.committee_create(actor=None, name=name, kind=kind, region=region, agency=agency,
                                        term_start=term or date(2024, 1, 15), multi_ethnic=True, members=members)
        self.counts["mediators"] += size
        self.counts["committees"] += 1
        return com

    def committees(self) -> dict:
        villages = list(Region.objects.filter(level=RegionLevel.VILLAGE, is_active=True).select_related("parent")
                        .order_by("code"))
        # spread evenly over the counties (villages are ordered by code): village i is covered when the running
        # share crosses a whole number, so every county lands near the prefecture's 58%
        covered = {i for i in range(len(villages))
                   if round((i + 1) * FULLTIME_SHARE) > round(i * FULLTIME_SHARE)}
        by_township: dict[int, list] = {}
        for i, village in enumerate(villages):
            gov = self.government(village.parent)
            if gov is None:
                continue
            r = self.rng.random()
            # a few committees out of order, for the warnings of 第八条/第九条
            size = 2 if r < 0.04 else self.rng.randint(3, 7)
            com = self.committee(f"{village.parent.name}{village.name}人民调解委员会", CommitteeKind.VILLAGE, village,
                                 gov, size=size, fulltime=1 if i in covered else 0, women=not 0.04 <= r < 0.08,
                                 minority=not 0.08 <= r < 0.11, term=date(2022, 12, 20) if 0.11 <= r < 0.14 else None)
            by_township.setdefault(village.parent_id, []).append(com)
        townships = list(Region.objects.filter(level=RegionLevel.TOWNSHIP, is_active=True).order_by("code"))
        for town in townships:
            gov = self.government(town)
            if gov is None:
                continue
            com = self.committee(f"{town.name}人民调解委员会", CommitteeKind.TOWNSHIP, town, gov,
                                 size=self.rng.randint(5, 9), fulltime=2)
            by_township.setdefault(town.pk, []).append(com)
        for county in Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"):
            sfj = self.sfj(county)
            if sfj is not None:
                self.committee(f"{county.name}医疗纠纷人民调解委员会", CommitteeKind.INDUSTRY, county, sfj, size=5,
                               fulltime=3)
        return by_township

    # ------------------------------------------------------------ mediation cases and referrals

    def mediation(self, com, received: date, *, referral: str = ""):
        rng = self.rng
        dtype = _pick(rng, TYPE_WEIGHTS)
        amount = None
        if dtype in (DisputeType.CONTRACT, DisputeType.DAMAGE, DisputeType.WAGES, DisputeType.TRAFFIC,
                     DisputeType.LABOUR, DisputeType.MEDICAL, DisputeType.EXPROPRIATION, DisputeType.CONSUMER):
            amount = Decimal(rng.choice([800, 1500, 3000, 5000, 8600, 12000, 26000, 48000, 96000]))
        parties = f"{_name(rng, rng.random() < 0.4)}、{_name(rng, rng.random() < 0.4)}"
        mediators = list(com.mediators.all()[:2])
        if referral:
            kind = ReferralKind.ASSIGNED if referral == "assigned" else ReferralKind.ENTRUSTED
            ref = services.referral_receive(
                actor=None, committee=com, kind=kind, court=f"{self.court_of(com)}", received_on=received,
                court_number=f"（2026）黔23{rng.randint(1, 28):02d}民初{rng.randint(100, 3999)}号"
                if kind == ReferralKind.ENTRUSTED else "", simple=kind == ReferralKind.ENTRUSTED and rng.random() < 0.5,
                dispute_type=dtype, parties=parties, summary=SUMMARIES[dtype], amount=amount)
            case = ref.case
            self.counts["referrals"] += 1
        else:
            ref = None
            case = services.med_register(actor=None, committee=com, source=_pick(rng, SOURCE_WEIGHTS),
                                         dispute_type=dtype, parties=parties, summary=SUMMARIES[dtype], amount=amount,
                                         received_on=received, mediators=mediators)
        self.counts["cases"] += 1
        close_on = received + timedelta(days=rng.randint(1, 12 if not ref else 20))
        if close_on >= self.today - timedelta(days=2) or rng.random() < 0.02:
            return  # still being mediated
        r = rng.random()
        if r < 0.975:
            services.med_succeed(actor=None, case=case, on=close_on,
                                 agreement_form=AgreementForm.ORAL if rng.random() < 0.15 else AgreementForm.WRITTEN,
                                 agreement_text="双方自愿达成协议：" + ("按约定分期支付款项。" if amount else "互谅互让，恢复原状。"))
            case.refresh_from_db()
            if close_on + timedelta(days=20) < self.today:
                services.med_record_performance(actor=None, case=case, performance=_pick(
                    rng, [(Performance.PERFORMED, 88), (Performance.PARTLY, 8), (Performance.NOT, 4)]))
            if (amount or ref) and rng.random() < 0.45:
                applied = close_on + timedelta(days=rng.randint(2, 20))
                if applied < self.today:
                    services.med_apply_confirmation(actor=None, case=case, on=applied)
                    case.refresh_from_db()
                    if applied + timedelta(days=15) < self.today:
                        services.med_record_confirmation(
                            actor=None, case=case,
                            result=ConfirmResult.VALID if rng.random() < 0.95 else ConfirmResult.INVALID)
            case.refresh_from_db()
            dl = case.confirm_deadline
            if dl is not None and dl.status in deadlines.ACTIVE and dl.due_date < self.today:
                deadlines.deadline_cancel(actor=None, deadline=dl, reason="当事人未在三十日内申请司法确认")
        elif r < 0.99:
            services.med_fail(actor=None, case=case, reason="双方分歧较大，经多次调解未能达成协议。",
                              other_channels="告知可向人民法院起诉" if not ref else "退回法院", on=close_on)
        else:
            services.med_refuse(actor=None, case=case, reason="一方当事人明确拒绝调解。", on=close_on)
        if ref is not None:
            case.refresh_from_db()
            due = ref.deadline.due_date
            services.referral_report(actor=None, referral=ref, on=min(max(close_on, ref.received_on), due),
                                     note="已函告法院")

    def court_of(self, com) -> str:
        """The basic-level court of the committee's county."""
        county = com.region
        while county is not None and county.level > RegionLevel.COUNTY:
            county = county.parent
        return f"{county.name}人民法院" if county is not None else "黔西南州中级人民法院"

    def mediations(self, by_township):
        coms = [c for group in by_township.values() for c in group]
        if not coms:
            return
        coms = list(Committee.objects.filter(pk__in=[c.pk for c in coms]).select_related("region", "agency")
                    .prefetch_related("mediators").order_by("id"))
        start = date(self.today.year, 1, 5)
        span = (self.today - start).days
        for i in range(MEDIATION_CASES):
            received = start + timedelta(days=int(span * i / MEDIATION_CASES) + self.rng.randint(0, 3))
            received = min(received, self.today)
            referral = ""
            if i % 10 == 3:
                referral = "assigned" if self.rng.random() < 0.6 else "entrusted"
            self.mediation(self.rng.choice(coms), received, referral=referral)
        # one referral still under way, its clock running
        self.mediation(coms[0], self.today - timedelta(days=3), referral="entrusted")

    # ------------------------------------------------------------ 行政复议

    def reconsiderations(self):
        rng = self.rng
        pref = Region.objects.filter(level=RegionLevel.PREFECTURE).order_by("code").first()
        organ = self.government(pref)
        office = self.sfj(pref)
        if organ is None or office is None:
            return
        respondents = list(Agency.objects.filter(region=pref, kind=AgencyKind.DEPARTMENT, is_active=True)
                           .exclude(name__endswith="办公室").exclude(pk=office.pk).order_by("name"))
        respondents += list(Agency.objects.filter(region__level=RegionLevel.COUNTY, kind=AgencyKind.GOVERNMENT,
                                                  is_active=True).order_by("region__code"))
        acts = ["罚款五千元的行政处罚决定", "责令限期拆除违法建筑的决定", "不予登记的答复", "政府信息公开答复",
                "征收土地补偿安置决定", "吊销营业执照的决定", "工伤认定决定"]
        start = date(self.today.year, 1, 8)
        span = (self.today - start).days - 10
        for i in range(RC_CASES):
            received = start + timedelta(days=int(span * i / RC_CASES))
            inaction = rng.random() < 0.12
            rc = services.rc_register(
                actor=None, agency=office, organ=organ, respondent=rng.choice(respondents),
                applicant_name=_name(rng, rng.random() < 0.3), act="未依法履行" + rng.choice(["答复", "查处"]) + "职责"
                if inaction else rng.choice(acts), inaction=inaction,
                act_known_on=received - timedelta(days=rng.randint(5, 50)), received_on=received,
                amount=Decimal(rng.choice([500, 2000, 5000, 20000])) if rng.random() < 0.4 else None)
            self.counts["rc"] += 1
            accept_on = received + timedelta(days=rng.randint(1, 4))
            if accept_on >= self.today:
                continue
            services.rc_accept(actor=None, rc=rc, procedure=RcProcedure.ORDINARY, on=accept_on)
            sent = accept_on + timedelta(days=rng.randint(1, 5))
            if sent >= self.today:
                continue
            services.rc_send_copy(actor=None, rc=rc, sent_on=sent, served_on=sent + timedelta(days=1))
            answered = sent + timedelta(days=rng.randint(5, 13))
            if answered >= self.today:
                continue
            services.rc_receive_answer(actor=None, rc=rc, on=answered)
            decided = accept_on + timedelta(days=rng.randint(35, 58))
            if decided >= self.today:
                continue
            rc.refresh_from_db()
            r = rng.random()
            if r < 0.1:
                services.rc_terminate(actor=None, rc=rc, ground="1", on=decided)
                continue
            if inaction:
                decision = RcDecision.ORDER_PERFORM if r < 0.3 else RcDecision.DISMISS
            elif r < 0.66:
                decision = RcDecision.UPHOLD
            elif r < 0.82:
                decision = RcDecision.MEDIATED
            elif r < 0.9:
                decision = RcDecision.REVOKE
            elif r < 0.95:
                decision = RcDecision.CONFIRM_ILLEGAL
            else:
                decision = RcDecision.CHANGE
            if decision == RcDecision.UPHOLD and rc.answer_late:
                decision = RcDecision.REVOKE
            services.rc_decide(actor=None, rc=rc, decision=decision, on=decided,
                               summary={"uphold": "认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当。",
                                        "mediated": "经调解，双方达成调解协议，制作行政复议调解书。"}.get(
                                   decision, "行政行为存在违法或不当情形，依法予以纠正。"))

    # ------------------------------------------------------------ 行政应诉

    def litigations(self):
        rng = self.rng
        rcs = list(Reconsideration.objects.filter(decision=RcDecision.UPHOLD).order_by("id")[:6])
        for k, county in enumerate(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code")):
            agencies = [a for a in (self.government(county), *Agency.objects.filter(
                region=county, kind=AgencyKind.DEPARTMENT, is_active=True).exclude(name__endswith="司法局")
                .order_by("name")[:4]) if a is not None]
            if not agencies:
                continue
            high = county.code == HIGH_LOSS_COUNTY
            # losses by plan, not by chance: 兴仁市 4 (one of them the hidden kind), the others 0 or 1 in ~11
            # concluded cases — below the provincial 9.39% reference while 兴仁市 is far above it
            losses = ["loss", "loss", "loss", "hidden"] if high else (["loss"] if k in (0, 6) else [])
            concluded = 0
            start = date(self.today.year, 1, 10)
            span = (self.today - start).days - 20
            for i in range(LIT_PER_COUNTY):
                filed = start + timedelta(days=int(span * i / LIT_PER_COUNTY) + rng.randint(0, 6))
                lit = services.lit_register(
                    actor=None, agency=rng.choice(agencies), court=f"{county.name}人民法院",
                    case_number=f"（2026）黔23{county.code[-2:]}行初{rng.randint(1, 150)}号",
                    plaintiff=_name(rng, rng.random() < 0.3), filed_on=filed, instance=Instance.FIRST,
                    contested_act=rng.choice(["行政处罚决定", "房屋征收补偿决定", "不履行法定职责", "行政强制拆除",
                                              "政府信息公开答复"]),
                    reconsideration=rcs.pop() if rcs and rng.random() < 0.3 else None)
                self.counts["lit"] += 1
                hearing = filed + timedelta(days=rng.randint(30, 60))
                if hearing >= self.today:
                    continue
                required = rng.random() < 0.3
                head = rng.random() < (0.7 if high else 0.9)
                services.lit_record_appearance(
                    actor=None, lit=lit, hearing_on=hearing, head_required=required,
                    head_required_why=RequiredWhy.PUBLIC_INTEREST if required else "",
                    head_rank=rng.choice([HeadRank.PRINCIPAL, HeadRank.DEPUTY, HeadRank.IN_CHARGE]) if head else "",
                    head_name=_name(rng, False) if head else "", staff_appeared=not head,
                    absence_reason="duty" if not head and rng.random() < 0.5 else "",
                    absence_proof="主要负责人签字的说明" if not head else "")
                closed = hearing + timedelta(days=rng.randint(15, 45))
                if closed >= self.today:
                    continue
                lit.refresh_from_db()
                r = rng.random()
                plan = losses.pop(0) if losses and concluded % 2 == 1 else ""
                concluded += 1
                if plan == "loss":
                    closure = rng.choice([Closure.REVOKE, Closure.CONFIRM_ILLEGAL, Closure.PERFORM])
                    reasons = rng.sample(["主要证据不足", "违反法定程序", "适用法律错误", "执法理念", "应诉能力"], 2)
                elif plan == "hidden":
                    closure, reasons = Closure.WITHDRAWN_AFTER_CHANGE, ["实质化解"]
                elif r < 0.7:
                    closure, reasons = Closure.REJECT_CLAIM, []
                elif r < 0.88:
                    closure, reasons = Closure.WITHDRAWN, []
                else:
                    closure, reasons = Closure.RULING_DISMISS, []
                services.lit_close(actor=None, lit=lit, closure=closure, on=closed, loss_reasons=reasons)

    # ------------------------------------------------------------ 意见书 and 司法建议

    def letters(self):
        """One 意见书 per the first two corrected cases (one reported in time, one overdue and pressed with
        a 责令限期履行), and a 司法建议 on the first litigation (answered) and the second (open)."""
        from fazhi.core.choices import AgencyKind

        corrected = list(Reconsideration.objects.filter(decision__in=(RcDecision.REVOKE, RcDecision.CONFIRM_ILLEGAL))
                         .select_related("organ__region__parent", "respondent").order_by("closed_on", "id")[:2])
        for index, rc in enumerate(corrected):
            issued = rc.closed_on + timedelta(days=3)
            if issued + timedelta(days=75) >= self.today:
                continue
            copy = ""
            if rc.organ.kind == AgencyKind.GOVERNMENT and rc.respondent.kind == AgencyKind.DEPARTMENT \
                    and rc.respondent.region_id == rc.organ.region_id:
                upper = (Agency.objects.filter(region=rc.organ.region.parent, kind=AgencyKind.DEPARTMENT,
                                               is_active=True).order_by("id").first()
                         if rc.organ.region.parent_id else None)
                copy = upper.name if upper else "贵州省" + rc.respondent.name.removeprefix("黔西南州")
            services.rc_issue_letter(actor=None, rc=rc, kind="opinion", addressee="respondent", copied_to=copy,
                                     content="经审查，该行政行为存在程序违法情形，请对同类案件开展自查并依法纠正。",
                                     on=issued)
            rc.refresh_from_db()
            letter = rc.letters.select_related("reply_deadline").get()
            if index == 0:
                services.rc_letter_reply(actor=None, rc=rc, letter=1, on=issued + timedelta(days=40),
                                         reply="已对同类案件完成自查，纠正 3 件，并修订了执法文书模板。")
            else:
                due = letter.reply_deadline.due_date
                services.rc_letter_measure(actor=None, rc=rc, letter=1, measure="order", on=due + timedelta(days=1),
                                           due_on=due + timedelta(days=16), note="逾期未报送纠正情况，责令十五日内履行。")
        for index, lit in enumerate(Litigation.objects.order_by("filed_on", "id")[:2]):
            received = lit.filed_on + timedelta(days=60)
            if received + timedelta(days=30) >= self.today:
                continue
            services.lit_receive_suggestion(actor=None, lit=lit, on=received,
                                            content="建议进一步规范行政执法文书送达程序，确保当事人陈述申辩权利。")
            if index == 0:
                services.lit_answer_suggestion(actor=None, lit=lit, suggestion=1, on=received + timedelta(days=25),
                                               answer="已组织全系统执法人员专题培训，修订送达回证样式。")

    # ------------------------------------------------------------ online applications (portal)

    def applications(self):
        """Two applications made on the portal: a mediation one waiting to be registered, and a reconsideration
        one registered as the latest case of its county (the applicant follows its stage by the code)."""
        from django.utils import timezone as tz

        from .choices import ApplicationKind, ApplicationState
        from .models import PublicApplication

        rc = Reconsideration.objects.select_related("respondent").order_by("-received_on", "-id").first()
        county = Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").first()
        PublicApplication.objects.create(
            kind=ApplicationKind.MEDIATION, region=county, region_path=county.region_path, name="吴某",
            contact="13908590000", respondent_name="邻居陈某", act="宅基地排水沟渠引发的相邻关系纠纷",
            content="请求村人民调解委员会调解，疏通排水沟。", submitted_at=tz.now() - timedelta(days=1))
        if rc is not None:
            region = rc.organ.region if rc.organ.region.level == RegionLevel.COUNTY else county
            PublicApplication.objects.create(
                kind=ApplicationKind.RECONSIDERATION, region=region, region_path=region.region_path,
                name=rc.applicant_name, contact="13800000000", respondent_name=rc.respondent.name, act=rc.act,
                act_known_on=rc.act_known_on, content="请求撤销该行政行为。", state=ApplicationState.REGISTERED,
                reconsideration=rc, submitted_at=tz.now() - timedelta(days=(self.today - rc.received_on).days))

    # ------------------------------------------------------------ 败诉率 reference and 情况说明

    def explanations(self):
        from . import explanations
        from .models import LossReference

        LossReference.objects.get_or_create(
            year=2024, scope="provincial",
            defaults={"value": Decimal("0.0939"), "numerator": 678, "denominator": 7223,
                      "source": "贵州省高级人民法院发布：2024年全省一审行政案件审结7223件、败诉678件"})
        pref = Region.objects.filter(level=RegionLevel.PREFECTURE).order_by("code").first()
        issuer = self.sfj(pref) if pref else None
        if issuer is None:
            return
        for req in explanations.propose(actor=None, year=self.today.year, issuer=issuer, on=self.today):
            explanations.send(actor=None, req=req, on=self.today)
            self.counts["explanations"] = self.counts.get("explanations", 0) + 1

    # ------------------------------------------------------------ accounts

    def accounts(self):
        password = demo_password()
        for account in ACCOUNTS:
            if account.where == PREFECTURE:
                region = Region.objects.filter(level=RegionLevel.PREFECTURE).order_by("code").first()
            else:
                region = Region.objects.filter(code=account.where).first()
            if region is None:
                continue
            agency = self.government(region) if account.agency in ("gov", "township") else self.sfj(region)
            if agency is None:
                continue
            user = User.objects.filter(username=account.username).first()
            if user is None:
                user = core_services.user_create(actor=None, username=account.username, full_name=account.full_name,
                                                 agency=agency, password=password, must_change_password=False)
                self.counts["accounts"] += 1
            if not RoleAssignment.objects.filter(user=user, role=account.role, scope=account.scope).exists():
                core_services.role_grant(actor=None, user=user, role=account.role, scope=account.scope)


@transaction.atomic
def load_disputes_demo(stdout=None, today: date | None = None):
    def say(msg):
        if stdout is not None:
            stdout.write(msg)

    refuse_in_production()
    if not Region.objects.filter(level=RegionLevel.VILLAGE).exists():
        raise ServiceError("没有村（居）区划：请先运行 load_demo。")
    loader = _Loader(today or timezone.localdate(), say)
    loader.accounts()
    if Committee.objects.exists() or Litigation.objects.exists():
        say("矛盾纠纷化解演示数据已存在，未重复加载。")
        return loader.counts
    by_township = loader.committees()
    loader.mediations(by_township)
    loader.reconsiderations()
    loader.litigations()
    loader.letters()
    loader.applications()
    loader.explanations()
    c = loader.counts
    say(f"矛盾纠纷化解：调解委员会{c['committees']}个、调解员{c['mediators']}人、调解案件{c['cases']}件"
        f"（含诉调对接{c['referrals']}件）、行政复议{c['rc']}件、行政应诉{c['lit']}件、"
        f"败诉率情况说明函{c.get('explanations', 0)}件。")
    return c
