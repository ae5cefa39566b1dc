from datetime import date

from django.urls import reverse
from django.utils import timezone

from rectification import measures, services
from rectification.models import Measure, Problem
from tests.factories import make_campaign


def test_open_problems_are_carried_into_the_next_campaign_once(client, campaign, templates, county, county_office,
                                                              make_problem, housing):
    still_open = make_problem(department=housing)
    measures.add_measure(still_open, by=county_office, content="入户核实", responsible_person="张三",
                         deadline=date(2026, 8, 1))
    measures.add_measure(still_open, by=county_office, content="危房改造", responsible_person="李四",
                         deadline=date(2026, 9, 1))
    Measure.objects.filter(problem=still_open, position=1).update(done_at=timezone.now(), result="已核实")
    done = make_problem(status="closed", mode="immediate")
    next_year = make_campaign(county, [templates["fangcheng-household"]], by=county_office, year=2027,
                              name="2027年回头帮")
    client.force_login(county_office)
    client.post(reverse("rectification:carry_over", args=[campaign.pk]), {"target": next_year.pk})
    client.post(reverse("rectification:carry_over", args=[campaign.pk]), {"target": next_year.pk})

    [carried] = Problem.objects.filter(campaign=next_year)
    assert carried.carried_from == still_open and carried.source == "carry_over"
    assert (carried.department, carried.unit_id) == (housing, still_open.unit_id)
    # only the measure still to do goes with it; the done one stays in last year's history
    assert list(carried.measures.values_list("position", "content", "responsible_person", "deadline", "done_at")) == [
        (1, "危房改造", "李四", date(2026, 9, 1), None)]
    assert still_open.measures.count() == 2
    assert not done.carried_into.exists()
    assert still_open.events.last().action == "carry_over"
    body = client.get(reverse("rectification:detail", args=[carried.pk])).content.decode()
    assert still_open.display_number in body


def test_carry_over_is_for_the_county_office(campaign, templates, county, county_office, township_office,
                                            make_problem):
    make_problem()
    target = make_campaign(county, [templates["fangcheng-household"]], by=county_office, year=2027)
    assert services.carry_over(source=campaign, target=target, by=township_office) == []
