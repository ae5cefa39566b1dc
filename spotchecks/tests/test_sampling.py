import pytest
from django.urls import reverse

from spotchecks import services
from spotchecks.models import SpotCheck
from spotchecks.sampling import draw, sample_size
from tests.factories import make_household, make_unit


@pytest.fixture
def villages(county):
    codes = [f"4113221{t:02d}{v:03d}" for t in range(3) for v in range(1, 9)]
    return [make_unit(code) for code in codes]


def items_of(spot_check):
    return list(spot_check.items.values_list("stratum", "unit_id", "household_id"))


def test_the_same_seed_gives_the_same_sample(campaign, county, county_office, villages):
    args = dict(by=county_office, campaign=campaign, unit=county, kind="county", subject="village",
                strata="township", size_per_stratum=3, seed=20260801)
    first = services.create_spot_check(**args)
    second = services.create_spot_check(**args)
    assert items_of(first) == items_of(second) and len(items_of(first)) == 3 * 3  # three townships
    other = services.create_spot_check(**{**args, "seed": 7})
    assert items_of(other) != items_of(first)


def test_each_stratum_gets_its_size(campaign, county, county_office, villages):
    spot_check = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                            subject="village", strata="township", size_per_stratum=2, seed=1)
    per_stratum = {}
    for stratum, _, _ in items_of(spot_check):
        per_stratum[stratum] = per_stratum.get(stratum, 0) + 1
    assert all(n == min(2, len(spot_check.population[s])) for s, n in per_stratum.items())
    assert set(per_stratum) == set(spot_check.population)


def test_size_from_confidence_and_margin():
    assert sample_size(1000, confidence=0.95, margin=0.05) == 278
    assert sample_size(52378, confidence=0.95, margin=0.05) == 382
    assert sample_size(10, confidence=0.95, margin=0.05) == 10


def test_a_published_sample_never_changes_and_can_be_redrawn_by_anyone_in_scope(client, campaign, county,
                                                                                county_office, villages, city_office):
    spot_check = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                            subject="village", strata="township", size_per_stratum=2, seed=99)
    services.publish(spot_check, by=county_office)
    before = items_of(spot_check)
    make_unit("411322100099")  # the population grows later
    with pytest.raises(services.SamplingError, match="已发布"):
        services.discard(spot_check, by=county_office)
    spot_check.refresh_from_db()
    assert items_of(spot_check) == before
    client.force_login(city_office)
    body = client.get(reverse("spotchecks:detail", args=[spot_check.pk])).content.decode()
    assert "结果与本样本一致" in body and str(spot_check.seed) in body and "county_office" in body


def test_households_are_sampled_from_the_campaigns_work_list(campaign, county, county_office, village, household):
    for _ in range(8):
        make_household(village)
    from campaigns.services import build_work_list

    build_work_list(campaign)
    spot_check = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                            subject="household", strata="township", size_per_stratum=3, seed=5)
    households = [h for _, _, h in items_of(spot_check)]
    assert len(households) == 3 and all(households)


def test_key_household_weighting_favours_key_households():
    population = {"s": [[f"v:{i}", 3 if i < 20 else 1] for i in range(100)]}
    unweighted = {"s": [[m, 1] for m, _ in population["s"]]}

    def key_share(pop):
        chosen = [m for seed in range(200) for m in draw(pop, seed=seed, size_per_stratum=10)["s"]]
        return sum(1 for m in chosen if int(m.split(":")[1]) < 20) / len(chosen)

    assert key_share(population) > key_share(unweighted) + 0.15


def test_users_outside_the_scope_cannot_draw(client, campaign, county, outsider, township_office, villages):
    with pytest.raises(services.SamplingError):
        services.create_spot_check(by=outsider, campaign=campaign, unit=county, kind="county", subject="village",
                                   strata="township", size_per_stratum=1)
    client.force_login(outsider)
    assert client.post(reverse("spotchecks:campaign", args=[campaign.pk]), {
        "kind": "county", "unit_code": county.code, "subject": "village", "strata": "township",
        "size_per_stratum": 1}).status_code == 404  # the campaign itself is hidden
    client.force_login(township_office)
    client.post(reverse("spotchecks:campaign", args=[campaign.pk]), {
        "kind": "county", "unit_code": "411322100", "subject": "village", "strata": "township",
        "size_per_stratum": 1})
    assert not SpotCheck.objects.exists()


def test_city_spot_checks_are_for_the_city_office(campaign, county, county_office, city_office, villages):
    with pytest.raises(services.SamplingError, match="市级办公室"):
        services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="city",
                                   subject="village", strata="township", size_per_stratum=1)
    spot_check = services.create_spot_check(by=city_office, campaign=campaign, unit=county, kind="city",
                                            subject="village", strata="township", size_per_stratum=1)
    assert spot_check.drawn_by == city_office and spot_check.params()["size_per_stratum"] == 1


def test_the_sampling_page_previews_then_publishes(client, campaign, county, county_office, villages):
    client.force_login(county_office)
    response = client.post(reverse("spotchecks:campaign", args=[campaign.pk]), {
        "kind": "county", "unit_code": county.code, "subject": "village", "strata": "township",
        "confidence": "0.95", "margin": "0.2"})
    spot_check = SpotCheck.objects.get()
    assert response["Location"] == spot_check.get_absolute_url() and spot_check.status == "draft"
    size = spot_check.items.count()
    page = client.get(spot_check.get_absolute_url()).content.decode()
    name = f"{spot_check.title}：{county.name}"
    assert (f'<form method="post" action="{reverse("spotchecks:act", args=[spot_check.pk, "publish"])}" '
            f'data-confirm="确定发布“{name}”的 {size} 个样本？发布后样本不再改变，并为每个样本生成检查表。">') in page
    assert (f'<form method="post" action="{reverse("spotchecks:act", args=[spot_check.pk, "discard"])}" '
            f'data-confirm="确定删除这份抽样草稿（{size} 个样本）？删除后可以重新抽样。">') in page
    done = client.post(reverse("spotchecks:act", args=[spot_check.pk, "publish"]), follow=True).content.decode()
    assert f'<li class="success">已发布样本“{name}”，共 {size} 个样本，此后不再改变；可以安排检查人员。</li>' in done
    spot_check.refresh_from_db()
    assert spot_check.status == "published" and spot_check.published_at and size > 0


def test_a_discarded_draft_is_named_in_the_message(client, campaign, county, county_office, villages):
    spot_check = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                            subject="village", strata="township", size_per_stratum=1)
    size = spot_check.items.count()
    client.force_login(county_office)
    done = client.post(reverse("spotchecks:act", args=[spot_check.pk, "discard"]), follow=True).content.decode()
    assert f'<li class="success">已删除抽样草稿“{spot_check.title}”（{size} 个样本），可以重新抽样。</li>' in done
    assert not SpotCheck.objects.exists() and size > 0


def test_a_missing_size_is_explained(client, campaign, county, county_office, villages):
    client.force_login(county_office)
    body = client.post(reverse("spotchecks:campaign", args=[campaign.pk]), {
        "kind": "county", "unit_code": county.code, "subject": "village", "strata": "township"}).content.decode()
    assert "请填写每层样本量，或同时填写置信水平和允许误差" in body


def test_inspectors_fill_the_chosen_subset_of_forms(campaign, county, county_office, templates, household, village):
    spot_check = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                            subject="village", strata="township", size_per_stratum=5, seed=1,
                                            templates=[templates["fangcheng-village"]])
    services.publish(spot_check, by=county_office)
    assert set(spot_check.inspections.values_list("template__code", flat=True)) == {"fangcheng-village"}
    whole = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                       subject="village", strata="township", size_per_stratum=5, seed=1)
    services.publish(whole, by=county_office)
    assert set(whole.inspections.values_list("template__code", flat=True)) == {"fangcheng-village",
                                                                               "fangcheng-household"}
    assert whole.inspections.filter(household=household).exists()  # a sampled village brings its households


def test_townships_reporting_fewer_problems_than_their_county_median_weigh_double(campaign, county, county_office,
                                                                                 villages):
    """Rates read from the ledger and the work list: problems (not withdrawn) per household form."""
    from campaigns.services import build_work_list
    from rectification.models import Problem
    from rectification.services import NewProblem, open_problems

    for township in ("100", "101", "102"):
        for v in ("001", "002"):
            make_household(next(u for u in villages if u.code == f"411322{township}{v}"))
    build_work_list(campaign)

    def problem(unit_id):
        return NewProblem(campaign_id=campaign.pk, unit_id=unit_id, source=Problem.Source.UNANNOUNCED,
                          category="住房保障", description="墙体开裂")

    opened = open_problems([problem("411322100001"), problem("411322100002"), problem("411322101001"),
                            problem("411322102001")], by=county_office)
    Problem.objects.filter(pk=opened[-1].pk).update(status=Problem.Status.WITHDRAWN)  # does not count
    # per household form: township 100 → 1.0, 101 → 0.5, 102 → 0; the median is 0.5, so only 102 is low
    spot_check = services.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                            subject="village", strata="township", size_per_stratum=2, seed=1,
                                            weight_low_reporting=True)
    weights = {code: weight for members in spot_check.population.values() for code, weight in members}
    assert {code for code, weight in weights.items() if weight == 2} == {
        u.code for u in villages if u.code.startswith("411322102")}
    assert set(weights.values()) == {1, 2}
