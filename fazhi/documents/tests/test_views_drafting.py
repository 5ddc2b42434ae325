"""The drafting-side pages: who may open them, what they show, and what a good or a bad POST does.

Every mutating view is tried anonymous, without the permission, out of scope (兴义市 on an 安龙县
document) and allowed; in each denied or refused case nothing changes and no audit event is added.
"""

import io
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from fazhi.core.exports import XLSX_TYPE
from fazhi.core.models import Attachment, AuditEvent, ExportJob, Notification
from fazhi.documents import services
from fazhi.documents.choices import DocumentState, FilingReviewStatus, FilingStatus, Validity
from fazhi.documents.models import NormativeDocument
from fazhi.documents.selectors import validity_of
from fazhi.documents.tests.conftest import BODY, MINIMAL_PDF, return_for_supplement
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import AnswerOutcome, ScreeningStatus
from fazhi.procedure.models import AnswerTemplate, Comment, CommentCall

pytestmark = pytest.mark.django_db

DAY = date(2026, 9, 25)


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=False)


def url(name: str, doc=None) -> str:
    return reverse(f"documents:{name}", args=[doc.code] if doc is not None else [])


def audit_count(doc=None) -> int:
    qs = AuditEvent.objects.all()
    if doc is not None:
        qs = qs.filter(object_type="documents.normativedocument", object_id=str(doc.pk))
    return qs.count()


def docx_file(lines, name="正文.docx") -> SimpleUploadedFile:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def stored_files() -> int:
    root = Path(settings.MEDIA_ROOT)
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def pdf_file(name="签发文本.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def draft_data(org, **overrides) -> dict:
    data = {"title": "兴义市城市户外广告设置管理办法", "category": "administration", "issuing_agency": org.xingyi_gov.pk,
            "affects_rights": "on", "validity_years": "5", "drafting_notes": "起草说明：……",
            "legal_basis": "《中华人民共和国广告法》", "body": BODY}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def anlong_doc(dp, org):
    with at(DAY):
        return services.document_create(actor=dp.anlong_qc, title="安龙县集贸市场管理办法", body=BODY,
                                        issuing_agency=org.anlong_gov, affects_rights=True, concerns_market=False)


@pytest.fixture
def commenting(walker, dp):
    """A 兴义市 draft in its comment window (2026-09-28 … 10-12)."""
    doc = walker.draft(on=DAY)
    with walker.at(date(2026, 9, 28)):
        services.comment_open(actor=dp.xingyi_qc, document=doc, start=date(2026, 9, 28), end=date(2026, 10, 12))
    doc.refresh_from_db()
    return doc


@pytest.fixture
def deliberated(walker):
    return walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY))))


# ------------------------------------------------------------------ access


GET_PAGES = ["list", "my_drafts", "create"]
DOC_GET_PAGES = ["detail", "edit", "versions_diff", "timeline", "fair_competition"]
DOC_POST_PAGES = ["transition", "comment_enter", "comments_bulk", "comment_summary"]


class TestAccess:
    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, client, anlong_doc):
        for name in GET_PAGES:
            response = client.get(url(name))
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        for name in DOC_GET_PAGES:
            response = client.get(url(name, anlong_doc))
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
        for name in DOC_POST_PAGES:
            response = client.post(url(name, anlong_doc), {"action": "open_comment"})
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name

    @pytest.mark.parametrize("username", ["zsthj_zf1", "sysadmin"])
    def test_a_user_without_the_documents_permissions_is_refused(self, client, dp, people, anlong_doc, username):
        client.force_login({"zsthj_zf1": people.officer, "sysadmin": people.sysadmin}[username])
        before = audit_count()
        for name in GET_PAGES:
            assert client.get(url(name)).status_code == 403, name
        for name in DOC_GET_PAGES:
            assert client.get(url(name, anlong_doc)).status_code == 403, name
        for name in DOC_POST_PAGES:
            assert client.post(url(name, anlong_doc), {"action": "abandon", "abandon-reason": "x"}).status_code == 403
        assert audit_count() == before

    def test_a_xingyi_drafter_gets_404_on_an_anlong_document_and_changes_nothing(self, client, dp, anlong_doc):
        client.force_login(dp.xingyi_qc)
        before = audit_count()
        with at(date(2026, 9, 28)):
            for name in DOC_GET_PAGES:
                assert client.get(url(name, anlong_doc)).status_code == 404, name
            response = client.post(url("transition", anlong_doc), {
                "action": "open_comment", "open_comment-start": "2026-09-28", "open_comment-end": "2026-10-12"})
            assert response.status_code == 404
            for name in DOC_POST_PAGES[1:]:
                assert client.post(url(name, anlong_doc), {"enter-source": "paper"}).status_code == 404, name
        anlong_doc.refresh_from_db()
        assert anlong_doc.state == DocumentState.DRAFTING and audit_count() == before
        assert "安龙县" not in client.get(url("list")).content.decode()

    def test_a_reviewer_reads_the_document_but_cannot_draft_or_move_it(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_sh)
        before = audit_count(doc)
        with at(date(2026, 9, 28)):
            assert client.get(url("detail", doc)).status_code == 200
            assert client.get(url("my_drafts")).status_code == 403
            assert client.get(url("create")).status_code == 403
            assert client.get(url("edit", doc)).status_code == 403
            response = client.post(url("transition", doc), {
                "action": "open_comment", "open_comment-start": "2026-09-28", "open_comment-end": "2026-10-12"})
            assert response.status_code == 403
            for name in DOC_POST_PAGES[1:]:
                assert client.post(url(name, doc), {"enter-source": "paper"}).status_code == 403, name
            assert client.get(url("fair_competition", doc)).status_code == 403
        doc.refresh_from_db()
        assert doc.state == DocumentState.DRAFTING and audit_count(doc) == before

    def test_desk_paths_are_not_taken_for_document_codes(self):
        # The code converter is digits and capitals only, so "reviews/" and "filings/" stay helper D1b's.
        from django.urls import Resolver404, resolve

        for path in ("/documents/reviews/", "/documents/filings/", "/documents/stats/"):
            try:
                assert resolve(path).url_name != "detail"
            except Resolver404:
                pass


# ------------------------------------------------------------------ lists


class TestLists:
    def test_a_county_users_scope_is_the_stored_county_column_and_gives_the_same_rows(
            self, dp, walker, anlong_doc, org):
        from fazhi.core.scope import restrict
        from fazhi.documents.workflow import Perm

        mine = walker.draft(on=DAY)
        mine.refresh_from_db()
        assert mine.county_path == mine.region_path[:14] == org.xingyi_gov.region_path[:14]
        county_user = dp.xingyi_sh  # 兴义市司法局's reviewer: documents.view over the county (本区域)
        assert len(county_user.region_path) == 14
        rows = restrict(NormativeDocument.objects.all(), county_user, Perm.VIEW)
        assert "county_path" in str(rows.query)
        by_prefix = NormativeDocument.objects.filter(region_path__startswith=county_user.region_path)
        assert set(rows) == set(by_prefix) and mine in set(rows) and anlong_doc not in set(rows)

    def test_the_list_counts_up_to_the_limit_and_costs_a_fixed_number_of_queries(
            self, client, dp, walker, anlong_doc, settings, django_assert_num_queries):
        walker.draft(on=DAY)
        client.force_login(dp.fzb_admin)
        assert "共 2 件" in client.get(url("list")).content.decode()
        settings.FAZHI_LIST_COUNT_LIMIT = 1
        content = client.get(url("list")).content.decode()
        assert "超过 1 件" in content and "共 2 件" not in content
        # session, user with its agency, roles, the page of rows, the capped count, the unread badge, and saving
        # the session (its transaction): the filter bar and the navigation come from the worker's cache
        with django_assert_num_queries(9):
            assert client.get(url("list"), {"sort": "title"}).status_code == 200

    def test_each_drafter_sees_their_own_county_and_the_prefecture_admin_sees_both(
            self, client, dp, walker, anlong_doc):
        mine = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        content = client.get(url("list")).content.decode()
        assert mine.title in content and anlong_doc.title not in content
        client.force_login(dp.fzb_admin)
        content = client.get(url("list")).content.decode()
        assert mine.title in content and anlong_doc.title in content

    def test_the_list_filters_by_issuer_state_validity_year_and_words(self, client, dp, walker, org, anlong_doc):
        published = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY)))))
        draft = walker.draft(title="兴义市农贸市场管理办法", on=date(2026, 10, 24))
        client.force_login(dp.fzb_admin)
        with at(date(2026, 11, 2)):
            def titles(**params):
                response = client.get(url("list"), params)
                assert response.status_code == 200
                return {d["title"] for d in response.context["page"].items}

            assert titles() == {published.title, draft.title, anlong_doc.title}
            assert titles(state="published") == {published.title}
            assert titles(validity="not_yet") == {published.title}
            assert titles(validity="unpublished") == {draft.title, anlong_doc.title}
            assert titles(year="2026") == {published.title}
            assert titles(issuer=str(org.anlong_gov.code)) == {anlong_doc.title}
            assert titles(q="农贸市场") == {draft.title}
            assert titles(q="集贸市场") == {anlong_doc.title}
            # A value that is not on offer lists nothing (the error shows at the field), as every other list does:
            # the whole list would read as the filter's result.
            assert titles(state="nonsense") == set()

    def test_my_drafts_names_the_next_step_and_what_blocks_it(self, client, dp, org, commenting):
        with at(DAY):
            bare = services.document_create(actor=dp.xingyi_qc, title="兴义市公文处理规定", body="第一条 ……",
                                            issuing_agency=dp.xingyi_office, affects_rights=False,
                                            concerns_market=False)
            ready = services.document_create(actor=dp.xingyi_qc, title="兴义市停车管理办法", body="第一条 ……",
                                             issuing_agency=org.xingyi_gov, affects_rights=True,
                                             concerns_market=False)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 9)):
            response = client.get(url("my_drafts"))
        steps = {row["doc"].pk: row["steps"] for row in response.context["rows"]}
        assert [(s.action, s.reasons) for s in steps[bare.pk]] == [
            ("submit_review", ["缺少起草说明。", "缺少制定依据（上位法或政策依据）。"])]
        assert [(s.action, s.reasons) for s in steps[ready.pk]] == [("open_comment", [])]
        assert steps[commenting.pk][0].action == "close_comment"
        assert "届满前不能结束" in steps[commenting.pk][0].reasons[0]
        assert "缺少起草说明。" in response.content.decode()

    def test_a_returned_draft_shows_why_and_a_changes_opinion_what_is_awaited(self, client, dp, walker):
        returned = walker.comment_round(walker.draft(on=DAY))
        with walker.at(date(2026, 10, 14)):
            services.document_submit_review(actor=dp.xingyi_qc, document=returned)
            return_for_supplement(actor=dp.xingyi_sh, document=returned, reason="请补充调研报告")
        changes = walker.review(walker.comment_round(walker.draft(title="兴义市停车管理办法", on=DAY)),
                                opinion="lawful_after_changes", changes="删除第三条")
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 15)):
            steps = {row["doc"].pk: row["steps"][0] for row in client.get(url("my_drafts")).context["rows"]}
        assert steps[returned.pk].note == "审核机构退回补充：请补充调研报告"
        assert (steps[changes.pk].action, steps[changes.pk].who) == ("confirm_changes", "审核机构")
        assert "请先按修改要求修改正文" in steps[changes.pk].note
        with walker.at(date(2026, 10, 15)):
            services.document_update(actor=dp.xingyi_qc, document=changes, body=BODY + "\n（已修改）")
            client.force_login(dp.xingyi_qc)
            steps = {row["doc"].pk: row["steps"][0] for row in client.get(url("my_drafts")).context["rows"]}
        assert steps[changes.pk].note == "已按修改要求形成第 2 版，等待审核机构确认。"

    def test_my_drafts_leaves_out_published_documents_and_other_agencies(self, client, dp, walker, anlong_doc):
        published = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY)))))
        open_draft = walker.draft(title="兴义市停车管理办法", on=date(2026, 10, 24))
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 26)):
            shown = {row["doc"].pk for row in client.get(url("my_drafts")).context["rows"]}
        assert shown == {open_draft.pk}
        assert published.pk not in shown and anlong_doc.pk not in shown

    def test_both_lists_export_what_they_show_to_excel(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 9, 28)):
            for name, title_cell in (("list", "文件名称"), ("my_drafts", "文件名称")):
                response = client.get(url(name), {"format": "xlsx"})
                assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
                sheet = load_workbook(io.BytesIO(response.content)).active
                rows = list(sheet.iter_rows(values_only=True))
                assert rows[0][0] == title_cell and rows[1][0] == doc.title
            sheet = load_workbook(io.BytesIO(client.get(url("my_drafts"), {"format": "xlsx"}).content)).active
            assert list(sheet.iter_rows(values_only=True))[1][3] == "公开征求意见（本单位）"

    def test_a_large_export_is_written_in_the_background_for_its_owner_only(
            self, client, dp, walker, settings, tmp_path, django_capture_on_commit_callbacks):
        settings.FAZHI_EXPORT_BACKGROUND_ROWS = 1
        settings.VAR_DIR = tmp_path
        first = walker.draft(on=DAY)
        second = walker.draft(title="兴义市停车管理办法", on=DAY)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 9, 28)), django_capture_on_commit_callbacks(execute=True):
            response = client.get(url("list"), {"format": "xlsx", "q": "", "sort": "title"})
        job = ExportJob.objects.get()
        assert response.status_code == 302 and response.url == reverse("core:export_job", args=[job.code])
        assert (job.user, job.key, job.params, job.total) == (dp.xingyi_qc, "documents.list",
                                                              {"q": [""], "sort": ["title"]}, 2)
        # The background task ran (synchronously here): done, the inbox has the link, the file the page's rows.
        job.refresh_from_db()
        assert (job.status, job.processed, job.percent) == (ExportJob.Status.DONE, 2, 100)
        note = Notification.objects.get(recipient=dp.xingyi_qc, title__startswith="导出已完成")
        assert note.link == reverse("core:export_job", args=[job.code])
        client.force_login(dp.xingyi_qc)  # the session of the travelled-to day has expired
        page = client.get(note.link)
        assert page.status_code == 200 and "下载 Excel（2 行）" in page.content.decode()
        download = client.get(reverse("core:export_download", args=[job.code]))
        assert download.status_code == 200 and download["Content-Type"] == XLSX_TYPE
        rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True))
        assert [r[0] for r in rows] == ["文件名称", *sorted([first.title, second.title])]
        assert AuditEvent.objects.filter(action="core.export_download", object_id=str(job.pk)).exists()
        assert AuditEvent.objects.filter(action="core.export_create", object_id=str(job.pk)).exists()
        # Another user, even of the same agency, gets 404 for the job and its file.
        client.force_login(dp.xingyi_sh)
        assert client.get(note.link).status_code == 404
        assert client.get(reverse("core:export_download", args=[job.code])).status_code == 404

    def test_an_export_page_polled_by_htmx_gets_only_the_progress_bar(self, client, dp):
        job = ExportJob.objects.create(user=dp.xingyi_qc, key="documents.list", title="规范性文件", total=4000,
                                       processed=1000, status=ExportJob.Status.RUNNING)
        client.force_login(dp.xingyi_qc)
        html = client.get(reverse("core:export_job", args=[job.code]), HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="export-progress").content.decode()
        assert html.startswith('<div id="export-progress"') and 'hx-trigger="every 2s"' in html
        assert "1000 / 4000 行" in html and 'aria-valuenow="25"' in html and "export-download" not in html

    def test_pages_go_forward_by_keyset_without_repeating_a_row(self, client, dp, org):
        with at(DAY):
            docs = [services.document_create(actor=dp.xingyi_qc, title=f"兴义市第{i}号管理办法", body="第一条",
                                             issuing_agency=org.xingyi_gov, affects_rights=False,
                                             concerns_market=False) for i in range(5)]
        client.force_login(dp.xingyi_qc)
        first = client.get(url("my_drafts"), {"page_size": 3}).context["page"]
        assert first.has_next and len(first.items) == 3
        second = client.get(url("my_drafts"), {"page_size": 3, "after": first.next_cursor}).context["page"]
        assert not second.has_next
        assert {d.pk for d in first.items} | {d.pk for d in second.items} == {d.pk for d in docs}

    def test_an_htmx_filter_request_gets_only_the_table(self, client, dp, walker):
        walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        response = client.get(url("list"), {"state": "drafting"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="doc-results")
        assert response.status_code == 200
        content = response.content.decode()
        assert "<html" not in content and 'id="doc-table"' in content

    @pytest.mark.parametrize("name", ["list", "my_drafts"])
    def test_the_lists_cost_the_same_number_of_queries_for_3_or_12_documents(self, client, dp, org, name):
        def make(n):
            with at(DAY):
                for i in range(n):
                    doc = services.document_create(actor=dp.xingyi_qc, title=f"兴义市管理办法{i}", body="第一条",
                                                   issuing_agency=org.xingyi_gov, affects_rights=True,
                                                   concerns_market=False, drafting_notes="……")
                    if i % 3 == 0:
                        services.comment_open(actor=dp.xingyi_qc, document=doc, start=date(2026, 9, 28),
                                              end=date(2026, 10, 12))

        client.force_login(dp.xingyi_qc)

        def count() -> int:
            with at(date(2026, 9, 28)), CaptureQueriesContext(connection) as ctx:
                assert client.get(url(name)).status_code == 200
            return len(ctx.captured_queries)

        make(3)
        count()  # filter choices are cached per scope: compare warm pages
        few = count()
        make(9)
        count()
        assert count() == few
        assert few <= 20


# ------------------------------------------------------------------ new draft, edit


class TestDraftForm:
    def test_the_form_offers_exactly_the_own_agency_and_the_government_of_its_level(self, client, dp, org):
        client.force_login(dp.xingyi_qc)
        offered = set(client.get(url("create")).context["form"].fields["issuing_agency"].queryset)
        assert offered == {dp.xingyi_office, org.xingyi_gov}
        client.force_login(dp.zsthj_qc)
        offered = set(client.get(url("create")).context["form"].fields["issuing_agency"].queryset)
        assert offered == {org.zhou_sthj, org.zhou_gov}

    def test_a_pasted_draft_is_created_and_audited(self, client, dp, org):
        client.force_login(dp.xingyi_qc)
        with at(DAY):
            response = client.post(url("create"), draft_data(org))
        doc = NormativeDocument.objects.get()
        assert response.status_code == 302 and response["Location"] == url("detail", doc)
        assert doc.agency == dp.xingyi_office and doc.issuing_agency == org.xingyi_gov and doc.body == BODY
        assert AuditEvent.objects.filter(action="documents.create", actor=dp.xingyi_qc,
                                         object_id=str(doc.pk)).exists()

    def test_an_uploaded_docx_becomes_the_body_and_its_file_is_kept(self, client, dp, org):
        client.force_login(dp.xingyi_qc)
        lines = ["第一条 为了规范管理，制定本办法。", "第二条 本办法自公布之日起施行。"]
        with at(DAY):
            response = client.post(url("create"), {**draft_data(org, body=""), "docx": docx_file(lines)})
        assert response.status_code == 302
        doc = NormativeDocument.objects.get()
        assert doc.body == "\n".join(lines)
        attachment = Attachment.objects.get()
        assert attachment.object_id == str(doc.pk) and attachment.original_name == "正文.docx"

    def test_a_file_that_is_not_a_docx_is_refused_in_chinese_and_nothing_is_stored(self, client, dp, org):
        client.force_login(dp.xingyi_qc)
        with at(DAY):
            broken = client.post(url("create"), {**draft_data(org), "docx": SimpleUploadedFile("正文.docx", b"not zip")})
            old = client.post(url("create"), {**draft_data(org), "docx": SimpleUploadedFile("正文.doc", b"\xd0\xcf")})
        assert broken.status_code == 400 and "无法读取该文件" in broken.content.decode()
        assert old.status_code == 400 and "另存为 .docx" in old.content.decode()
        assert not NormativeDocument.objects.exists() and not Attachment.objects.exists()

    def test_bad_input_is_refused_next_to_the_fields_and_nothing_is_created(self, client, dp, org):
        client.force_login(dp.xingyi_qc)
        before = audit_count()
        with at(DAY):
            response = client.post(url("create"), draft_data(org, title="", validity_years="9",
                                                             issuing_agency=org.anlong_gov.pk))
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert errors["title"] == ["该字段是必填项。"]
        assert "规范性文件有效期一般不超过 5 年。" in errors["validity_years"]
        assert "选择一个有效的选项" in errors["issuing_agency"][0]
        with at(DAY):
            provisional = client.post(url("create"), draft_data(org, title="兴义市停车管理暂行办法", validity_years="3"))
        assert "暂行、试行文件有效期一般不超过 2 年。" in provisional.context["form"].errors["validity_years"]
        assert not NormativeDocument.objects.exists() and audit_count() == before

    def test_editing_after_the_comment_round_makes_a_new_version_from_the_uploaded_docx(self, client, dp, walker, org):
        doc = walker.comment_round(walker.draft(on=DAY))
        assert doc.version_count == 1
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 13)):
            assert client.get(url("edit", doc)).status_code == 200
            lines = BODY.splitlines()[:2] + ["第三条 本办法自2027年1月1日起施行。"]
            response = client.post(url("edit", doc), {**draft_data(org, body=""), "note": "调整施行日期",
                                                      "docx": docx_file(lines, "修改稿.docx")})
        assert response.status_code == 302
        doc.refresh_from_db()
        assert doc.version_count == 2 and doc.body.endswith("2027年1月1日起施行。")
        latest = procedure.versions_of(doc).last()
        assert latest.note == "调整施行日期" and latest.source.original_name == "修改稿.docx"
        assert AuditEvent.objects.filter(action="documents.update", object_id=str(doc.pk)).exists()

    def test_a_document_under_review_cannot_be_edited(self, client, dp, walker, org):
        doc = walker.comment_round(walker.draft(on=DAY))
        with walker.at(date(2026, 10, 14)):
            services.document_submit_review(actor=dp.xingyi_qc, document=doc)
        client.force_login(dp.xingyi_qc)
        before = audit_count(doc)
        with at(date(2026, 10, 15)):
            assert client.get(url("edit", doc))["Location"] == url("detail", doc)
            response = client.post(url("edit", doc), draft_data(org, title="改名"), follow=True)
        assert "不能修改" in response.content.decode()
        doc.refresh_from_db()
        assert doc.title != "改名" and audit_count(doc) == before


# ------------------------------------------------------------------ the document page


class TestDetail:
    def test_the_page_shows_state_validity_number_and_every_tab(self, client, dp, walker, django_assert_max_num_queries):
        doc = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY)))))
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 24)), django_assert_max_num_queries(40):
            response = client.get(url("detail", doc))
        content = response.content.decode()
        assert response.status_code == 200
        assert 'data-state="published"' in content and 'data-validity="not_yet"' in content
        assert "兴府规〔2026〕1号" in content
        for label in ("基本信息", "正文", "版本", "征求意见", "合法性审核", "集体审议", "公布与备案", "时间线"):
            assert f">{label}" in content
        assert "报送备案" in content  # the action panel offers the filing

    def test_the_action_panel_offers_only_what_the_user_may_do_now(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 9, 28)):
            actions = [p["action"] for p in client.get(url("detail", doc)).context["actions"]]
        # Submitting before the comment round is certain to be refused, so it is not offered.
        assert actions == ["open_comment", "abandon"]
        client.force_login(dp.xingyi_sh)
        with at(date(2026, 9, 28)):
            assert client.get(url("detail", doc)).context["actions"] == []

    def test_the_page_costs_the_same_queries_with_1_or_12_comments(self, client, dp, commenting):
        call = CommentCall.objects.get()
        client.force_login(dp.xingyi_qc)

        def count() -> int:
            with at(date(2026, 10, 9)), CaptureQueriesContext(connection) as ctx:
                assert client.get(url("detail", commenting), {"tab": "comments"}).status_code == 200
            return len(ctx.captured_queries)

        def add(n):
            for i in range(n):
                procedure.comment_submit_public(call=call, content=f"意见{i}", today=date(2026, 10, 9))

        add(1)
        one = count()
        add(11)
        assert count() == one
        assert one <= 35


# ------------------------------------------------------------------ transitions


class TestTransitions:
    def test_opening_the_comment_window_changes_the_state_and_is_audited(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 9, 28)):
            response = client.post(url("transition", doc), {
                "action": "open_comment", "open_comment-start": "2026-09-28", "open_comment-end": "2026-10-12",
                "open_comment-notice": "请于10月12日前提出意见。"})
        assert response.status_code == 302 and response["Location"] == f"{url('detail', doc)}?tab=comments"
        doc.refresh_from_db()
        assert doc.state == DocumentState.COMMENTING
        assert CommentCall.objects.get().notice == "请于10月12日前提出意见。"
        assert AuditEvent.objects.filter(action="documents.open_comment", actor=dp.xingyi_qc).exists()

    def test_a_window_one_working_day_short_is_refused_with_the_reason(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        before = audit_count(doc)
        with at(date(2026, 9, 28)):
            response = client.post(url("transition", doc), {
                "action": "open_comment", "open_comment-start": "2026-09-28", "open_comment-end": "2026-10-11"})
        assert response.status_code == 409
        panel = next(p for p in response.context["actions"] if p["action"] == "open_comment")
        assert panel["open"] and "仅 6 个工作日" in panel["reasons"][0]
        assert "仅 6 个工作日" in response.content.decode()
        doc.refresh_from_db()
        assert doc.state == DocumentState.DRAFTING and not CommentCall.objects.exists()
        assert audit_count(doc) == before

    def test_a_malformed_date_is_refused_in_chinese_next_to_the_field(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 9, 28)):
            response = client.post(url("transition", doc), {
                "action": "open_comment", "open_comment-start": "2026-13-45", "open_comment-end": ""})
        assert response.status_code == 400
        form = next(p for p in response.context["actions"] if p["action"] == "open_comment")["form"]
        assert form.errors["start"] == ["请输入有效的日期（YYYY-MM-DD）。"] and form.errors["end"] == ["该字段是必填项。"]
        doc.refresh_from_db()
        assert doc.state == DocumentState.DRAFTING

    def test_an_unknown_or_desk_action_changes_nothing(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        before = audit_count(doc)
        for action in ("explode", "give_opinion", "filing_decision"):
            response = client.post(url("transition", doc), {"action": action}, follow=True)
            assert "未知的操作" in response.content.decode()
        assert audit_count(doc) == before

    def test_publishing_with_a_signed_pdf_numbers_the_document_and_opens_the_filing(self, client, dp, deliberated):
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 23)):
            refused = client.post(url("transition", deliberated), {
                "action": "publish", "publish-publication_date": "2026-10-23", "publish-effective_date": "2026-12-01",
                "publish-validity_years": "5", "publish-signed_pdf": pdf_file()})
            assert refused.status_code == 409 and "未经统一登记" in refused.content.decode()
            client.force_login(dp.xingyi_sh)  # the 司法局 registers (三统一)
            assert "register" in [p["action"] for p in client.get(url("detail", deliberated)).context["actions"]]
            assert client.post(url("transition", deliberated), {"action": "register"}).status_code == 302
            deliberated.refresh_from_db()
            assert deliberated.registration_number == "兴义市司法局登记〔2026〕1号"
            client.force_login(dp.xingyi_qc)
            response = client.post(url("transition", deliberated), {
                "action": "publish", "publish-publication_date": "2026-10-23", "publish-effective_date": "2026-12-01",
                "publish-validity_years": "5", "publish-signed_pdf": pdf_file()}, follow=True)
        assert "兴府规〔2026〕1号" in response.content.decode()
        deliberated.refresh_from_db()
        assert deliberated.state == DocumentState.PUBLISHED and deliberated.number == "兴府规〔2026〕1号"
        assert deliberated.signed_pdf.original_name == "签发文本.pdf"
        assert deliberated.filing.status == FilingStatus.PENDING
        assert AuditEvent.objects.filter(action="documents.publish", actor=dp.xingyi_qc).exists()

    def test_a_signed_text_that_is_not_a_pdf_is_refused_and_no_file_is_kept(self, client, dp, deliberated):
        client.force_login(dp.xingyi_qc)
        before = (Attachment.objects.count(), audit_count(deliberated), stored_files())
        with at(date(2026, 10, 23)):
            fake = client.post(url("transition", deliberated), {
                "action": "publish", "publish-publication_date": "2026-10-23", "publish-effective_date": "2026-12-01",
                "publish-signed_pdf": SimpleUploadedFile("签发文本.pdf", b"plain text, not a pdf")})
            word = client.post(url("transition", deliberated), {
                "action": "publish", "publish-publication_date": "2026-10-23", "publish-effective_date": "2026-12-01",
                "publish-signed_pdf": docx_file(["正文"], "签发文本.docx")})
        assert fake.status_code == 400 and "文件内容与扩展名不符" in fake.content.decode()
        # A real .docx is stored, then the publish guard refuses it: the transaction rolls back the row and
        # the view removes the stored file.
        assert word.status_code == 409 and "正式文本须为 PDF 文件。" in word.content.decode()
        deliberated.refresh_from_db()
        assert deliberated.state == DocumentState.DELIBERATED and deliberated.number == ""
        assert (Attachment.objects.count(), audit_count(deliberated), stored_files()) == before

    def test_recording_the_meeting_with_minutes_then_filing(self, client, dp, walker):
        doc = walker.review(walker.comment_round(walker.draft(on=DAY)))
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 20)):
            response = client.post(url("transition", doc), {
                "action": "deliberate", "deliberate-meeting_type": "standing", "deliberate-meeting_date": "2026-10-20",
                "deliberate-attendees": "市长、副市长", "deliberate-outcome": "adopted",
                "deliberate-minutes": pdf_file("会议纪要.pdf")})
        assert response.status_code == 302
        doc.refresh_from_db()
        assert doc.state == DocumentState.DELIBERATED
        assert doc.deliberations.get().minutes.original_name == "会议纪要.pdf"
        doc = walker.publish(doc, on=date(2026, 10, 23))
        with at(date(2026, 10, 26)):
            client.force_login(dp.xingyi_qc)  # the idle timeout ended the session of 10-20
            response = client.post(url("transition", doc), {"action": "file"})
        assert response.status_code == 302
        doc.filing.refresh_from_db()
        assert doc.filing.status == FilingStatus.FILED and not doc.filing.is_late
        assert AuditEvent.objects.filter(action="documents.file", actor=dp.xingyi_qc).exists()

    def test_a_correction_is_reported_with_its_note(self, client, dp, walker):
        doc = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY)))))
        with walker.at(date(2026, 10, 26)):
            services.document_file(actor=dp.xingyi_qc, document=doc)
            services.filing_decide(actor=dp.zsfj_sh, document=doc, decision="correction_required",
                                     opinion="第二条超出上位法规定的范围")
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 28)):
            actions = [p["action"] for p in client.get(url("detail", doc)).context["actions"]]
            # the filing with the 本级人大常委会 (监督法 第三十九条) is still to be made beside the correction
            assert actions == ["congress_file", "filing_correct"]
            empty = client.post(url("transition", doc), {"action": "filing_correct", "filing_correct-note": ""})
            assert empty.status_code == 400
            done = client.post(url("transition", doc), {"action": "filing_correct",
                                                        "filing_correct-note": "已删除第二条第二款"})
        assert done.status_code == 302
        doc.filing.refresh_from_db()
        assert doc.filing.review_status == FilingReviewStatus.CORRECTED
        assert doc.filing.correction_note == "已删除第二条第二款"

    def test_keep_after_an_evaluation_does_not_renew_until_the_document_is_published_again(self, client, dp, walker):
        doc = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY)))))
        assert doc.expiry_date == date(2031, 11, 30)
        assert services.evaluations_open_due(today=date(2031, 6, 1)) == 1
        with at(date(2031, 6, 2)):
            client.force_login(dp.xingyi_qc)
            assert "evaluate" in [p["action"] for p in client.get(url("detail", doc)).context["actions"]]
            bad = client.post(url("transition", doc), {"action": "evaluate", "evaluate-conclusion": "keep",
                                                       "evaluate-reason": ""})
            assert bad.status_code == 400
            done = client.post(url("transition", doc), {"action": "evaluate", "evaluate-conclusion": "keep",
                                                        "evaluate-reason": "实施效果良好，上位法未变化"})
        assert done.status_code == 302
        doc.refresh_from_db()
        assert doc.expiry_date == date(2031, 11, 30)  # 继续有效 alone renews nothing
        assert validity_of(doc, date(2031, 12, 1)) == Validity.EXPIRED
        with at(date(2031, 6, 9)):
            client.force_login(dp.xingyi_qc)  # a week later: a new session
            page = client.get(url("detail", doc)).context
            assert "republish" in [p["action"] for p in page["actions"]]
            early = client.post(url("transition", doc), {"action": "republish", "republish-published_on": "2031-06-01"})
            assert early.status_code == 400  # before the evaluation was done: the date is refused
            again = client.post(url("transition", doc), {"action": "republish", "republish-published_on": "2031-06-09"})
        assert again.status_code == 302
        doc.refresh_from_db()
        assert doc.expiry_date == date(2036, 6, 8)  # five years from the day it was published again
        assert validity_of(doc, date(2031, 12, 1)) == Validity.IN_FORCE
        assert AuditEvent.objects.filter(action="documents.republish", actor=dp.xingyi_qc).exists()

    def test_where_the_local_rule_asks_a_republication_takes_a_new_number(self, dp, walker, settings):
        settings.FAZHI_DOC_REPUBLISH_NEW_NUMBER = True
        doc = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY)))))
        services.evaluations_open_due(today=date(2031, 6, 1))
        with at(date(2031, 6, 2)):
            services.document_evaluate(actor=dp.xingyi_qc, document=doc, conclusion="keep", reason="实施效果良好")
        with at(date(2031, 6, 9)):
            task = services.document_republish(actor=dp.xingyi_qc, document=doc)
        doc.refresh_from_db()
        assert (task.republished_number, doc.number) == ("兴府规〔2031〕1号", "兴府规〔2031〕1号")
        from fazhi.portal.selectors import history

        assert any("新文号 兴府规〔2031〕1号" in entry.text for entry in history(doc, today=date(2031, 6, 10)))

    def test_a_document_in_an_open_cleanup_campaign_links_to_its_decision(self, client, dp, walker):
        doc = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY)))))
        with at(date(2026, 11, 2)):
            campaign = services.campaign_create(actor=dp.fzb_admin, title="2026年度集中清理", kind="periodic")
            client.force_login(dp.xingyi_qc)
            context = client.get(url("detail", doc)).context
        assert context["cleanup"].campaign == campaign
        assert context["cleanup_url"] == reverse("documents:campaign_detail", args=[campaign.code])

    def test_abandoning_needs_a_reason(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 9, 28)):
            assert client.post(url("transition", doc), {"action": "abandon", "abandon-reason": ""}).status_code == 400
            doc.refresh_from_db()
            assert doc.state == DocumentState.DRAFTING
            client.post(url("transition", doc), {"action": "abandon", "abandon-reason": "上级已出台统一规定"})
        doc.refresh_from_db()
        assert doc.state == DocumentState.ABANDONED
        assert AuditEvent.objects.filter(action="documents.abandon", object_id=str(doc.pk)).exists()


# ------------------------------------------------------------------ public comments


class TestComments:
    def test_staff_enter_screen_and_answer_comments_from_a_template(self, client, dp, commenting):
        template = AnswerTemplate.objects.create(agency=dp.xingyi_office, title="不予采纳（无依据）",
                                                 outcome=AnswerOutcome.NOT_ADOPTED, text="该意见缺乏法律依据。")
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 9)):
            response = client.post(url("comment_enter", commenting), {
                "enter-source": "paper", "enter-name": "李女士", "enter-content": "建议取消押金。"})
            assert response.status_code == 302
            comment = Comment.objects.get()
            assert comment.entered_by == dp.xingyi_qc and comment.screening == ScreeningStatus.PENDING
            client.post(url("comments_bulk", commenting), {"bulk-op": "show", "bulk-comments": [comment.pk]})
            client.post(url("comments_bulk", commenting), {"bulk-op": "answer", "bulk-comments": [comment.pk],
                                                           "bulk-template": template.pk})
        comment.refresh_from_db()
        assert comment.screening == ScreeningStatus.SHOWN
        assert comment.outcome == AnswerOutcome.NOT_ADOPTED and comment.answer == "该意见缺乏法律依据。"
        for action in ("procedure.comment_enter", "procedure.comment_screen", "procedure.comment_answer"):
            assert AuditEvent.objects.filter(action=action, actor=dp.xingyi_qc).exists()

    def test_what_the_user_types_wins_over_the_template(self, client, dp, commenting):
        template = AnswerTemplate.objects.create(title="采纳", outcome=AnswerOutcome.ADOPTED, text="已采纳。")
        comment = procedure.comment_submit_public(call=CommentCall.objects.get(), content="意见",
                                                  today=date(2026, 10, 9))
        client.force_login(dp.xingyi_qc)
        client.post(url("comments_bulk", commenting), {
            "bulk-op": "answer", "bulk-comments": [comment.pk], "bulk-template": template.pk,
            "bulk-outcome": "partly", "bulk-answer": "部分采纳：押金降至一千元。"})
        comment.refresh_from_db()
        assert comment.outcome == AnswerOutcome.PARTLY and comment.answer == "部分采纳：押金降至一千元。"

    def test_bulk_actions_refuse_bad_input_and_change_nothing(self, client, dp, commenting, walker):
        comment = procedure.comment_submit_public(call=CommentCall.objects.get(), content="意见",
                                                  today=date(2026, 10, 9))
        other = walker.draft(title="兴义市另一办法", on=DAY)
        with walker.at(date(2026, 9, 28)):
            services.comment_open(actor=dp.xingyi_qc, document=other, start=date(2026, 9, 28),
                                  end=date(2026, 10, 12))
        foreign = procedure.comment_submit_public(call=CommentCall.objects.get(object_id=str(other.pk)),
                                                  content="另一文件的意见", today=date(2026, 10, 9))
        client.force_login(dp.xingyi_qc)
        before = audit_count(commenting)
        nothing = client.post(url("comments_bulk", commenting), {"bulk-op": "show"})
        assert nothing.status_code == 400 and "请先勾选要处理的意见。" in nothing.content.decode()
        no_outcome = client.post(url("comments_bulk", commenting), {"bulk-op": "answer", "bulk-comments": [comment.pk]})
        assert no_outcome.status_code == 400
        errors = no_outcome.context["bulk_form"].errors
        assert errors["outcome"] == ["请选择采纳情况：采纳、部分采纳或不予采纳。"]
        assert errors["answer"] == ["请填写答复理由，或选择答复模板。"]
        wrong = client.post(url("comments_bulk", commenting), {"bulk-op": "show", "bulk-comments": [foreign.pk]})
        assert wrong.status_code == 400 and "所选意见不属于该事项的征求意见。" in wrong.content.decode()
        portal = client.post(url("comment_enter", commenting), {"enter-source": "portal", "enter-content": "x"})
        assert portal.status_code == 400
        comment.refresh_from_db()
        foreign.refresh_from_db()
        assert comment.screening == ScreeningStatus.PENDING and foreign.screening == ScreeningStatus.PENDING
        assert Comment.objects.count() == 2 and audit_count(commenting) == before

    def test_the_adoption_summary_is_saved_onto_the_document(self, client, dp, commenting):
        with at(date(2026, 10, 13)):
            services.comment_close(actor=dp.xingyi_qc, document=commenting)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 10, 13)):
            page = client.get(url("detail", commenting), {"tab": "comments"})
            assert page.context["summary_is_draft"] is False  # close_comment wrote a first draft
            empty = client.post(url("comment_summary", commenting), {"summary-summary": " "})
            assert empty.status_code == 400
            client.post(url("comment_summary", commenting), {"summary-summary": "共收到意见 0 条。"})
        commenting.refresh_from_db()
        assert commenting.adoption_summary == "共收到意见 0 条。"

    def test_comments_outside_the_window_phases_cannot_be_entered(self, client, dp, walker):
        doc = walker.draft(on=DAY)
        client.force_login(dp.xingyi_qc)
        response = client.post(url("comment_enter", doc), {"enter-source": "paper", "enter-content": "意见"})
        assert response.status_code == 409 and "只有在征求意见期间" in response.content.decode()
        assert not Comment.objects.exists()


# ------------------------------------------------------------------ versions, timeline, fair competition


class TestVersionsAndTimeline:
    def test_two_versions_side_by_side_mark_what_was_deleted_and_inserted(self, client, dp, walker):
        doc = walker.comment_round(walker.draft(on=DAY))
        with walker.at(date(2026, 10, 13)):
            services.document_update(actor=dp.xingyi_qc, document=doc, body=BODY.replace("行政区域", "城市建成区"),
                                     note="缩小适用范围")
        client.force_login(dp.xingyi_qc)
        response = client.get(url("versions_diff", doc), {"a": 1, "b": 2})
        content = response.content.decode()
        assert response.status_code == 200 and "<del>行政</del>" in content and "<ins>城市建成</ins>" in content
        assert response.context["stats"] == {"changed": 1, "deleted": 0, "inserted": 0}
        only = client.get(url("versions_diff", doc), {"a": 1, "b": 2, "changes": 1}).context["rows"]
        assert [r.kind for r in only] == ["replace"]
        # Nonsense parameters fall back to the last two versions.
        fallback = client.get(url("versions_diff", doc), {"a": "x", "b": "99"}).context
        assert (fallback["old"].number, fallback["new"].number) == (1, 2)

    def test_with_one_version_there_is_nothing_to_compare(self, client, dp, walker):
        doc = walker.comment_round(walker.draft(on=DAY))
        client.force_login(dp.xingyi_qc)
        response = client.get(url("versions_diff", doc))
        assert response.status_code == 200 and "至少需要两个版本才能比较" in response.content.decode()

    def test_the_timeline_names_every_step_and_who_did_it_in_chinese(self, client, dp, walker):
        doc = walker.publish(walker.deliberate(walker.review(walker.comment_round(walker.draft(on=DAY)))))
        client.force_login(dp.xingyi_qc)
        response = client.get(url("timeline", doc))
        content = response.content.decode()
        for label in ("创建草稿", "公开征求意见", "结束征求意见", "提交合法性审核", "出具合法性审核意见",
                      "记录集体审议", "统一编号并公布", "生成报备期限"):
            assert label in content, label
        assert "xingyi_sh" in content and "兴义市司法局" in content and "意见：合法" in content
        assert "documents.publish" not in content and "procedure." not in content

    def test_a_comment_answer_reads_as_adopted_not_as_a_meeting_outcome(self):
        from fazhi.documents.views.timeline import describe

        assert describe("procedure.comment_answer", None, {"ids": [1, 2], "outcome": "adopted"}) == "结果：采纳；2 条意见"
        assert describe("documents.deliberate", None, {"outcome": "adopted"}) == "结果：审议通过"


class TestFairCompetition:
    def test_the_drafter_records_the_conclusion(self, client, dp, walker):
        doc = walker.draft(concerns_market=True, on=DAY)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 9, 28)):
            missing = client.post(url("fair_competition", doc), {"conclusion": "compliant",
                                                                 "reviewed_on": "2026-09-28"})
            assert missing.status_code == 400
            errors = missing.context["form"].errors
            assert "第十四条" in errors["preliminary_opinion"][0] and "书面审查意见" in errors["attachment"][0]
            response = client.post(url("fair_competition", doc), {
                "conclusion": "compliant", "reviewed_on": "2026-09-28",
                "preliminary_opinion": "起草单位初审：未发现排除、限制竞争的内容。",
                "attachment": pdf_file("公平竞争审查表.pdf")})
        assert response.status_code == 302
        record = NormativeDocument.objects.get(pk=doc.pk).fair_competition
        assert record.conclusion == "compliant" and record.attachment.original_name == "公平竞争审查表.pdf"
        # 兴义市人民政府's measure: its market regulator reviewed it, together with the drafting unit (第十四条).
        assert record.regulator.name == "兴义市市场监督管理局" and record.reviewer == "兴义市市场监督管理局"
        assert AuditEvent.objects.filter(action="documents.fair_competition", object_id=str(doc.pk)).exists()

    def test_an_exception_without_explanation_or_a_future_date_is_refused(self, client, dp, walker):
        doc = walker.draft(concerns_market=True, on=DAY)
        client.force_login(dp.xingyi_qc)
        with at(date(2026, 9, 28)):
            response = client.post(url("fair_competition", doc), {
                "reviewer": "兴义市市场监管局", "conclusion": "exception", "reviewed_on": "2026-10-30"})
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert "第十二条" in errors["explanation"][0] and errors["reviewed_on"] == ["审查日期不能晚于今天。"]
        assert not hasattr(NormativeDocument.objects.get(pk=doc.pk), "fair_competition")

    def test_only_the_drafting_side_records_it(self, client, dp, walker):
        doc = walker.draft(concerns_market=True, on=DAY)
        client.force_login(dp.xingyi_sh)
        assert client.get(url("fair_competition", doc)).status_code == 403
