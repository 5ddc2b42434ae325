"""The staff pages of 行政执法: work list, case list and page (kernel action panels), 案源登记, registers,
涉企检查 with its warnings, publication with redaction, documents, anomaly flags — and scope."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from fazhi.core.choices import Role, Scope
from fazhi.core.docgen import docx_text
from fazhi.core.tests.factories import make_user
from fazhi.enforcement import services
from fazhi.enforcement.choices import CaseState, MatterKind, PartyKind
from fazhi.enforcement.models import Case, Inspection

from .test_case import investigated, run

D = datetime.date
USCC = "91522301MA6DQ1KQ3W"  # a valid 统一社会信用代码 (GB 32100 check character)


@pytest.fixture
def officer_client(client, people):
    client.force_login(people.officer)
    return client


def test_uscc_fixture_is_valid():
    from fazhi.core.validators import validate_uscc

    validate_uscc(USCC)


def test_work_list_and_case_list_show_the_officers_cases(officer_client, case, people):
    r = officer_client.get(reverse("enforcement:home"))
    assert r.status_code == 200 and "我承办的未结案件" in r.content.decode()
    assert case.party_name in r.content.decode()
    r = officer_client.get(reverse("enforcement:cases"))
    assert r.status_code == 200 and str(case.code) in r.content.decode()


def test_case_list_costs_the_same_queries_for_more_cases(officer_client, case, reg, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer_client.get(reverse("enforcement:cases"))  # the worker's caches (agency choices, filter bar) filled
    with CaptureQueriesContext(connection) as one:
        officer_client.get(reverse("enforcement:cases"))
    for i in range(6):
        with transaction.atomic():
            services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                 party_name=f"某公司{i}", party_kind=PartyKind.ORGANISATION,
                                 occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10))
    Case.objects.filter(party_name="某公司0").update(number="罚〔2026〕1号", state=CaseState.CLOSED,
                                                  fine_amount=2000, registered_on=D(2026, 3, 12))
    with CaptureQueriesContext(connection) as seven:
        r = officer_client.get(reverse("enforcement:cases"))
    assert len(seven.captured_queries) == len(one.captured_queries)  # the rows add no query
    assert r.content.decode().count("某公司") == 6
    with CaptureQueriesContext(connection) as htmx:  # the table partial (htmx): no more than the page
        r = officer_client.get(reverse("enforcement:cases"), headers={"HX-Request": "true", "HX-Target": "enf-results"})
    assert "<html" not in r.content.decode() and r.content.decode().count("某公司") == 6
    assert len(htmx.captured_queries) <= len(one.captured_queries)


def test_case_list_rows_show_each_column_escaped(officer_client, case, reg, people):
    Case.objects.filter(pk=case.pk).update(party_name="<script>alert(1)</script>公司", number="罚〔2026〕7号",
                                           state=CaseState.LEGAL_REVIEW, fine_amount="12500.50",
                                           registered_on=D(2026, 3, 12))
    with transaction.atomic():
        source = services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"], party_name="张某&李某",
                                      party_kind=PartyKind.ORGANISATION, occurred_on=D(2026, 3, 2),
                                      discovered_on=D(2026, 3, 10), procedure="summary")
    html = officer_client.get(reverse("enforcement:cases")).content.decode()
    assert "<script>alert(1)" not in html
    agency, matter = reg["agency"].name, reg["matter"].name
    assert (f'<tr data-code="{case.code}"><td class="fz-break"><a href="/enforcement/cases/{case.code}/">罚〔2026〕7号</a>'
            f'<div class="small text-body-secondary">&lt;script&gt;alert(1)&lt;/script&gt;公司 · 普通程序</div></td>'
            f'<td><span class="badge text-bg-warning" data-state="legal_review">法制审核</span></td>'
            f'<td class="d-none d-md-table-cell small">{matter}</td>'
            f'<td class="d-none d-lg-table-cell small">{agency}</td>'
            f'<td class="fz-num d-none d-md-table-cell">12500.50</td>'
            f'<td class="d-none d-md-table-cell text-nowrap small">2026-03-12</td></tr>') in html
    assert (f'<tr data-code="{source.code}"><td class="fz-break"><a href="/enforcement/cases/{source.code}/">（案源）</a>'
            f'<div class="small text-body-secondary">张某&amp;李某 · 简易程序</div></td>'
            f'<td><span class="badge text-bg-primary" data-state="source">案源登记</span></td>'
            f'<td class="d-none d-md-table-cell small">{matter}</td>'
            f'<td class="d-none d-lg-table-cell small">{agency}</td>'
            f'<td class="fz-num d-none d-md-table-cell">—</td>'
            f'<td class="d-none d-md-table-cell text-nowrap small">—</td></tr>') in html
    assert html.index(str(source.code)) < html.index(str(case.code))  # newest first
    first = officer_client.get(reverse("enforcement:cases"), {"page_size": 1})
    assert str(source.code) in first.content.decode() and str(case.code) not in first.content.decode()
    after = first.context["page"].next_cursor
    second = officer_client.get(reverse("enforcement:cases"), {"page_size": 1, "after": after}).content.decode()
    assert str(case.code) in second and str(source.code) not in second and "12500.50" in second


def test_the_case_list_exports_its_rows_and_a_large_list_goes_to_the_background(
        client, case, reg, people, org, settings, tmp_path, django_capture_on_commit_callbacks):
    import io

    from openpyxl import load_workbook

    from fazhi.core.models import ExportJob

    with transaction.atomic():
        services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"], party_name="某公司甲",
                             party_kind=PartyKind.ORGANISATION, occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10))
    outsider = make_user("anlong_zf_x", org.anlong_sfj, (Role.ENFORCEMENT_OFFICER, Scope.OWN))
    client.force_login(people.officer)
    assert 'href="/enforcement/cases/?format=xlsx"' in client.get(reverse("enforcement:cases")).content.decode()
    r = client.get(reverse("enforcement:cases"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("案号", "执法机关", "执法事项") and {row[5] for row in rows[1:]} == {case.party_name, "某公司甲"}
    # The same list, filtered on the page, is what the file holds.
    r = client.get(reverse("enforcement:cases"), {"format": "xlsx", "q": "某公司甲"})
    assert [row[5] for row in list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))[1:]] \
        == ["某公司甲"]
    # Above the threshold: a background job for this user, with the rows of this user's scope only.
    settings.FAZHI_EXPORT_BACKGROUND_ROWS, settings.VAR_DIR = 1, tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        r = client.get(reverse("enforcement:cases"), {"format": "xlsx"})
    assert r.status_code == 302, r.status_code
    job = ExportJob.objects.get()
    assert (job.status, job.processed, job.key) == ("done", 2, "enforcement.cases")
    client.force_login(outsider)
    assert client.get(reverse("core:export_download", args=[job.code])).status_code == 404
    r = client.get(reverse("enforcement:cases"), {"format": "xlsx"})  # nothing in 安龙县: streamed, header only
    assert len(list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))) == 1


def test_the_case_page_offers_the_next_steps_and_registers_through_the_panel(officer_client, case):
    url = reverse("enforcement:case", args=[case.code])
    page = officer_client.get(url).content.decode()
    assert "立案" in page and "不予立案" in page and "依据：《行政处罚法》第五十四条" in page
    r = officer_client.post(url, {"action": "register", "register-on_date": "2026-03-12"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.REGISTERED and case.registered_on == D(2026, 3, 12)
    page = officer_client.get(url).content.decode()
    assert "作出行政处罚决定（立案后90日）" in page and "2026-06-10" in page  # the 90-day clock, 第六十条


def test_a_refused_step_answers_409_with_every_reason_and_changes_nothing(officer_client, case, people, reg):
    investigated(case, people, reg)  # a fine below the 重大执法决定 threshold, served 2026-09-28: past 国庆
    run(services.case_notify, actor=people.officer, case=case, served_on=D(2026, 9, 28), penalty_kind="fine",
        fine_amount="5000")
    url = reverse("enforcement:case", args=[case.code])
    r = officer_client.post(url, {"action": "decide", "decide-on_date": "2026-10-08"})
    assert r.status_code == 409
    assert "陈述、申辩期至 2026年10月08日 届满" in r.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.NOTIFIED and case.decided_on is None


def test_bad_input_answers_400_in_chinese(officer_client, case, people, reg):
    investigated(case, people, reg)
    url = reverse("enforcement:case", args=[case.code])
    r = officer_client.post(url, {"action": "notify", "notify-served_on": "2026-09-28", "notify-penalty_kind": "fine",
                                  "notify-fine_amount": ""})
    assert r.status_code == 400 and "请填写罚款金额" in r.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATING and case.notice_served_on is None


def test_an_expired_certificate_is_refused_by_name_on_the_page(officer_client, case, people, reg):
    run(services.case_register, actor=people.officer, case=case, on_date=D(2026, 4, 1))
    url = reverse("enforcement:case", args=[case.code])
    r = officer_client.post(url, {"action": "record_act", "record_act-kind": "询问", "record_act-on_date": "2026-04-01",
                                  "record_act-officers": [reg["a"].pk, reg["expired"].pk]})
    assert r.status_code == 409
    assert "王五" in r.content.decode() and "不得少于两人" in r.content.decode()


def test_other_agencies_users_get_404_and_the_agencys_legal_staff_sees_it(client, case, people):
    url = reverse("enforcement:case", args=[case.code])
    client.force_login(people.xingyi_fzb)  # 兴义市: another region
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "register", "register-on_date": "2026-03-12"}).status_code == 404
    client.force_login(people.zsthj_fz)
    assert client.get(url).status_code == 200


def test_case_create_page_attaches_the_lenient_suggestion(officer_client, reg, people):
    from fazhi.enforcement.choices import LenientKind

    with transaction.atomic():
        services.register_create(actor=None, register="lenient", agency=reg["agency"], matter=reg["matter"],
                                 kind=LenientKind.FIRST_OFFENCE, violation="超标排放大气污染物", legal_basis="第三十三条",
                                 conditions="初次违法且危害后果轻微并及时改正")
    r = officer_client.post(reverse("enforcement:case_create"), {
        "matter": reg["matter"].pk, "procedure": "general", "party_name": "某某科技有限公司",
        "party_kind": "organisation", "occurred_on": "2026-05-06", "discovered_on": "2026-05-08"}, follow=True)
    assert r.status_code == 200
    case = Case.objects.get(party_name="某某科技有限公司")
    assert case.created_by == people.officer and case.lenient_item is not None
    assert "行政处罚法第三十三条" in r.content.decode()


def test_case_create_refuses_a_matter_of_another_agency(officer_client, org, reg):
    with transaction.atomic():
        other = services.register_create(actor=None, register="matter", agency=org.xingyi_sfj, kind=MatterKind.PENALTY,
                                         code="X-1", name="他机关事项", legal_basis="某法")
    r = officer_client.post(reverse("enforcement:case_create"), {
        "matter": other.pk, "procedure": "general", "party_name": "某公司", "party_kind": "organisation",
        "occurred_on": "2026-05-06", "discovered_on": "2026-05-08"})
    assert r.status_code == 400 and not Case.objects.filter(party_name="某公司").exists()


def test_registers_are_listed_and_kept_by_those_who_may(client, reg, people):
    client.force_login(people.officer)
    r = client.get(reverse("enforcement:register", args=["officer"]))
    assert r.status_code == 200 and "52230003" in r.content.decode() and "已过期" in r.content.decode()
    data = {"r-name": "新人", "r-certificate_no": "52239999", "r-field": "生态环境", "r-issued_on": "2026-01-01",
            "r-expires_on": "2028-01-01", "r-training_hours": "40"}
    assert client.post(reverse("enforcement:register", args=["officer"]), data).status_code == 403
    client.force_login(people.zsthj_fz)
    assert client.post(reverse("enforcement:register", args=["officer"]), data).status_code == 302
    bad = {**data, "r-certificate_no": "52239998", "r-expires_on": "2025-01-01"}
    r = client.post(reverse("enforcement:register", args=["officer"]), bad)
    assert r.status_code == 400 and "有效期不能早于发证日期" in r.content.decode()
    for key in ("body", "matter", "benchmark", "lenient", "plan", "major"):
        assert client.get(reverse("enforcement:register", args=[key])).status_code == 200
    r = client.post(reverse("enforcement:register", args=["major"]), {
        "r-fine_person": "5000", "r-fine_organisation": "200000", "r-penalty_kinds": ["suspend_business"],
        "r-published_on": "2026-01-15"})
    assert r.status_code == 302
    assert "200000" in client.get(reverse("enforcement:register", args=["major"])).content.decode()
    assert client.get("/enforcement/registers/nothing/").status_code == 404


# ---------------------------------------------------------------- 涉企检查


def _inspection(client, reg, **over):
    data = {"enterprise_name": "某某化工有限公司", "credit_code": USCC, "on_date": "2026-11-10", "kind": "routine",
            "source": "plan", "mode": "on_site", "items": "排污许可执行情况", "result": "clean",
            "officers": [reg["a"].pk, reg["b"].pk], **over}
    return client.post(reverse("enforcement:inspection_create"), data)


def test_a_field_inspection_gets_a_check_code_and_photos(officer_client, reg, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
           b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
    r = _inspection(officer_client, reg, photos=SimpleUploadedFile("现场.png", png, content_type="image/png"))
    assert r.status_code == 302
    inspection = Inspection.objects.get()
    assert len(inspection.check_code) == 10 and inspection.warnings == []
    page = officer_client.get(r["Location"]).content.decode()
    assert inspection.check_code in page and "现场.png" in page


def test_inspection_refuses_bad_credit_codes_and_invalid_certificates(officer_client, reg):
    r = _inspection(officer_client, reg, credit_code="91522301MA6DQ1KQ3Y")
    assert r.status_code == 400 and "校验位不正确" in r.content.decode()
    r = _inspection(officer_client, reg, officers=[reg["a"].pk, reg["suspended"].pk])
    assert r.status_code == 409 and "赵六" in r.content.decode()
    assert not Inspection.objects.exists()


def test_inspection_warns_of_another_agency_within_the_window_and_of_the_cap(officer_client, reg, org):
    with transaction.atomic():
        mk = services.register_create
        other = [mk(actor=None, register="officer", agency=org.zhou_sfj, name=n, certificate_no=c, field="司法",
                    issued_on=D(2024, 1, 1), expires_on=D(2027, 1, 1)) for n, c in (("甲", "X1"), ("乙", "X2"))]
        services.inspection_record(actor=None, agency=org.zhou_sfj, enterprise_name="某某化工有限公司", credit_code=USCC,
                                   on_date=D(2026, 10, 12), items="检查", result="clean", officers=other)
    # 2026-10-12 + 30 days = 2026-11-11: inside the window on the 11th, outside on the 12th.
    assert _inspection(officer_client, reg, on_date="2026-11-12").status_code == 302
    first = Inspection.objects.get(agency=reg["agency"])
    assert first.warnings == []
    r = _inspection(officer_client, reg, on_date="2026-11-11")
    second = Inspection.objects.filter(agency=reg["agency"]).latest("id")
    kinds = [w["kind"] for w in second.warnings]
    assert "joint" in kinds and "cap" in kinds  # 2 inspections this year > the default cap of 1
    page = officer_client.get(r["Location"]).content.decode()
    assert "建议联合检查" in page and "黔西南州司法局" in page
    # 个案检查 does not count towards the cap.
    _inspection(officer_client, reg, on_date="2026-11-13", kind="case")
    assert [w["kind"] for w in Inspection.objects.latest("id").warnings] == []


# ---------------------------------------------------------------- publication, documents, anomalies


def _decided_person_case(people, reg):
    with transaction.atomic():
        case = services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                    party_name="欧阳明", party_kind=PartyKind.PERSON, occurred_on=D(2026, 3, 2),
                                    discovered_on=D(2026, 3, 10),
                                    facts="欧阳明（身份证号 52230119800101123X，电话 138 0851 2345）在住所焚烧垃圾。")
    investigated(case, people, reg)
    run(services.case_notify, actor=people.officer, case=case, served_on=D(2026, 9, 28), penalty_kind="fine",
        fine_amount="1500")
    run(services.case_decide, actor=people.officer, case=case, on_date=D(2026, 10, 9))
    run(services.case_serve, actor=people.officer, case=case, on_date=D(2026, 10, 10))
    case.refresh_from_db()
    return case


def test_publication_redacts_and_withdrawal_needs_a_reason(officer_client, people, reg):
    case = _decided_person_case(people, reg)
    url = reverse("enforcement:case", args=[case.code])
    r = officer_client.post(url, {"action": "publish", "publish-on_date": "2026-10-12",
                                  "publish-extra_passages": "在住所"})
    assert r.status_code == 302
    case.refresh_from_db()
    text = case.published_text
    assert "欧阳某" in text and "欧阳明" not in text and "52230119800101123X" not in text and "0851" not in text
    assert "在住所" not in text and case.agency.name in text
    d = services.case_deadlines(case).get(rule_code="enforcement.publication")
    assert d.status == "done"
    r = officer_client.post(url, {"action": "withdraw_publication", "withdraw_publication-changed_on": "2026-10-20",
                                  "withdraw_publication-on_date": "2026-10-21", "withdraw_publication-reason": ""})
    assert r.status_code == 400
    r = officer_client.post(url, {"action": "withdraw_publication", "withdraw_publication-changed_on": "2026-10-20",
                                  "withdraw_publication-on_date": "2026-10-21",
                                  "withdraw_publication-reason": "行政复议机关变更了处罚决定"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.withdrawn_on == D(2026, 10, 21) and case.state == CaseState.PUBLISHED


def test_the_withdrawal_deadline_is_three_working_days(calendar):
    from fazhi.enforcement import rules

    assert rules.withdrawal_due(D(2026, 9, 29)) == D(2026, 10, 9)  # across 国庆 (10-1…10-7): 9-30, 10-8, 10-9
    assert rules.withdrawal_due(D(2026, 11, 2)) == D(2026, 11, 5)


def test_decision_and_notice_open_as_docx(officer_client, people, reg):
    case = _decided_person_case(people, reg)
    r = officer_client.get(reverse("enforcement:case_docx", args=[case.code, "decision"]))
    text = docx_text(b"".join(r.streaming_content))
    for item in ("行政处罚决定书", "违法事实和证据", "种类和依据", "履行方式和期限", "申请行政复议", "六十日", "2026年10月9日"):
        assert item in text
    r = officer_client.get(reverse("enforcement:case_docx", args=[case.code, "notice"]))
    assert "陈述和申辩" in docx_text(b"".join(r.streaming_content))
    assert officer_client.get(reverse("enforcement:case_docx", args=[case.code, "other"])).status_code == 404
    assert officer_client.get(reverse("enforcement:case_docx", args=[case.code, "closing"])).status_code == 404
    for kind, words in (("registration", "立案审批表"), ("service", "送达回证")):
        r = officer_client.get(reverse("enforcement:case_docx", args=[case.code, kind]))
        assert words in docx_text(b"".join(r.streaming_content))
    act = case.acts.first()
    r = officer_client.get(reverse("enforcement:case_docx", args=[case.code, f"act-{act.pk}"]))
    text = docx_text(b"".join(r.streaming_content))
    assert "现场检查（勘验）笔录" in text and "52230001" in text and "出示执法证件" in text
    page = officer_client.get(reverse("enforcement:case", args=[case.code])).content.decode()
    assert "立案审批表" in page and "笔录（.docx）" in page


def test_anomaly_page_explains_each_flag_with_its_records(client, people, reg, org):
    from fazhi.enforcement import anomalies

    with transaction.atomic():
        for day in (2, 9, 16):
            services.inspection_record(actor=None, agency=reg["agency"], enterprise_name="某某化工有限公司",
                                       credit_code=USCC, on_date=D(2026, 11, day), items="检查", result="clean",
                                       officers=[reg["a"], reg["b"]])
        services.register_create(actor=None, register="body", agency=org.xingyi_sfj, name="兴义市司法局",
                                 legal_basis="某法")
    supervisor = make_user("zsfj_jd", org.zhou_sfj, (Role.ENFORCEMENT_SUPERVISOR, Scope.REGION))
    flags = {f["code"]: f for f in anomalies.flags(user=supervisor, year=2026)}
    assert len(flags["repeat"]["rows"]) == 1 and len(flags["repeat"]["rows"][0]["inspections"]) == 3
    assert [r["agency"] for r in flags["zero"]["rows"]] == ["兴义市司法局"]
    client.force_login(supervisor)
    page = client.get(reverse("enforcement:anomalies") + "?year=2026").content.decode()
    assert "同一企业短期内多次被检查" in page and "全年零执法" in page


def test_nav_shows_the_enforcement_section_to_officers(officer_client):
    page = officer_client.get(reverse("enforcement:home")).content.decode()
    assert "涉企行政检查" in page and "执法名录与基准" in page


def test_fines_at_the_top_of_the_range_and_same_day_decisions_are_flagged(people, reg, org):
    from fazhi.enforcement import anomalies
    from fazhi.enforcement.models import Case

    top = reg["bench"].ranges.get(level="lenient")
    with transaction.atomic():
        for i in range(4):
            c = services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                     party_name=f"顶格公司{i}", party_kind=PartyKind.ORGANISATION,
                                     occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10))
            Case.objects.filter(pk=c.pk).update(benchmark_range=top, fine_amount=top.max_fine, decided_on=D(2026, 5, 6),
                                                registered_on=D(2026, 5, 6), state=CaseState.DECIDED)
    supervisor = make_user("zsfj_jd", org.zhou_sfj, (Role.ENFORCEMENT_SUPERVISOR, Scope.REGION))
    flags = {f["code"]: f for f in anomalies.flags(user=supervisor, year=2026)}
    assert len(flags["max_fine"]["rows"]) == 1 and len(flags["max_fine"]["rows"][0]["cases"]) == 4
    assert "4 件普通程序案件在立案当日即作出决定" in flags["same_day"]["rows"][0]["text"]
    from django.test import Client

    client = Client()
    client.force_login(supervisor)
    page = client.get(reverse("enforcement:anomalies") + "?year=2026").content.decode()
    assert "罚款集中在裁量上限" in page and "顶格公司0</a>" in page  # each flag links its cases


def test_evidence_is_stored_with_its_hash_sealed_and_seen_only_in_scope(officer_client, client, case, people, reg,
                                                                        settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    run(services.case_register, actor=people.officer, case=case, on_date=D(2026, 4, 1))
    url = reverse("enforcement:case", args=[case.code])
    note = SimpleUploadedFile("询问笔录.txt", "询问笔录：当事人承认超标排放。".encode(), content_type="text/plain")
    r = officer_client.post(url, {"action": "record_act", "record_act-kind": "询问", "record_act-on_date": "2026-04-02",
                                  "record_act-officers": [reg["a"].pk, reg["b"].pk], "record_act-evidence": note})
    assert r.status_code == 302
    att = Attachment.objects.get()
    assert att.locked and len(att.sha256) == 64
    page = officer_client.get(url).content.decode()
    assert "询问笔录.txt" in page and "已封存" in page
    download = reverse("core:attachment_download", args=[att.code])
    assert officer_client.get(download).status_code == 200
    client.force_login(people.xingyi_fzb)
    assert client.get(download).status_code in (403, 404)


def test_a_seizure_cannot_be_recorded_without_audio_or_video(officer_client, case, people, reg, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    run(services.case_register, actor=people.officer, case=case, on_date=D(2026, 4, 1))
    url = reverse("enforcement:case", args=[case.code])
    note = SimpleUploadedFile("清单.txt", "查封清单".encode(), content_type="text/plain")
    r = officer_client.post(url, {"action": "record_act", "record_act-kind": "查封、扣押",
                                  "record_act-on_date": "2026-04-02", "record_act-officers": [reg["a"].pk, reg["b"].pk],
                                  "record_act-evidence": note})
    assert r.status_code == 409 and "全程音像记录" in r.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.REGISTERED and not case.acts.exists()


def test_indicators_name_numerator_denominator_and_base(people, reg, org):
    from fazhi.core.indicators import Period, get

    case = _decided_person_case(people, reg)  # decided 2026-10-09, registered 2026-03-12: 90-day clock missed
    run(services.case_publish, actor=people.officer, case=case, on_date=D(2026, 10, 12))  # within 7 working days
    period = Period.year(2026)
    agency = reg["agency"]
    fig = get("enforcement.publication_timeliness")(agency, period)
    assert (fig.numerator, fig.denominator) == (1, 1) and fig.base
    fig = get("enforcement.within_90_days")(agency, period)
    assert (fig.numerator, fig.denominator) == (0, 1)
    fig = get("enforcement.certificate_validity")(agency, period)
    assert (fig.numerator, fig.denominator) == (2, 4)  # expired 2026-03-31 and suspended do not count
    with transaction.atomic():
        for day in (2, 9):
            services.inspection_record(actor=None, agency=agency, enterprise_name="某某化工有限公司", credit_code=USCC,
                                       on_date=D(2026, 11, day), items="检查", result="clean",
                                       officers=[reg["a"], reg["b"]])
    fig = get("enforcement.duplicate_inspection_rate")(agency, period)
    assert (fig.numerator, fig.denominator) == (1, 2)  # the second one passes the yearly cap of 1


def test_every_grouped_indicator_gives_the_same_figures_for_many_units_as_one_by_one(people, reg, org):
    from fazhi.core.indicators import Period, evaluate, get
    from fazhi.enforcement.indicators import GROUPED

    case = _decided_person_case(people, reg)
    run(services.case_publish, actor=people.officer, case=case, on_date=D(2026, 10, 12))
    with transaction.atomic():
        services.inspection_record(actor=None, agency=reg["agency"], enterprise_name="某某化工有限公司", credit_code=USCC,
                                   on_date=D(2026, 10, 20), items="检查", result="clean", officers=[reg["a"], reg["b"]])
    units = [org.zhou_sthj, org.xingyi_sfj, org.zhou_sthj.region, org.xingyi_sfj.region]
    for period in (Period.month(2026, 10), Period.year(2026)):
        for code in GROUPED:
            ind = get(code)
            grouped = evaluate(ind, units, period)
            for unit in units:
                one = ind(unit, period)
                assert (grouped[unit].value, grouped[unit].numerator, grouped[unit].denominator) == (
                    one.value, one.numerator, one.denominator), (code, unit, period)
    assert get("enforcement.decisions")(org.zhou_sthj.region, Period.year(2026)).value == 1


def test_an_individual_business_keeps_its_trade_name_and_masks_its_operator(people, reg):
    from fazhi.enforcement import rules

    with transaction.atomic():
        case = services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                    party_name="兴义市老街烧烤店", party_kind=PartyKind.INDIVIDUAL_BUSINESS,
                                    party_operator="欧阳明", occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10),
                                    facts="经营者欧阳明在店外露天烧烤。")
    text = services.publication_text(case)
    assert "兴义市老街烧烤店" in text and "欧阳某" in text and "欧阳明" not in text
    # 简易程序: an individual business is a citizen doing business — the 200-yuan limit (第五十一条)
    assert rules.summary_problems(party_kind=PartyKind.INDIVIDUAL_BUSINESS, penalty_kind="fine", fine_amount=201)
    assert not rules.summary_problems(party_kind=PartyKind.INDIVIDUAL_BUSINESS, penalty_kind="fine", fine_amount=200)
