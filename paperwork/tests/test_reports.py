"""报送: reports due per unit, handed in with a signer, 未报 / 已报 / 逾期 / 退回 with the clock moved."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from paperwork import selectors, services
from paperwork.models import Report, ReportEvent
from paperwork.tests.conftest import PDF, at
from rectification.models import Problem

SUMMARY_DUE = date(2026, 8, 20)


def pdf(name="总结.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def summary(world, county_office):
    """方城: the townships' 工作总结, signed by the party secretary, by 8-20."""
    return services.add_report_due(by=county_office, campaign=world, title="集中整改工作总结", kind="summary",
                                   level="township", repeat="once", first_due=SUMMARY_DUE, signer_title="乡镇党委书记")


@pytest.fixture
def weekly(world, county_office):
    """驻乡镇工作组 weekly report: every Friday from 7-17 to 8-21, which the unit may generate from its ledger."""
    return services.add_report_due(by=county_office, campaign=world, title="工作组周报", kind="weekly",
                                   level="township", repeat="weekly", first_due=date(2026, 7, 17),
                                   last_due=date(2026, 8, 21), generated="ledger")


def standings(user, campaign, day):
    with at(day):
        grid = selectors.matrix(user, campaign, day)
    return {(unit.name, f"{cell.due.title} {cell.due_date:%m-%d}"): cell.standing.label
            for unit, cells in grid.rows for cell in cells if cell}


def hand_in_summary(user, due, unit, day=date(2026, 8, 18), **kwargs):
    with at(day):
        return services.hand_in(by=user, due=due, unit=unit, due_date=SUMMARY_DUE, signer_name="张书记",
                                signed_on=day, **({"upload": pdf()} | kwargs))


def test_a_report_not_handed_in_becomes_overdue_the_day_after_its_due_date(summary, county_office, township_office,
                                                                           township):
    hand_in_summary(township_office, summary, township)
    before = {("凤瑞街道", "集中整改工作总结 08-20"): "已报", ("释之街道", "集中整改工作总结 08-20"): "未报"}
    assert standings(county_office, summary.campaign, date(2026, 8, 19)) == before
    assert standings(county_office, summary.campaign, SUMMARY_DUE) == before  # the due date itself is in time
    assert standings(county_office, summary.campaign, date(2026, 8, 21)) == {
        ("凤瑞街道", "集中整改工作总结 08-20"): "已报", ("释之街道", "集中整改工作总结 08-20"): "逾期"}


def test_a_weekly_report_repeats_every_week_until_its_last_due_date(weekly, county_office):
    assert weekly.due_dates(date(2026, 7, 10)) == [date(2026, 7, 17)]
    assert weekly.due_dates(date(2026, 7, 24)) == [date(2026, 7, 17), date(2026, 7, 24)]
    assert weekly.due_dates(date(2026, 7, 25)) == [date(2026, 7, 17), date(2026, 7, 24), date(2026, 7, 31)]
    assert weekly.due_dates(date(2026, 12, 1))[-1] == date(2026, 8, 21)
    assert len(weekly.due_dates(date(2026, 12, 1))) == 6
    assert standings(county_office, weekly.campaign, date(2026, 7, 25)) == {
        ("凤瑞街道", "工作组周报 07-17"): "逾期", ("凤瑞街道", "工作组周报 07-24"): "逾期",
        ("凤瑞街道", "工作组周报 07-31"): "未报",
        ("释之街道", "工作组周报 07-17"): "逾期", ("释之街道", "工作组周报 07-24"): "逾期",
        ("释之街道", "工作组周报 07-31"): "未报"}


def test_a_unit_generates_its_weekly_report_from_its_ledger(weekly, township_office, township):
    with at(date(2026, 7, 24)):
        report = services.hand_in(by=township_office, due=weekly, unit=township, due_date=date(2026, 7, 24),
                                  signer_name="李组长", signed_on=date(2026, 7, 24), generate=True)
    assert (report.source, report.original_name) == ("generated", "工作组周报-凤瑞街道.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(report.file.read())).active
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    numbers = sorted(Problem.objects.filter(unit__code__subtree="411322100").values_list("number", flat=True))
    assert len(numbers) == 3 and all(n in texts for n in numbers)
    other = Problem.objects.filter(unit__code__subtree="411322101").values_list("number", flat=True)
    assert not any(n in texts for n in other)


def test_returned_report_goes_back_to_the_unit_which_hands_it_in_again(summary, county_office, township_office,
                                                                       township, client):
    report = hand_in_summary(township_office, summary, township)
    with pytest.raises(services.Refused, match="这份材料已报送；如需更正，请联系上级办公室退回后重新报送"):
        hand_in_summary(township_office, summary, township, day=date(2026, 8, 19))
    with at(date(2026, 8, 19)):
        services.return_report(report, by=county_office, reason="未见党委书记签字页")
    assert standings(county_office, summary.campaign, date(2026, 8, 22))[("凤瑞街道", "集中整改工作总结 08-20")] == "退回"
    client.force_login(township_office)
    with at(date(2026, 8, 22)):
        page = client.get(reverse("paperwork:campaign", args=[summary.campaign.pk])).content.decode()
    assert "退回原因：未见党委书记签字页" in page and "重新报送" in page
    hand_in_summary(township_office, summary, township, day=date(2026, 8, 22), upload=pdf("总结（补签）.pdf"))
    assert standings(county_office, summary.campaign, date(2026, 8, 23))[("凤瑞街道", "集中整改工作总结 08-20")] == "已报"
    assert [(e.action, e.note) for e in ReportEvent.objects.filter(report=report)] == [
        ("submit", "签字人：张书记（2026-08-18）"), ("return", "未见党委书记签字页"), ("submit", "签字人：张书记（2026-08-22）")]
    assert Report.objects.get().original_name == "总结（补签）.pdf"


def test_return_is_confirmed_on_its_own_page_and_says_what_happened(summary, county_office, township_office,
                                                                    township, client):
    report = hand_in_summary(township_office, summary, township)
    client.force_login(county_office)
    page = client.get(reverse("paperwork:report_return_confirm", args=[report.pk])).content.decode()
    assert "退回后，该单位会看到退回原因，须重新报送" in page and "确认退回" in page
    empty = client.post(reverse("paperwork:report_return", args=[report.pk]), {"reason": " "})
    assert "请填写退回原因，报送单位会看到它" in empty.content.decode()
    assert Report.objects.get().status == "submitted"
    done = client.post(reverse("paperwork:report_return", args=[report.pk]), {"reason": "缺附件"}, follow=True)
    assert "已将凤瑞街道的“集中整改工作总结”（2026-08-20 期）退回，对方将看到退回原因并重新报送。" in done.content.decode()


def test_a_unit_hands_in_only_its_own_reports(summary, county_office, township_office, other_township_office,
                                              township, other_township, checker, client):
    for user in (other_township_office, county_office, checker):
        with pytest.raises(PermissionDenied):
            hand_in_summary(user, summary, township)
    client.force_login(other_township_office)
    url = reverse("paperwork:hand_in", args=[summary.campaign.pk, summary.pk, township.code, "2026-08-20"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"signer_name": "王", "signed_on": "2026-08-18", "file": pdf()}).status_code == 404
    assert not Report.objects.exists()
    own = reverse("paperwork:hand_in", args=[summary.campaign.pk, summary.pk, other_township.code, "2026-08-21"])
    assert client.get(own).status_code == 404  # not a due date of this report


def test_only_an_office_above_the_unit_returns_a_report(summary, township_office, other_township_office, township,
                                                        outsider):
    report = hand_in_summary(township_office, summary, township)
    for user in (township_office, other_township_office, outsider):
        with pytest.raises(PermissionDenied):
            services.return_report(report, by=user, reason="x")
    assert Report.objects.get().status == "submitted"


def test_a_township_sees_only_its_own_reports(summary, county_office, township_office, other_township_office,
                                              township, client):
    report = hand_in_summary(township_office, summary, township)
    client.force_login(other_township_office)
    assert client.get(reverse("paperwork:report_file", args=[report.pk])).status_code == 404
    page = client.get(reverse("paperwork:campaign", args=[summary.campaign.pk])).content.decode()
    assert "释之街道" in page and "凤瑞街道" not in page
    client.force_login(county_office)
    download = client.get(reverse("paperwork:report_file", args=[report.pk]))
    assert b"".join(download.streaming_content) == PDF


def docx_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, message", [
    ("照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "“照片.png”：报送材料只接受 PDF、Word（.docx）或 Excel（.xlsx）文件"),
    ("总结.pdf", b"not a pdf at all", "“总结.pdf”：文件内容与扩展名不符"),
    ("总结.docx", docx_without_document(), "“总结.docx”：不是有效的 Word（.docx）文件"),
    ("空.pdf", b"", "提交的是空文件。"),  # Django's own check comes first
])
def test_an_upload_is_checked_and_the_form_keeps_what_was_typed(summary, township_office, township, client, name,
                                                                content, message):
    client.force_login(township_office)
    url = reverse("paperwork:hand_in", args=[summary.campaign.pk, summary.pk, township.code, "2026-08-20"])
    with at(date(2026, 8, 18)):
        response = client.post(url, {"signer_name": "张书记", "signed_on": "2026-08-18",
                                     "file": SimpleUploadedFile(name, content)})
    page = response.content.decode()
    assert response.status_code == 200 and not Report.objects.exists()
    assert message in page
    assert 'value="张书记"' in page


def test_handing_in_through_the_page_says_what_happened(summary, township_office, township, client):
    client.force_login(township_office)
    url = reverse("paperwork:hand_in", args=[summary.campaign.pk, summary.pk, township.code, "2026-08-20"])
    with at(date(2026, 8, 18)):
        page = client.get(url).content.decode()
        assert "须由<strong>乡镇党委书记</strong>签字" in page
        done = client.post(url, {"signer_name": "张书记", "signed_on": "2026-08-18", "file": pdf()}, follow=True)
    assert "凤瑞街道的“集中整改工作总结”（2026-08-20 期）已报送，签字人 张书记。" in done.content.decode()
    report = Report.objects.get()
    assert (report.signer_name, report.signed_on, report.submitted_by) == ("张书记", date(2026, 8, 18), township_office)
