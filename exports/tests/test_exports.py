from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from checklists.models import Submission
from checklists.tests.conftest import fangcheng_household_answers
from checklists.engine import validate
from exports import jobs
from exports.models import ExportJob
from rectification.models import Problem
from rectification.services import record_problem
from tests.factories import make_household


def submit(form, by, **answers):
    data = fangcheng_household_answers(**answers)
    form.answers, _ = validate(form.template, data, final=True)
    form.status, form.checker, form.submitted_at = "approved", by, timezone.now()
    form.save()


def headers(ws):
    """Column labels: the second header row, or the first where a one-level column spans both."""
    return [bottom.value or top.value for top, bottom in zip(ws[3], ws[4])]


def export(by, kind, campaign, unit, template=None, params=None, max_rows=None):
    job = ExportJob.objects.create(kind=kind, campaign=campaign, unit=unit, template=template, params=params or {},
                                   requested_by=by, expires_at=timezone.now() + timedelta(hours=1))
    jobs.run(job, max_rows=max_rows)
    job.refresh_from_db()
    return job, load_workbook(job.file.path)


@pytest.fixture
def filled(campaign, checker, household, village, other_township_village):
    other = make_household(other_township_village, head_name="赵大")
    from campaigns.services import build_work_list

    build_work_list(campaign)
    submit(Submission.objects.get(campaign=campaign, household=household), checker,
           housing_unsafe="yes", housing_unsafe__desc="东墙开裂", income_total="30000")
    submit(Submission.objects.get(campaign=campaign, household=other), checker)
    return campaign


def test_appendix_1_has_the_official_layout_answers_and_signatures(filled, county_office, templates, county, household):
    job, wb = export(county_office, "appendix", filled, county, templates["fangcheng-household"])
    ws = wb.active
    assert ws["A1"].value == "方城县巩固脱贫成果“回头看”靶向整改专项行动入户问题排查表"
    assert "方城县" in ws["A2"].value and filled.document_number in ws["A2"].value
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:" in " ".join(merged) and any(r.endswith("3") and ":" in r for r in merged)
    headers_top = [c.value for c in ws[3]]
    assert "2. 住房保障" in headers_top and "13. 帮扶责任" in headers_top
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    first = next(r for r in rows if r[4] == household.head_name)
    header = headers(ws)
    assert first[header.index("现住房是否为不安全住房")] == "是"
    assert "东墙开裂" in first
    assert first[header.index("2021年10月以来家庭纯收入（元）")] == 30000  # a number, not text
    assert any(r[1] == "凤瑞街道合计" for r in rows)  # township totals
    total_row = next(r for r in rows if r[1] == "凤瑞街道合计")
    assert total_row[header.index("现住房是否为不安全住房")] == 1
    texts = [r[0] for r in rows if r[0]]
    assert any(str(t).startswith("排查人员(乡镇/村)、帮扶人(签字)") for t in texts)
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 8  # A3: 29 questions wide
    assert job.rows_done == len([r for r in rows if isinstance(r[0], int)]) + 2


def test_formula_like_text_is_written_as_text(campaign, county_office, village, county):
    for text in ["=HYPERLINK(\"http://x\",\"点我\")", "+86 138", "-1+2", "@SUM(A1)"]:
        record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced", category="测试",
                       description=text)
    _, wb = export(county_office, "ledger", campaign, county)
    ws = wb.active
    column = headers(ws).index("问题描述") + 1
    cells = [ws.cell(row=r, column=column) for r in range(5, 9)]
    assert {c.value for c in cells} == {"=HYPERLINK(\"http://x\",\"点我\")", "+86 138", "-1+2", "@SUM(A1)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_every_formula_start_is_neutralised_and_numbers_stay_numbers(tmp_path):
    from datetime import date
    from decimal import Decimal

    from openpyxl import Workbook

    from core.excel import safe_cell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("t")
    values = ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "正常文字", 42, Decimal("12.50"), date(2026, 7, 30)]
    ws.append([safe_cell(ws, v) for v in values])
    wb.save(tmp_path / "t.xlsx")
    row = list(load_workbook(tmp_path / "t.xlsx").active.iter_rows(values_only=False))[0]
    assert [c.value for c in row[:7]] == values[:7]
    assert all(c.data_type == "s" for c in row[:7])
    assert (row[7].value, row[8].value) == (42, 12.5) and row[7].data_type == "n"
    assert row[9].is_date


def test_dates_stay_dates_in_the_ledger(campaign, county_office, village, county):
    problem = record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                             category="测试", description="x")
    problem.deadline = timezone.localdate()
    problem.save()
    _, wb = export(county_office, "ledger", campaign, county)
    ws = wb.active
    assert ws.cell(row=5, column=headers(ws).index("整改时限") + 1).is_date


def test_ledger_export_keeps_the_users_scope_and_filters(campaign, county_office, township_office, village,
                                                         other_township_village, county, township):
    record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced", category="住房", description="甲")
    record_problem(by=county_office, campaign=campaign, unit=other_township_village, source="public_report",
                   category="教育", description="乙")
    _, wb = export(county_office, "ledger", campaign, county, params={"source": "public_report"})
    descriptions = [row[6].value for row in wb.active.iter_rows(min_row=5) if isinstance(row[0].value, int)]
    assert descriptions == ["乙"]
    _, wb = export(township_office, "ledger", campaign, township)
    descriptions = [row[6].value for row in wb.active.iter_rows(min_row=5) if isinstance(row[0].value, int)]
    assert descriptions == ["甲"]


def test_a_big_table_is_split_into_sheets_at_township_boundaries(campaign, county_office, village,
                                                                 other_township_village, county, templates, checker):
    for _ in range(6):
        make_household(village)
        make_household(other_township_village)
    from campaigns.services import build_work_list

    build_work_list(campaign)
    for form in Submission.objects.filter(campaign=campaign, household__isnull=False):
        submit(form, checker)
    job, wb = export(county_office, "appendix", campaign, county, templates["fangcheng-household"], max_rows=16)
    assert len(wb.worksheets) == 2
    for ws in wb.worksheets:
        townships = {row[1].value for row in ws.iter_rows(min_row=5) if isinstance(row[0].value, int)}
        assert len(townships) == 1  # each sheet holds whole townships
        assert ws.max_row <= 16


def test_summary_export_has_one_row_per_child_and_a_total(filled, county_office, county):
    from dashboards.rollup import refresh

    refresh(filled)
    _, wb = export(county_office, "summary", filled, county)
    names = [row[0].value for row in wb.active.iter_rows(min_row=5) if row[1].value is not None]
    assert names == ["凤瑞街道", "释之街道", "方城县合计"]


def test_exports_run_in_the_background_and_show_progress(client, filled, county_office, county, templates,
                                                         django_capture_on_commit_callbacks):
    client.force_login(county_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports:request"), {"kind": "appendix", "campaign": filled.pk,
                                                            "unit": county.code,
                                                            "template": templates["fangcheng-household"].pk})
    job = ExportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == "done" and job.rows_total > 0
    page = client.get(job.get_absolute_url()).content.decode()
    assert "下载" in page and 'value="100"' in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 200


def test_another_townships_export_is_404_by_id(client, filled, county_office, township_office, county, township,
                                              other_township, templates):
    job, _ = export(county_office, "appendix", filled, county, templates["fangcheng-household"])
    client.force_login(township_office)
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:detail", args=[job.pk])).status_code == 404
    response = client.post(reverse("exports:request"), {"kind": "summary", "campaign": filled.pk,
                                                        "unit": other_township.code})
    assert response.status_code == 404


def test_expired_exports_are_deleted_with_their_files(filled, county_office, county, templates):
    import os

    job, _ = export(county_office, "appendix", filled, county, templates["fangcheng-household"])
    path = job.file.path
    assert jobs.purge_expired(now=timezone.now() + timedelta(days=10)) == 1
    assert not os.path.exists(path) and not ExportJob.objects.exists()


def test_the_ledger_lists_each_problems_person_measures_and_verification(campaign, county_office, village, county):
    from datetime import date

    from accounts.roles import Role
    from rectification import measures, services
    from tests.factories import make_user
    from units.models import Department

    housing_user = make_user("housing_staff", Role.DEPARTMENT, county, department="住建局")
    housing = Department.objects.get(county=county, name="住建局")
    problem = record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                             category="住房保障", description="墙体开裂", department=housing)
    services.assign(problem, by=county_office, responsible_user=housing_user, mode="immediate")
    measures.add_measure(problem, by=housing_user, content="入户核实", responsible_person="张三",
                         deadline=date(2026, 8, 1))
    measures.add_measure(problem, by=housing_user, content="加固墙体", responsible_user=housing_user,
                         deadline=date(2026, 8, 20))
    for step in problem.measures.all():
        measures.complete_measure(step, by=housing_user, result="已完成")
    services.mark_rectified(problem, by=housing_user, evidence_text="已加固")
    services.close(problem, by=county_office, note="现场核验属实")
    open_one = record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                              category="饮水", description="水压不足")

    _, wb = export(county_office, "ledger", campaign, county)
    ws = wb.active
    header = headers(ws)
    rows = {row[1]: row for row in ws.iter_rows(min_row=5, values_only=True) if isinstance(row[0], int)}
    closed_row, open_row = rows[problem.display_number], rows[open_one.display_number]
    today = timezone.localdate().isoformat()
    picked = ["责任单位", "责任人", "措施（责任人、时限、完成情况）", "已完成/措施数", "状态", "核验意见"]
    assert [closed_row[header.index(c)] for c in picked] == [
        "住建局", "housing_staff",
        f"1. 入户核实（张三，2026-08-01前；已完成 {today}）\n2. 加固墙体（housing_staff，2026-08-20前；已完成 {today}）",
        "2/2", "已销号", "现场核验属实"]
    assert [open_row[header.index(c)] for c in picked] == ["所在乡镇（街道）", None, None, "0/0", "待整改", None]
