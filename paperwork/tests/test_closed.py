"""A closed campaign is read-only for its paperwork too: its archive holds its reports and 通报, so none is
added, handed in, returned, issued or published after the close (core.guards.require_open)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archives.models import Archive
from core.guards import CampaignFrozen
from dashboards import rollup
from dashboards.ranking import freeze
from paperwork import services
from paperwork.models import Bulletin, Report, ReportDue
from paperwork.tests.conftest import PDF, at

FROZEN = "该专项行动已结束并归档，只能查看，不能再修改（排查表、问题台账、抽查、报送材料和通报均已冻结）。"


@pytest.fixture
def closed(world, county, county_office, township_office, township):
    """The 工作总结 due, 凤瑞街道's handed in, a draft 通报; then the campaign closed (no archive built here)."""
    due = services.add_report_due(by=county_office, campaign=world, title="集中整改工作总结", kind="summary",
                                  level="township", repeat="once", first_due=date(2026, 8, 20))
    with at(date(2026, 8, 18)):
        report = services.hand_in(by=township_office, due=due, unit=township, due_date=due.first_due,
                                  signer_name="张书记", signed_on=date(2026, 8, 18),
                                  upload=SimpleUploadedFile("总结.pdf", PDF, content_type="application/pdf"))
    with at(date(2026, 7, 27)):
        rollup.refresh(world, None, today=date(2026, 7, 27))
        ranking = freeze(world, county, date(2026, 7, 27))
        bulletin = services.issue_bulletin(
            by=county_office, campaign=world, ranking=ranking, title="通报", document_number="方〔2026〕1号",
            period_start=date(2026, 7, 20), period_end=date(2026, 7, 26), praised=[], criticized=[],
            issuing_office="县办", issued_on=date(2026, 7, 27))
    Archive.objects.create(campaign=world, closed_by=county_office, retention_years=1, keep_until=date(2027, 9, 1))
    return {"due": due, "report": report, "ranking": ranking, "bulletin": bulletin}


def test_no_paperwork_write_after_the_close(closed, world, county_office, other_township_office, other_township):
    due, report, ranking, bulletin = closed["due"], closed["report"], closed["ranking"], closed["bulletin"]
    writes = [
        lambda: services.add_report_due(by=county_office, campaign=world, title="补充材料", kind="other",
                                        level="township", repeat="once", first_due=date(2026, 9, 1)),
        lambda: services.hand_in(by=other_township_office, due=due, unit=other_township, due_date=due.first_due,
                                 signer_name="王书记", signed_on=date(2026, 9, 2),
                                 upload=SimpleUploadedFile("总结.pdf", PDF, content_type="application/pdf")),
        lambda: services.return_report(report, by=county_office, reason="缺签字页"),
        lambda: services.issue_bulletin(
            by=county_office, campaign=world, ranking=ranking, title="通报", document_number="方〔2026〕2号",
            period_start=date(2026, 7, 20), period_end=date(2026, 7, 26), praised=[], criticized=[],
            issuing_office="县办", issued_on=date(2026, 9, 2)),
        lambda: services.publish_bulletin(bulletin, by=county_office),
    ]
    for write in writes:
        with pytest.raises(CampaignFrozen, match="报送材料和通报均已冻结"):
            write()
    assert (ReportDue.objects.count(), Report.objects.count(), Bulletin.objects.count()) == (1, 1, 1)
    report.refresh_from_db()
    bulletin.refresh_from_db()
    assert (report.status, bulletin.published_at) == ("submitted", None)


def test_handing_in_on_the_page_after_the_close_says_why_and_stores_nothing(closed, world, other_township_office,
                                                                            other_township, client):
    due = closed["due"]
    url = reverse("paperwork:hand_in", args=[world.pk, due.pk, other_township.code, "2026-08-20"])
    client.force_login(other_township_office)
    with at(date(2026, 9, 2)):
        response = client.post(url, {"signer_name": "王书记", "signed_on": "2026-09-02",
                                     "file": SimpleUploadedFile("总结.pdf", PDF, content_type="application/pdf")},
                               HTTP_REFERER=url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [FROZEN]
    assert Report.objects.filter(unit=other_township).count() == 0


def test_the_pages_of_a_closed_campaign_offer_no_write(closed, world, county_office, other_township_office, client):
    client.force_login(county_office)
    with at(date(2026, 9, 2)):
        office = client.get(reverse("paperwork:campaign", args=[world.pk])).content.decode()
        bulletin = client.get(reverse("paperwork:bulletin", args=[closed["bulletin"].pk])).content.decode()
        client.force_login(other_township_office)
        own = client.get(reverse("paperwork:campaign", args=[world.pk])).content.decode()
    assert f'<p class="notice frozen">{FROZEN}</p>' in office and f'<p class="notice frozen">{FROZEN}</p>' in own
    for link in ("paperwork:due_create", "paperwork:bulletin_create"):
        assert reverse(link, args=[world.pk]) not in office
    assert reverse("paperwork:report_return_confirm", args=[closed["report"].pk]) not in office
    assert reverse("paperwork:bulletin_publish_confirm", args=[closed["bulletin"].pk]) not in bulletin
    hand_in = reverse("paperwork:hand_in", args=[world.pk, closed["due"].pk, "411322101", "2026-08-20"])
    assert hand_in not in own  # 释之街道's 工作总结, never handed in: no 报送 button
    Archive.objects.all().delete()  # the same pages of the open campaign do offer them
    with at(date(2026, 9, 2)):
        assert hand_in in client.get(reverse("paperwork:campaign", args=[world.pk])).content.decode()
        client.force_login(county_office)
        office = client.get(reverse("paperwork:campaign", args=[world.pk])).content.decode()
    assert reverse("paperwork:due_create", args=[world.pk]) in office
    assert reverse("paperwork:report_return_confirm", args=[closed["report"].pk]) in office
