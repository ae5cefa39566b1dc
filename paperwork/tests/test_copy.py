"""A campaign like the last one owes the same reports (issue 18.6): paperwork hears CampaignCopied inside the
copy's transaction and moves each due date by the years the phases move (campaigns.services.years_moved)."""

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from campaigns.services import copy_campaign
from core import events
from paperwork import services
from paperwork.models import ReportDue
from tests.factories import make_campaign

FIELDS = ["title", "kind", "level", "repeat", "first_due", "last_due", "signer_title", "generated", "note",
          "created_by__username"]


def dues(campaign) -> list[dict]:
    return list(ReportDue.objects.filter(campaign=campaign).order_by("pk").values(*FIELDS))


@pytest.fixture
def with_dues(campaign, county_office):
    """方城 2026: the townships' 工作总结 by 8-20, signed by the party secretary; the weekly 工作组 report."""
    services.add_report_due(by=county_office, campaign=campaign, title="集中整改工作总结", kind="summary",
                            level="township", repeat="once", first_due=date(2026, 8, 20), signer_title="乡镇党委书记",
                            note="以党委文件报送")
    services.add_report_due(by=county_office, campaign=campaign, title="工作组周报", kind="weekly", level="township",
                            repeat="weekly", first_due=date(2026, 7, 17), last_due=date(2026, 8, 21),
                            generated="ledger")
    return campaign


def copy_by_page(client, office, source, capture, **data):
    client.force_login(office)
    with capture(execute=True):
        response = client.post(reverse("campaigns:copy", args=[source.pk]), {
            "name": "方城县2027年回头看", "document_number": "方农工组〔2027〕1号", "scope_code": "411322",
            "year": "2027", "dates": "shift", **data})
    assert response.status_code == 302
    return Campaign.objects.get(document_number="方农工组〔2027〕1号")


def test_a_copy_owes_the_same_reports_a_year_later(client, with_dues, county_office, city_office,
                                                   django_capture_on_commit_callbacks):
    before = dues(with_dues)
    new = copy_by_page(client, city_office, with_dues, django_capture_on_commit_callbacks)
    assert dues(new) == [
        {"title": "集中整改工作总结", "kind": "summary", "level": "township", "repeat": "once",
         "first_due": date(2027, 8, 20), "last_due": None, "signer_title": "乡镇党委书记", "generated": "",
         "note": "以党委文件报送", "created_by__username": "city_office"},  # the copying office set them
        {"title": "工作组周报", "kind": "weekly", "level": "township", "repeat": "weekly",
         "first_due": date(2027, 7, 17), "last_due": date(2027, 8, 21), "signer_title": "", "generated": "ledger",
         "note": "", "created_by__username": "city_office"}]
    assert [(p.starts_on, p.ends_on) for p in new.phases.all()] == [(date(2027, 7, 10), date(2027, 7, 30))]
    assert dues(with_dues) == before  # the source keeps its own


def test_dates_chosen_for_the_phases_still_move_the_reports_by_the_years(client, with_dues, county_office,
                                                                        django_capture_on_commit_callbacks):
    new = copy_by_page(client, county_office, with_dues, django_capture_on_commit_callbacks, dates="chosen",
                       **{"phase-0-kind": "screening", "phase-0-starts_on": "2027-05-01",
                          "phase-0-ends_on": "2027-05-31"})
    assert [(d["first_due"], d["last_due"]) for d in dues(new)] == [(date(2027, 8, 20), None),
                                                                    (date(2027, 7, 17), date(2027, 8, 21))]


def test_29_february_becomes_28_february_as_the_phases_do(templates, county, county_office):
    source = make_campaign(county, [templates["fangcheng-township"]], by=county_office, year=2024,
                           phases=[("screening", date(2024, 2, 1), date(2024, 2, 29))])
    services.add_report_due(by=county_office, campaign=source, title="摸底表汇总", kind="baseline", level="township",
                            repeat="weekly", first_due=date(2024, 2, 8), last_due=date(2024, 2, 29))
    new = copy_campaign(by=county_office, source=source, name="2025", document_number="方〔2025〕1号",
                        scope_unit=county, year=2025, carry_over=False)
    assert [(d["first_due"], d["last_due"]) for d in dues(new)] == [(date(2025, 2, 8), date(2025, 2, 28))]
    assert [p.ends_on for p in new.phases.all()] == [date(2025, 2, 28)]


def test_the_reports_are_copied_with_the_campaign_or_not_at_all(with_dues, county, county_office):
    assert services.on_campaign_copied in events.subscribers(events.CampaignCopied)
    with mock.patch("paperwork.services.ReportDue.objects.bulk_create", side_effect=RuntimeError):
        with pytest.raises(RuntimeError):
            copy_campaign(by=county_office, source=with_dues, name="x", document_number="方〔2027〕2号",
                          scope_unit=county, year=2027)
    assert not Campaign.objects.filter(year=2027).exists()
    assert ReportDue.objects.count() == 2
