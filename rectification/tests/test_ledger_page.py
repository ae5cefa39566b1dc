from datetime import date, timedelta

from django.urls import reverse

from rectification.models import Problem


def numbers_in(response):
    return [p.number for p in response.context["page"]]


def test_filters_by_department_status_source_and_overdue(client, make_problem, health, housing, county_office):
    late = make_problem(department=health, deadline=date.today() - timedelta(days=2))
    on_time = make_problem(department=housing, deadline=date.today() + timedelta(days=20),
                           source=Problem.Source.PUBLIC_REPORT)
    closed_late = make_problem(department=health, deadline=date.today() - timedelta(days=5), status="closed")
    client.force_login(county_office)
    url = reverse("rectification:ledger")
    assert set(numbers_in(client.get(url, {"department": health.pk}))) == {late.number, closed_late.number}
    assert numbers_in(client.get(url, {"overdue": "true"})) == [late.number]
    assert numbers_in(client.get(url, {"source": "public_report"})) == [on_time.number]
    assert numbers_in(client.get(url, {"status": "closed"})) == [closed_late.number]
    body = client.get(url).content.decode()
    assert "逾期" in body


def test_keyset_pages_cover_every_row_once(client, make_problem, county_office):
    made = {make_problem(deadline=date.today() + timedelta(days=i % 7) if i % 3 else None).number for i in range(120)}
    client.force_login(county_office)
    for sort in ["newest", "deadline", "unit"]:
        seen, params = [], {"sort": sort}
        while True:
            response = client.get(reverse("rectification:ledger"), params)
            seen += numbers_in(response)
            if not response.context["next_cursor"]:
                break
            params = {"sort": sort, "after": response.context["next_cursor"]}
        assert sorted(seen) == sorted(made), sort


def test_ledger_query_count_does_not_grow_with_rows(client, make_problem, county_office,
                                                    django_assert_max_num_queries):
    for _ in range(40):
        make_problem()
    client.force_login(county_office)
    with django_assert_max_num_queries(10):
        client.get(reverse("rectification:ledger"))


def test_county_office_sets_deadlines_and_reroutes_in_bulk(client, make_problem, housing, county_office):
    problems = [make_problem() for _ in range(3)]
    client.force_login(county_office)
    ids = [p.pk for p in problems[:2]]
    client.post(reverse("rectification:bulk"), {"ids": ids, "action": "set_deadline", "deadline": "2099-12-01"})
    client.post(reverse("rectification:bulk"), {"ids": ids, "action": "reassign", "department": housing.pk})
    for problem in problems:
        problem.refresh_from_db()
    assert [(p.deadline, p.department) for p in problems] == [
        (date(2099, 12, 1), housing), (date(2099, 12, 1), housing), (None, None)]


def test_bulk_actions_are_for_the_county_office_only(client, make_problem, township_office, health_user):
    problem = make_problem()
    for user in (township_office, health_user):
        client.force_login(user)
        response = client.post(reverse("rectification:bulk"), {"ids": [problem.pk], "action": "set_deadline",
                                                                 "deadline": "2099-12-01"})
        assert response.status_code == 404
    problem.refresh_from_db()
    assert problem.deadline is None


def test_bulk_cannot_touch_rows_outside_the_scope(client, make_problem, outsider):
    problem = make_problem()
    client.force_login(outsider)
    client.post(reverse("rectification:bulk"), {"ids": [problem.pk], "action": "set_deadline", "deadline": "2099-12-01"})
    problem.refresh_from_db()
    assert problem.deadline is None


def test_overdue_shows_on_the_responsible_users_home_page(client, make_problem, health, health_user, township_office):
    late = make_problem(department=health, deadline=date.today() - timedelta(days=1))
    township_late = make_problem(deadline=date.today() - timedelta(days=1))
    client.force_login(health_user)
    body = client.get(reverse("home")).content.decode()
    assert late.display_number in body and township_late.display_number not in body and "已逾期" in body
    client.force_login(township_office)
    body = client.get(reverse("home")).content.decode()
    assert township_late.display_number in body and late.display_number not in body


def test_overdue_means_the_same_on_the_ledger_the_home_page_and_in_reminders(client, make_problem, health,
                                                                           health_user, county_office):
    from rectification import selectors
    from rectification.models import Notification
    from rectification.reminders import send_reminders

    late = date.today() - timedelta(days=3)
    overdue = {make_problem(department=health, deadline=late, status=status).pk
               for status in ("open", "rectifying", "rectified")}
    for status in ("closed", "withdrawn"):
        make_problem(department=health, deadline=late, status=status)
    make_problem(department=health, deadline=date.today())  # due today is not late yet
    assert set(Problem.objects.overdue().values_list("pk", flat=True)) == overdue
    client.force_login(county_office)
    ledger = client.get(reverse("rectification:ledger"), {"overdue": "true"}).context["page"]
    assert {p.pk for p in ledger} == overdue
    assert {p.pk for p in client.get(reverse("rectification:ledger"), {"overdue": "false"}).context["page"]
            }.isdisjoint(overdue)
    assert selectors.managed_overdue_count(county_office) == len(overdue)
    send_reminders()
    assert set(Notification.objects.filter(kind="overdue").values_list("problem_id", flat=True)) == overdue
    client.force_login(health_user)
    assert {p.pk for p in client.get(reverse("home")).context["overdue"]} == overdue
