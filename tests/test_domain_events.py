"""Writers announce, the dashboards listen: every write that moves a figure schedules a refresh on commit."""

from unittest import mock

from django.urls import reverse

from checklists.models import Submission
from checklists.tests.conftest import fangcheng_household_answers
from rectification.models import Problem


def test_a_submitted_form_opens_its_problems_and_refreshes_its_village(client, campaign, checker, household,
                                                                        django_capture_on_commit_callbacks):
    form = Submission.objects.get(campaign=campaign, household=household)
    client.force_login(checker)
    with mock.patch("dashboards.subscribers.enqueue_refresh") as refresh:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("checklists:submission", args=[form.pk]),
                        {**fangcheng_household_answers(water_unsafe="yes", water_unsafe__desc="水浑"),
                         "action": "submit", "version": form.version})
            assert refresh.call_count == 0  # nothing before the commit
    # SubmissionSubmitted is heard inside the submit's transaction: the problem was born with the form.
    assert list(Problem.objects.filter(submission=form).values_list("question_key", "source")) == [
        ("water_unsafe", Problem.Source.SELF_CHECK)]
    # SubmissionChanged and ProblemOpened each refresh the village's figures.
    assert refresh.call_args_list == [mock.call(campaign.pk, household.village_id)] * 2


def test_a_failed_submit_opens_no_problem_and_refreshes_nothing(client, campaign, checker, household,
                                                                 django_capture_on_commit_callbacks):
    form = Submission.objects.get(campaign=campaign, household=household)
    client.force_login(checker)
    with mock.patch("dashboards.subscribers.enqueue_refresh") as refresh, \
            mock.patch("rectification.services.ProblemEvent.objects.bulk_create", side_effect=RuntimeError):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            client.raise_request_exception = False
            response = client.post(reverse("checklists:submission", args=[form.pk]),
                                   {**fangcheng_household_answers(water_unsafe="yes", water_unsafe__desc="水浑"),
                                    "action": "submit", "version": form.version})
    assert response.status_code == 500
    form.refresh_from_db()
    assert (form.status, Problem.objects.count(), callbacks, refresh.call_count) == (
        Submission.Status.NOT_STARTED, 0, [], 0)
