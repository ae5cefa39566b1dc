"""Hostile values in every paperwork form: a page with a Chinese error or a redirect, never a 500,
and a refused request saves nothing (the project's fuzzing, on the shared world)."""

from django.urls import reverse

from tests.test_fuzz_every_endpoint import fuzz
from tests.world import state_tables, world_fixture  # noqa: F401 - state_tables is a fixture

world = world_fixture()


def test_report_due_form(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST", reverse("paperwork:due_create", args=[world.inside.campaign.pk]),
         {"title": "工作组周报", "kind": "weekly", "level": "township", "repeat": "weekly", "first_due": "2026-07-17",
          "last_due": "2026-08-21", "signer_title": "组长", "generated": "ledger", "note": ""})


def test_hand_in_form(world, db, state_tables):
    inside = world.inside
    url = reverse("paperwork:hand_in", args=[inside.campaign.pk, inside.report_due.pk, inside.township.code,
                                             inside.report_due.first_due.isoformat()])
    fuzz(world, state_tables, "township_office", "POST", url,
         {"signer_name": "张书记", "signed_on": "2026-08-18", "generate": ""})


def test_return_form(world, db, state_tables):
    fuzz(world, state_tables, "county_office", "POST",
         reverse("paperwork:report_return", args=[world.inside.report.pk]), {"reason": "缺签字页"})


def test_bulletin_form(world, db, state_tables):
    inside = world.inside
    fuzz(world, state_tables, "county_office", "POST", reverse("paperwork:bulletin_create", args=[inside.campaign.pk]),
         {"ranking": str(inside.bulletin.ranking_id), "title": "通报", "document_number": "回头看办〔2026〕2号",
          "period_start": "2026-07-20", "period_end": "2026-07-26", "praised": inside.township.code,
          "criticized": "", "issuing_office": "县办", "issued_on": "2026-07-28"})
