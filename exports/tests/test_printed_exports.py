"""Exports print as an office prints them: LibreOffice turns the 附件1 table (A3 landscape) and the
ledger (A4 landscape) into PDF pages; every village name is whole, each township starts a page,
the headers repeat on every page."""

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from checklists.engine import validate
from checklists.models import Submission
from checklists.tests.conftest import fangcheng_household_answers
from conftest import unavailable
from core.excel import Column, widths_for_page
from exports import jobs, tables
from openpyxl import load_workbook

from rectification.services import record_problem
from tests.factories import make_campaign, make_household, make_unit

pytestmark = pytest.mark.office

# Real village names of 方城县 and neighbours, the longest the division file holds among them.
TOWNSHIPS = {
    "411322200": ("古庄店镇", ["大王庄村民委员会", "二郎庙社区居民委员会", "张庄村"]),
    "411322201": ("拐河镇", ["七峪村民委员会", "藕池沟村民委员会", "马庄村"]),
    "411322202": ("杨楼镇", ["老鸦张村民委员会", "八里桥社区居民委员会"]),
}


def to_pdf(*workbooks: Path) -> list[list[str]]:
    """The text of each printed page of each workbook, as LibreOffice prints it (one LibreOffice start)."""
    soffice = shutil.which("soffice")
    if not soffice:
        unavailable("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    pypdf = pytest.importorskip("pypdf")
    folder = workbooks[0].parent
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(folder), *map(str, workbooks)], check=True, capture_output=True, timeout=300)
    return [[page.extract_text().replace(" ", "").replace("\n", "") for page in pypdf.PdfReader(str(w.with_suffix(".pdf"))).pages]
            for w in workbooks]


@pytest.fixture
def world(templates, county_office, checker):
    villages = []
    for code, (township_name, names) in TOWNSHIPS.items():
        make_unit(code, township_name)
        for index, name in enumerate(names, start=1):
            village = make_unit(f"{code}{index:03d}", name)
            villages.append(village)
            for _ in range(6):
                make_household(village, number=f"4113221{len(villages):02d}{_:02d}0{index}0", kind="poverty_exited")
    county = villages[0].parent.parent
    campaign = make_campaign(county, [templates["fangcheng-household"]], by=county_office)
    rng = random.Random(5)
    for form in Submission.objects.filter(campaign=campaign).select_related("template"):
        answers = fangcheng_household_answers(housing_unsafe=rng.choice(["yes", "no"]), housing_unsafe__desc="东墙开裂")
        form.answers, _ = validate(form.template, answers, final=True)
        form.status, form.checker, form.submitted_at = "approved", checker, timezone.now()
        form.save()
    return campaign, county, villages


def across(path: Path) -> int:
    """How many pages across one row of the table takes, as the workbook sets it up."""
    return load_workbook(path).active.page_setup.fitToWidth


def assert_prints_by_township(pages: list[str], across: int, villages, header: str):
    townships = {v.parent.name for v in villages}
    # one page per township for each strip of columns: the row breaks fall between townships
    assert len(pages) == len(townships) * across
    for page in pages:
        assert header in page  # the header rows repeat on every page
        assert len([name for name in townships if name in page]) == 1, page[:200]
    for village in villages:  # every name whole, on the pages of its own township
        holding = [page for page in pages if village.name in page]
        assert holding and all(village.parent.name in page for page in holding)


def test_appendix_1_on_a3_and_the_ledger_on_a4_print_whole_names_a_township_to_a_page(
        world, templates, county_office, tmp_path):
    campaign, county, villages = world
    for village in villages:
        record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                       category="住房保障", description=f"{village.name}危房未改造")
    appendix = tables.appendix_table(campaign, templates["fangcheng-household"], county)
    ledger = tables.ledger_table(campaign, county, county_office, {})
    assert (appendix.layout.paper, ledger.layout.paper) == ("A3", "A4")
    jobs.write_workbook(appendix, tmp_path / "appendix.xlsx")
    jobs.write_workbook(ledger, tmp_path / "ledger.xlsx")
    appendix_pages, ledger_pages = to_pdf(tmp_path / "appendix.xlsx", tmp_path / "ledger.xlsx")

    # 29 questions do not fit one A3 page legibly: strips of columns, each repeating 序号…户类型
    assert across(tmp_path / "appendix.xlsx") > 1
    assert_prints_by_township(appendix_pages, across(tmp_path / "appendix.xlsx"), villages, "户主姓名")
    numbers = Submission.objects.filter(campaign=campaign).values_list("household__number", flat=True)
    assert all(any(number in page for page in appendix_pages) for number in numbers)

    assert across(tmp_path / "ledger.xlsx") == 1  # the wrapped 问题描述/整改措施 narrowed to fit A4
    assert_prints_by_township(ledger_pages, 1, villages, "问题编号")


def test_wrapped_columns_narrow_only_as_far_as_one_page_needs():
    columns = [Column("a", "a", 100), Column("b", "b", 60, wrap=True), Column("c", "c", 40, wrap=True)]
    assert widths_for_page(columns, 200) == [100, 60, 40]  # fits already
    assert widths_for_page(columns, 180) == [100, 47, 32]  # 20 (rounded up) taken from the wrapped ones, in proportion
    assert widths_for_page(columns, 120) == [100, 60, 40]  # cannot fit however narrow: kept, printed across pages
