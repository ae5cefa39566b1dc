"""The ledger's filters with htmx: a changed filter answers only the results (the same HTML the whole page
holds for that address); without htmx the same address is the whole page."""

import re

from django.urls import reverse

from rectification.services import NewProblem, department_for, open_problems

HX = {"HTTP_HX_REQUEST": "true"}


def _tokens_out(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="…"', html)


def test_a_filter_sent_by_htmx_answers_the_results_of_the_whole_page(client, campaign, county_office, village,
                                                                    other_township_village):
    health = department_for(village.code, "卫健委")
    open_problems([NewProblem(campaign_id=campaign.pk, unit_id=unit.code, source="manual", category=category,
                              description=category, department=health)
                   for unit, category in [(village, "医疗"), (other_township_village, "住房")]], by=county_office)
    client.force_login(county_office)
    url = reverse("rectification:ledger")
    query = {"campaign": campaign.pk, "category": "住房"}

    page = client.get(url, query)
    fragment = client.get(url, query, **HX)

    assert page.status_code == fragment.status_code == 200
    assert page["Vary"] == fragment["Vary"] == "HX-Request, Cookie, Accept-Language"
    body, part = page.content.decode(), fragment.content.decode().strip()
    whole = re.search(r'<div id="ledger-results">.*?</nav>\n</div>', body, re.S).group(0)
    assert _tokens_out(part) == _tokens_out(whole)
    assert part.startswith('<div id="ledger-results">') and "<html" not in part and 'class="filters"' not in part
    rows = re.findall(rf'">(2026-{campaign.pk}-\d+)</a></td><td>([^<]*)</td><td>([^<]*)</td>', part)
    assert rows == [(f"2026-{campaign.pk}-000002", "释之街道", "释之社区")]
    assert re.sub(r"<[^>]+>", "", re.search(r'<p class="totals">(.*?)</p>', part).group(1)) == \
        "按状态合计：待整改 1；整改中 0；已整改待销号 0；已销号 0；已撤销 0"
    # the export of the filtered rows follows the filters
    assert f'<input type="hidden" name="query" value="campaign={campaign.pk}&amp;category=%E4%BD%8F%E6%88%BF">' in part


def test_the_filter_form_asks_htmx_and_still_works_as_a_get(client, county_office):
    client.force_login(county_office)
    url = reverse("rectification:ledger")
    body = client.get(url).content.decode()
    form = re.search(r'<form method="get" class="filters"[^>]*>', body, re.S).group(0)
    assert re.sub(r"\s+", " ", form) == (
        f'<form method="get" class="filters" action="{url}" hx-get="{url}" hx-trigger="change, submit" '
        'hx-target="#ledger-results" hx-swap="outerHTML" hx-push-url="true" hx-sync="this:replace">')
    assert '<div id="ledger-results">' in body and "<h1>问题台账" in body
    restored = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true").content.decode()
    assert "<h1>问题台账" in restored and 'class="filters"' in restored  # back in history: the whole page
