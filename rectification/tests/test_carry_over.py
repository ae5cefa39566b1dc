from django.urls import reverse

from rectification import services
from rectification.models import Problem
from tests.factories import make_campaign


def test_open_problems_are_carried_into_the_next_campaign_once(client, campaign, templates, county, county_office,
                                                              make_problem, housing):
    still_open = make_problem(department=housing, measure="危房改造")
    done = make_problem(status="closed", mode="immediate")
    next_year = make_campaign(county, [templates["fangcheng-household"]], by=county_office, year=2027,
                              name="2027年回头帮")
    client.force_login(county_office)
    client.post(reverse("rectification:carry_over", args=[campaign.pk]), {"target": next_year.pk})
    client.post(reverse("rectification:carry_over", args=[campaign.pk]), {"target": next_year.pk})

    [carried] = Problem.objects.filter(campaign=next_year)
    assert carried.carried_from == still_open and carried.source == "carry_over"
    assert (carried.department, carried.measure, carried.unit_id) == (housing, "危房改造", still_open.unit_id)
    assert not done.carried_into.exists()
    assert still_open.events.last().action == "carry_over"
    body = client.get(reverse("rectification:detail", args=[carried.pk])).content.decode()
    assert still_open.display_number in body


def test_carry_over_is_for_the_county_office(campaign, templates, county, county_office, township_office,
                                            make_problem):
    make_problem()
    target = make_campaign(county, [templates["fangcheng-household"]], by=county_office, year=2027)
    assert services.carry_over(source=campaign, target=target, by=township_office) == []
