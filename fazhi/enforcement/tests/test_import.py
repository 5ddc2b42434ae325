"""Bulk import: a file of mixed good and bad rows — the good rows commit, the bad ones come back in an error
workbook with the reason beside each row; running the same file again adds nothing; bad files are refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.core.errors import ServiceError
from fazhi.enforcement.imports import COLUMNS
from fazhi.enforcement.models import Case, ImportJob, Inspection, Officer

USCC = "91522301MA6DQ1KQ3W"


def xlsx(kind, rows, name="导入.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS[kind])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


CASE_ROWS = [
    ["黔西南环规罚〔2026〕101号", "P-001", "普通程序", "某某化工有限公司", "法人或其他组织", USCC, "2026-03-02", "2026-03-10",
     "2026-03-12", "罚款", "150000", "2026-05-20", "52230001、52230002"],
    ["黔西南环规罚〔2026〕102号", "P-001", "普通", "张某", "自然人", "", "2026-04-01", "2026-04-03", "2026-04-05", "", "",
     "", "52230001、52230002"],
    ["黔西南环规罚〔2026〕103号", "X-999", "普通程序", "某公司", "法人", "", "2026-04-01", "2026-04-03", "", "", "", "", ""],
    ["黔西南环规罚〔2026〕104号", "P-001", "普通程序", "某公司", "法人", "", "2026-04-01", "2026-04-03", "2026-04-05", "", "",
     "", "52230001、52230003"],
    ["黔西南环规罚〔2026〕105号", "P-001", "简易程序", "李某", "自然人", "", "2026-04-01", "2026-04-01", "", "罚款", "500",
     "2026-04-01", "52230001、52230002"],
    ["黔西南环规罚〔2026〕106号", "P-001", "普通程序", "某公司", "法人", "", "2026-04-09", "2026-04-03", "", "", "", "", ""],
    ["黔西南环规罚〔2026〕107号", "P-001", "普通程序", "某公司", "法人", "", "2026-13-01", "2026-04-03", "", "", "", "", ""],
]


def test_mixed_rows_commit_the_good_ones_and_return_the_bad_ones_with_reasons(client, reg, people, settings, tmp_path,
                                                                             django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.officer)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("enforcement:imports"), {"kind": "case", "file": xlsx("case", CASE_ROWS)})
    assert r.status_code == 302
    job = ImportJob.objects.get()
    assert (job.status, job.total, job.created_count, job.failed) == ("done", 7, 2, 5)
    decided = Case.objects.get(number="黔西南环规罚〔2026〕101号")
    assert decided.state == "decided" and decided.fine_amount == 150000 and decided.officers.count() == 2
    registered = Case.objects.get(number="黔西南环规罚〔2026〕102号")
    from fazhi.enforcement.services import case_deadlines

    # 2026-04-05 + 90 days = 07-04, a Saturday: the period ends on the next working day (民法典第二百零三条)
    assert case_deadlines(registered).get().due_date.isoformat() == "2026-07-06"
    wb = load_workbook(io.BytesIO(job.errors_file.file.open("rb").read()))
    reasons = {row[0]: row[-1] for row in wb.active.iter_rows(min_row=2, values_only=True)}
    assert "不在本机关的执法事项清单" in reasons["黔西南环规罚〔2026〕103号"]
    assert "王五" in reasons["黔西南环规罚〔2026〕104号"]  # expired 2026-03-31 (第四十二条)
    assert "500" not in reasons["黔西南环规罚〔2026〕105号"] and "200" in reasons["黔西南环规罚〔2026〕105号"]
    assert "发现日期早于违法行为发生日期" in reasons["黔西南环规罚〔2026〕106号"]
    assert "不是有效日期" in reasons["黔西南环规罚〔2026〕107号"]
    page = client.get(reverse("enforcement:import", args=[job.code])).content.decode()
    assert "下载错误行工作簿" in page and "100%" in page

    # the same file again: nothing new
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enforcement:imports"), {"kind": "case", "file": xlsx("case", CASE_ROWS)})
    again = ImportJob.objects.latest("id")
    assert (again.created_count, again.skipped, again.failed) == (0, 2, 5)
    assert Case.objects.count() == 2


def test_officers_and_inspections_import_from_csv(client, reg, people, settings, tmp_path,
                                                  django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.zsthj_fz)
    text = "\n".join([",".join(COLUMNS["officer"]),
                      "新人甲,52238801,生态环境,2026-01-01,2028-12-31,有效,40,是,否",
                      "新人乙,52238802,生态环境,2026-01-01,2025-12-31,有效,40,否,否"])
    upload = SimpleUploadedFile("人员.csv", text.encode("gb18030"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("enforcement:imports"), {"kind": "officer", "file": upload}).status_code == 302
    job = ImportJob.objects.get()
    assert (job.created_count, job.failed) == (1, 1)
    assert Officer.objects.get(certificate_no="52238801").has_legal_qualification
    text = "\n".join([",".join(COLUMNS["inspection"]),
                      f"某某化工有限公司,{USCC},2026-11-02,日常检查,未发现问题,排污许可执行情况,52230001、52230002",
                      "某公司,91522301MA6DQ1KQ3Y,2026-11-02,日常检查,未发现问题,检查,52230001、52230002"])
    upload = SimpleUploadedFile("检查.csv", text.encode("utf-8"), content_type="text/csv")
    client.force_login(people.officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enforcement:imports"), {"kind": "inspection", "file": upload})
    job = ImportJob.objects.latest("id")
    assert (job.created_count, job.failed) == (1, 1)
    assert Inspection.objects.get().officers.count() == 2


def test_a_wrong_header_fails_the_job_with_the_expected_columns(client, reg, people, settings, tmp_path,
                                                                django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.officer)
    upload = SimpleUploadedFile("x.csv", b"a,b,c\n1,2,3", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enforcement:imports"), {"kind": "case", "file": upload})
    job = ImportJob.objects.get()
    assert job.status == "failed" and "表头应为" in job.message


def test_other_file_types_and_permissions_are_refused(reg, people, org, settings, tmp_path):
    from django.db import transaction

    from fazhi.core.errors import NotPermitted
    from fazhi.enforcement.imports import import_start

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ServiceError), transaction.atomic():
        import_start(actor=people.officer, agency=reg["agency"], kind="case",
                     upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf"))
    with pytest.raises(NotPermitted), transaction.atomic():
        import_start(actor=people.officer, agency=org.xingyi_sfj, kind="case", upload=xlsx("case", []))
    with pytest.raises(NotPermitted), transaction.atomic():
        import_start(actor=people.officer, agency=reg["agency"], kind="officer", upload=xlsx("officer", []))
    assert not ImportJob.objects.exists()
