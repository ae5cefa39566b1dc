"""A form sent twice (double click, a retry, a second tab) is submitted once and its problems made once."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from checklists import services
from checklists.models import Submission, SubmissionEvent
from rectification.models import Problem

from .conftest import fangcheng_household_answers

WITH_TWO_PROBLEMS = {"housing_unsafe": "yes", "housing_unsafe__desc": "墙体开裂", "water_unsafe": "yes",
                     "water_unsafe__desc": "井水浑浊"}


def submit_events(submission):
    return SubmissionEvent.objects.filter(submission=submission, action=SubmissionEvent.Action.SUBMIT).count()


def test_the_same_submit_twice_counts_once(household_form, checker):
    data = fangcheng_household_answers(**WITH_TWO_PROBLEMS)
    version = household_form.version
    submitted, errors = services.submit(household_form, by=checker, data=data, version=version)
    assert errors == {} and submitted.version == version + 1

    with pytest.raises(services.AlreadySubmitted):
        services.submit(household_form, by=checker, data=data, version=version)

    household_form.refresh_from_db()
    assert household_form.version == version + 1
    assert Problem.objects.filter(submission=household_form).count() == 2
    assert submit_events(household_form) == 1


def test_a_second_submit_with_other_answers_is_a_conflict_not_a_repeat(household_form, checker):
    version = household_form.version
    services.submit(household_form, by=checker, data=fangcheng_household_answers(**WITH_TWO_PROBLEMS),
                    version=version)
    with pytest.raises(services.SubmissionStateError) as raised:
        services.submit(household_form, by=checker, data=fangcheng_household_answers(), version=version)
    assert not isinstance(raised.value, services.AlreadySubmitted)
    assert Problem.objects.filter(submission=household_form, status="open").count() == 2


def test_someone_elses_submit_of_the_same_version_is_not_taken_as_a_repeat(household_form, checker,
                                                                            township_office):
    data = fangcheng_household_answers(**WITH_TWO_PROBLEMS)
    version = household_form.version
    services.submit(household_form, by=checker, data=data, version=version)
    with pytest.raises(services.SubmissionStateError) as raised:
        services.submit(household_form, by=township_office, data=data, version=version)
    assert not isinstance(raised.value, services.AlreadySubmitted)
    assert Submission.objects.get(pk=household_form.pk).checker == checker


def test_a_double_saved_draft_is_saved_once(household_form, checker):
    data = fangcheng_household_answers()
    version = household_form.version
    services.save_draft(household_form, by=checker, data=data, version=version)
    _, errors = services.save_draft(household_form, by=checker, data=data, version=version)
    assert errors == {}
    household_form.refresh_from_db()
    assert household_form.version == version + 1
    assert household_form.events.count() == 1


def test_double_click_on_the_page_says_submitted_once(client, household_form, checker):
    client.force_login(checker)
    url = reverse("checklists:submission", args=[household_form.pk])
    data = {**fangcheng_household_answers(**WITH_TWO_PROBLEMS), "action": "submit", "version": household_form.version}
    first, second = client.post(url, data), client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.status_code == 200 and "重复提交未再次生效" in second.content.decode()
    assert Problem.objects.filter(submission=household_form).count() == 2
    assert submit_events(household_form) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_make_one_problem_set(templates, county, household, checker, county_office):
    from tests.factories import make_campaign

    campaign = make_campaign(county, [templates["fangcheng-household"]], by=county_office)
    form = Submission.objects.get(campaign=campaign, household=household)
    data = fangcheng_household_answers(**WITH_TWO_PROBLEMS)
    start, outcomes = threading.Barrier(2), []

    def send():
        try:
            start.wait()
            services.submit(Submission.objects.get(pk=form.pk), by=checker, data=data, version=form.version)
            outcomes.append("submitted")
        except services.SubmissionStateError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["AlreadySubmitted", "submitted"]
    assert Problem.objects.filter(submission=form).count() == 2
    assert submit_events(form) == 1
    assert Submission.objects.get(pk=form.pk).version == form.version + 1
