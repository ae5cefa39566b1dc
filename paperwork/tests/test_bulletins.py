"""通报: from the frozen weekly ranking to a .docx and a PDF whose figures are the ledger's, published to the units."""

import io
from datetime import date

import docx
import pypdf
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboards import rollup
from dashboards.ranking import CRITERIA, freeze
from paperwork import services
from paperwork.models import Bulletin
from paperwork.tests.conftest import PDF, at
from rectification.models import Problem

WEEK_DAY = date(2026, 7, 27)  # a Monday
ISSUED = date(2026, 7, 28)


@pytest.fixture
def ranking(world, county):
    with at(WEEK_DAY):
        rollup.refresh(world, None, today=WEEK_DAY)
        return freeze(world, county, WEEK_DAY)


def issue(by, ranking, **changes):
    fields = dict(title="关于巩固拓展脱贫攻坚成果回头看工作进展情况的通报", document_number="方回头看办〔2026〕3号",
                  period_start=date(2026, 7, 20), period_end=date(2026, 7, 26), praised=["411322101"],
                  criticized=["411322100"], issuing_office="方城县巩固拓展脱贫攻坚成果领导小组办公室", issued_on=ISSUED)
    with at(ISSUED):
        return services.issue_bulletin(by=by, campaign=ranking.campaign, ranking=ranking, **(fields | changes))


def ledger(code: str, today=ISSUED, **filters) -> list[str]:
    """The ledger's counts straight from the problems: total, rectified, closed, overdue."""
    rows = Problem.objects.filter(unit__code__subtree=code, **filters).exclude(status="withdrawn")
    return [str(rows.count()), str(rows.filter(status__in=["rectified", "closed"]).count()),
            str(rows.filter(status="closed").count()),
            str(rows.filter(deadline__lt=today).exclude(status__in=["closed", "withdrawn"]).count())]


def test_the_docx_is_the_office_notice_with_the_ranking_and_the_ledger(ranking, county_office):
    bulletin = issue(county_office, ranking)
    document = docx.Document(io.BytesIO(bulletin.docx.read()))
    assert [p.text for p in document.paragraphs] == [
        "关于巩固拓展脱贫攻坚成果回头看工作进展情况的通报",
        "方回头看办〔2026〕3号",
        f"各乡镇、县直有关单位：按照“{ranking.campaign.name}”一周一调度一排队的要求，"
        "现将2026年7月20日至2026年7月26日工作进展情况通报如下。",
        "一、乡镇排名",
        f"排序规则：{CRITERIA}",
        "二、行业部门问题整改情况",
        "三、表扬与批评",
        "对释之街道予以通报表扬。",
        "对凤瑞街道予以通报批评，请于一周内整改到位并书面说明情况。",
        "方城县巩固拓展脱贫攻坚成果领导小组办公室",
        "2026年7月28日",
    ]
    townships, departments = ([[c.text for c in row.cells] for row in table.rows] for table in document.tables)
    entries = {e.unit.code: e for e in ranking.entries.select_related("unit")}
    expected = [["排名", "乡镇", "综合得分", "排查覆盖率（%）", "整改完成率（%）", "逾期问题", "问题总数", "已销号"]]
    for code in sorted(entries, key=lambda c: entries[c].rank):
        e = entries[code]
        total, _, closed, _ = ledger(code)
        shown = ["—" if v is None else str(v) for v in (e.coverage, e.rectification_rate)]
        expected.append([str(e.rank), e.unit.name, str(e.score), *shown,
                         str(e.problems_overdue), total, closed])
    assert townships == expected
    # the ledger by hand: 释之街道 1 problem (the withdrawn one counts nowhere), 凤瑞街道 3 (1 closed)
    assert [row[1:2] + row[6:] for row in townships[1:]] == [["释之街道", "1", "0"], ["凤瑞街道", "3", "1"]]
    assert departments == [
        ["责任单位", "牵头问题数", "已整改", "已销号", "逾期"],
        ["住建", *ledger("411322", department__name="住建")],
        ["卫健", *ledger("411322", department__name="卫健")],
    ]
    # 卫健's problem in 释之街道 is rectified but not closed (销号) by its 7-20 deadline: still 逾期
    assert departments[1:] == [["住建", "1", "0", "0", "1"], ["卫健", "2", "2", "1", "1"]]


def test_the_pdf_says_the_same_figures(ranking, county_office):
    bulletin = issue(county_office, ranking)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(services.bulletin_pdf(bulletin).read())).pages)
    flat = "".join(text.split())
    assert "方回头看办〔2026〕3号" in flat and "方城县巩固拓展脱贫攻坚成果领导小组办公室" in flat
    assert "2026年7月28日" in flat and "对释之街道予以通报表扬。" in flat
    for t in bulletin.figures["townships"]:
        row = "".join([str(t["rank"]), t["name"], t["score"], t["coverage"], t["rectification_rate"],
                       str(t["problems_overdue"]), str(t["problems_total"]), str(t["problems_closed"])])
        assert row in flat
    assert "住建1001" in flat and "卫健2211" in flat


def test_the_office_chooses_praise_and_criticism_among_the_ranked_units(ranking, county_office):
    with pytest.raises(services.Refused, match="表扬、批评的单位须是本期排名中的单位"):
        issue(county_office, ranking, praised=["411321100"])
    with pytest.raises(services.Refused, match="同一单位不能同时表扬和批评"):
        issue(county_office, ranking, praised=["411322100"], criticized=["411322100"])
    assert not Bulletin.objects.exists()


def test_only_the_office_over_the_ranking_issues_and_publishes(ranking, county_office, township_office, outsider):
    for user in (township_office, outsider):
        with pytest.raises(PermissionDenied):
            issue(user, ranking)
    bulletin = issue(county_office, ranking)
    for user in (township_office, outsider):
        with pytest.raises(PermissionDenied):
            services.publish_bulletin(bulletin, by=user)
    assert Bulletin.objects.get().published_at is None


def test_a_published_bulletin_reaches_the_units_it_concerns(ranking, county_office, township_office, outsider,
                                                            client):
    bulletin = issue(county_office, ranking)
    page_url = reverse("paperwork:campaign", args=[ranking.campaign.pk])
    client.force_login(township_office)
    assert bulletin.document_number not in client.get(page_url).content.decode()
    assert client.get(reverse("paperwork:bulletin", args=[bulletin.pk])).status_code == 404
    client.force_login(county_office)
    confirm = client.get(reverse("paperwork:bulletin_publish_confirm", args=[bulletin.pk])).content.decode()
    townships, departments = len(bulletin.figures["townships"]), len(bulletin.figures["departments"])
    assert (f'<p class="notice">发布后，方城县下各单位都能在“报送与通报”页看到并下载这份通报（通报中有 {townships} 个'
            f'乡镇（街道）和 {departments} 个行业部门）；发布不能撤回。</p>') in confirm
    done = client.post(reverse("paperwork:bulletin_publish", args=[bulletin.pk]), follow=True).content.decode()
    assert (f'<li class="success">已发布通报《{bulletin.title}》（方回头看办〔2026〕3号），通知 {townships} 个乡镇（街道）和 '
            f'{departments} 个行业部门；方城县下各单位可在“报送与通报”页看到。</li>') in done
    assert townships > 0
    client.force_login(township_office)
    assert bulletin.document_number in client.get(page_url).content.decode()
    download = client.get(reverse("paperwork:bulletin_file", args=[bulletin.pk, "docx"]))
    assert b"".join(download.streaming_content) == Bulletin.objects.get().docx.open("rb").read()
    client.force_login(outsider)
    assert client.get(reverse("paperwork:bulletin", args=[bulletin.pk])).status_code == 404


def test_the_form_generates_the_bulletin_with_the_chosen_units(ranking, county_office, client):
    client.force_login(county_office)
    url = reverse("paperwork:bulletin_create", args=[ranking.campaign.pk])
    with at(ISSUED):
        form = client.get(url).content.decode()
        assert "凤瑞街道（第" in form and "释之街道（第" in form
        bad = client.post(url, {"ranking": ranking.pk, "title": "通报", "document_number": "方〔2026〕4号",
                                "period_start": "2026-07-26", "period_end": "2026-07-20", "praised": ["411322100"],
                                "criticized": ["411322100"], "issuing_office": "县办", "issued_on": "2026-07-28"})
        page = bad.content.decode()
        assert "同一乡镇不能同时表扬和批评" in page and "结束日期不能早于开始日期" in page
        assert 'value="方〔2026〕4号"' in page
        done = client.post(url, {"ranking": ranking.pk, "title": "通报", "document_number": "方〔2026〕4号",
                                 "period_start": "2026-07-20", "period_end": "2026-07-26", "praised": ["411322100"],
                                 "issuing_office": "县办", "issued_on": "2026-07-28"}, follow=True)
    assert "已生成通报 方〔2026〕4号（Word 与 PDF），尚未发布" in done.content.decode()
    assert Bulletin.objects.get().figures["praised"] == ["凤瑞街道"]


def test_the_archive_of_a_closed_campaign_holds_every_report_and_bulletin(ranking, county_office, township_office,
                                                                          township):
    from paperwork.archive import CONTRIBUTOR

    bulletin = issue(county_office, ranking)
    due = services.add_report_due(by=county_office, campaign=ranking.campaign, title="集中整改工作总结",
                                  kind="summary", level="township", repeat="once", first_due=date(2026, 8, 20),
                                  signer_title="乡镇党委书记")
    with at(date(2026, 8, 19)):
        report = services.hand_in(by=township_office, due=due, unit=township, due_date=due.first_due,
                                  signer_name="张书记", signed_on=date(2026, 8, 19),
                                  upload=SimpleUploadedFile("总结.pdf", PDF, content_type="application/pdf"))
    pieces = list(CONTRIBUTOR.pieces(ranking.campaign, county_office))
    stem = "411322 方城县/通报/方回头看办〔2026〕3号关于巩固拓展脱贫攻坚成果回头看工作进展情况的通报"
    assert [(p.path, p.kind, p.unit_code) for p in pieces] == [
        (f"411322 方城县/报送材料/集中整改工作总结/{township.full_name}-20260820.pdf", "报送材料：集中整改工作总结",
         township.code),
        (f"{stem}.docx", "通报", "411322"), (f"{stem}.pdf", "通报", "411322"),
    ]
    assert CONTRIBUTOR.count(ranking.campaign) == len(pieces)
    assert pieces[0].content() == report.file.open("rb").read()
    assert pieces[1].content() == bulletin.docx.open("rb").read()
    assert pieces[2].content().startswith(b"%PDF")
