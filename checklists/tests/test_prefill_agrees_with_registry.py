"""A household with no problem, of any kind and with any key person, gets no problem from a prefilled form."""

import pytest

from checklists import services
from checklists.models import Question, Submission
from checklists.prefill import prefilled_answers
from households.models import Household
from rectification.models import Problem
from tests.factories import make_campaign, make_household

KEY_PERSONS = [{}] + [{field: True} for field in Household.KEY_PERSON_FIELDS]
CASES = [(kind, persons) for kind in Household.Kind.values for persons in KEY_PERSONS]


def truly_included(household) -> str:
    """The 2024/2025 template's 贫困人口范围 as the registry holds it: only a 监测户 is in (纳入监测); a 脱贫户
    has exited and, with no problem, no longer meets the standard; the other kinds were never in."""
    return "yes" if household.kind == Household.Kind.MONITORED else "no"


# What a problem-free household answers, beyond its prefill: every 是/否 problem question 否.
NO_PROBLEM = {
    "fangcheng-household": lambda household: {
        "income_total": "30000", "income_wage": "20000", "income_business": "5000", "income_transfer": "4000",
        "income_property": "1000", "large_expense": "no"},
    "city-identification": lambda household: {"meets_standard": truly_included(household)},
}


def prefilled_questions():
    from checklists.definitions import load_all

    return [(d["code"], q["key"]) for d in load_all() for s in d["sections"] for q in s["questions"] if q.get("prefill")]


def test_every_prefilled_question_is_walked():
    assert sorted(prefilled_questions()) == sorted([
        ("fangcheng-household", "members"), ("fangcheng-household", "members_able_to_work"),
        ("city-identification", "registered")])
    assert {code for code, _ in prefilled_questions()} == set(NO_PROBLEM)


@pytest.mark.parametrize("code, key", prefilled_questions())
def test_prefill_raises_no_problem_for_a_household_without_one(templates, county, village, county_office, checker,
                                                                 code, key):
    template = templates[code]
    households = [make_household(village, kind=kind, members=1 + number % 4, members_able_to_work=number % 2,
                                 **persons) for number, (kind, persons) in enumerate(CASES)]
    campaign = make_campaign(county, [template], by=county_office, target_kinds=Household.Kind.values)
    for household, (kind, persons) in zip(households, CASES):
        submission = Submission.objects.get(campaign=campaign, household=household)
        prefill = prefilled_answers(submission.template, submission.household)
        assert key in prefill
        flags = {q.key: "no" for q in Question.objects.filter(template=template, kind="flag")}
        data = {**flags, **NO_PROBLEM[code](household), **prefill}

        submission, errors = services.submit(submission, by=checker, data=data, version=submission.version)

        assert errors == {}, (kind, persons, errors)
        assert submission.status == Submission.Status.SUBMITTED
        assert not Problem.objects.filter(submission=submission).exists(), (kind, persons)


def test_registry_status_is_the_prefilled_inclusion(templates, county, village, county_office):
    households = [make_household(village, kind=kind) for kind in Household.Kind.values]
    campaign = make_campaign(county, [templates["city-identification"]], by=county_office,
                             target_kinds=Household.Kind.values)
    for household in households:
        submission = Submission.objects.get(campaign=campaign, household=household)
        assert prefilled_answers(submission.template, submission.household)["registered"] == truly_included(household), household.kind


def test_an_exited_household_that_fell_back_below_the_standard_is_wrongly_out(templates, county, village,
                                                                               county_office, checker):
    """应进必进 still bites: a 脱贫户 meeting the poverty standard again must be flagged."""
    template, household = templates["city-identification"], make_household(village)
    campaign = make_campaign(county, [template], by=county_office)
    submission = Submission.objects.get(campaign=campaign, household=household)
    data = {**prefilled_answers(submission.template, submission.household), "meets_standard": "yes", "wrongly_out": "no", "wrongly_in": "no",
            "no_archive": "no"}
    _, errors = services.submit(submission, by=checker, data=data, version=submission.version)
    assert set(errors) == {"wrongly_out"}
