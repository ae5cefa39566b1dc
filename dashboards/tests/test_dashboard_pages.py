import pytest
from django.urls import reverse

from dashboards import rollup
from dashboards.ranking import freeze_campaign
from dashboards.tests.conftest import TODAY, build_city_campaign
from tests.module_scope import share_per_module


def build_computed(city_campaign):
    rollup.refresh(city_campaign, None)
    freeze_campaign(city_campaign, TODAY)
    return city_campaign


# The city campaign and its figures are built once for the module; each test gets them fresh.
share_per_module(globals(), city_campaign=(("templates", "county_office"), build_city_campaign),
                 computed=(("city_campaign",), build_computed))


def test_county_office_sees_one_row_per_township_with_drill_down(client, computed, county_office):
    client.force_login(county_office)
    response = client.get(reverse("dashboards:unit", args=[computed.pk, "411322"]))
    body = response.content.decode()
    assert [s.unit_id for s in response.context["children"]] == ["411322100", "411322101"]
    assert "计算时间" in body and "本周排队" in body
    assert f"/problems/?campaign={computed.pk}&amp;unit=411322100&amp;overdue=true" in body
    assert f"/campaigns/{computed.pk}/units/411322100/" in body
    assert "vendor/chartjs/chart.umd.min.js" in body


def test_city_office_sees_counties(client, computed, city_office):
    client.force_login(city_office)
    response = client.get(reverse("dashboards:unit", args=[computed.pk, "4113"]))
    assert {s.unit_id for s in response.context["children"]} >= {"411322", "411321"}


def test_dashboards_outside_the_scope_answer_404(client, computed, township_office, outsider):
    client.force_login(township_office)
    assert client.get(reverse("dashboards:unit", args=[computed.pk, "411322"])).status_code == 404
    assert client.get(reverse("dashboards:unit", args=[computed.pk, "411322100"])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("dashboards:unit", args=[computed.pk, "411322"])).status_code == 404


def test_drill_down_counts_match_the_rows_behind_them(client, computed, county_office):
    from dashboards.models import Summary

    client.force_login(county_office)
    summary = Summary.objects.get(campaign=computed, unit_id="411322")
    for params, expected in [({"overdue": "true"}, summary.problems_overdue),
                             ({"status": "closed"}, summary.problems_closed),
                             ({"done": "true"}, summary.problems_rectified)]:
        response = client.get(reverse("rectification:ledger"),
                              {"campaign": computed.pk, "unit": "411322", **params})
        assert len(response.context["page"]) == expected, params


def test_dashboard_query_count_is_flat(client, computed, county_office, django_assert_max_num_queries):
    client.force_login(county_office)
    with django_assert_max_num_queries(16):
        client.get(reverse("dashboards:unit", args=[computed.pk, "4113"]))


def test_rebuild_is_for_managers(client, computed, township_office, county_office):
    url = reverse("dashboards:rebuild", args=[computed.pk, "411322100"])
    client.force_login(township_office)
    assert client.post(url).status_code == 404
    client.force_login(county_office)
    assert client.post(url).status_code == 302
