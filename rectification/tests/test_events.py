"""Every step of a problem refreshes the figures of its unit, closing included."""

from unittest import mock

from rectification import services


def test_closing_a_problem_schedules_a_refresh(make_problem, housing, housing_user, county_office,
                                               django_capture_on_commit_callbacks):
    problem = make_problem(department=housing, mode="immediate")
    services.mark_rectified(problem, by=housing_user, evidence_text="已整改")
    with mock.patch("dashboards.subscribers.enqueue_refresh") as refresh:
        with django_capture_on_commit_callbacks(execute=True):
            services.close(problem, by=county_office, note="核验属实")
    problem.refresh_from_db()
    assert problem.status == "closed"
    refresh.assert_called_once_with(problem.campaign_id, problem.unit_id)


def test_a_manually_recorded_problem_schedules_a_refresh(make_problem, village, django_capture_on_commit_callbacks):
    with mock.patch("dashboards.subscribers.enqueue_refresh") as refresh:
        with django_capture_on_commit_callbacks(execute=True):
            problem = make_problem()
    refresh.assert_called_once_with(problem.campaign_id, village.code)
