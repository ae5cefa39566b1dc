"""Kills the mutants of rectification/services.py that the behaviour tests let live (tests/README.md):
withdraw()'s permission check, record_problem's guard against system-made sources, and every
`@transaction.atomic`: a service that fails after its first write leaves nothing behind."""

from datetime import date, timedelta

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from core import events
from rectification import measures, services
from rectification.models import Problem, ProblemEvent
from rectification.services import ProblemError

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

S = Problem.Status


def test_only_an_office_that_manages_the_problem_withdraws_it(make_problem, township_office, county_office):
    problem = make_problem()
    with pytest.raises(ProblemError, match="只有县级及以上办公室可以撤销问题"):
        services.withdraw(problem, by=township_office, reason="重复登记")
    problem.refresh_from_db()
    assert problem.status == S.OPEN
    withdrawn = services.withdraw(problem, by=county_office, reason=" 重复登记 ")
    assert withdrawn.status == S.WITHDRAWN
    assert problem.events.latest("pk").note == "重复登记"


@pytest.mark.parametrize("source", [Problem.Source.SELF_CHECK, Problem.Source.CARRY_OVER,
                                    Problem.Source.SELF_CHECK.value, Problem.Source.CARRY_OVER.value])  # as posted
def test_form_and_carry_over_problems_are_never_entered_by_hand(campaign, village, county_office, source):
    with pytest.raises(ProblemError, match="^排查表和结转的问题由系统生成，不能手工登记$"):
        services.record_problem(by=county_office, campaign=campaign, unit=village, source=source,
                                category="住房保障", description="墙体开裂")
    assert not Problem.objects.exists()


@pytest.mark.parametrize("source", [Problem.Source.UNANNOUNCED, Problem.Source.FINDING])
def test_other_sources_are_entered_by_hand_and_numbered(campaign, village, county_office, source):
    first = services.record_problem(by=county_office, campaign=campaign, unit=village, source=source,
                                    category=" 住房保障 ", description=" 墙体开裂 ")
    second = services.record_problem(by=county_office, campaign=campaign, unit=village, source=source,
                                     category="饮水", description="水质浑浊")
    assert [first.number, second.number] == [1, 2]
    assert (first.category, first.description, first.source) == ("住房保障", "墙体开裂", source)


class Broken(Exception):
    pass


@pytest.fixture
def fail_after_first_write(monkeypatch):
    """Announcing what happened (the last step of every service) raises: what the service wrote before must vanish."""
    def refuse(*args, **kwargs):
        raise Broken

    monkeypatch.setattr(events, "publish", refuse)


def snapshot(problem):
    problem = Problem.objects.get(pk=problem.pk)
    return (problem.status, problem.department_id, problem.deadline, problem.mode, problem.closed_by_id,
            problem.responsible_person, problem.events.count(), problem.evidence.count(),
            list(problem.co_departments.values_list("pk", flat=True)),
            list(problem.measures.values_list("content", "responsible_person", "deadline", "done_at", "result")))


@pytest.mark.django_db(transaction=True)
def test_every_service_writes_all_or_nothing(make_problem, housing, health, housing_user, county_office, campaign,
                                            village, county, fail_after_first_write):
    soon = date.today() + timedelta(days=10)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(events, "publish", lambda *a, **k: None)  # the set-up itself must succeed
        opened = make_problem(department=housing, deadline=soon)
        rectifying = make_problem(department=housing, deadline=soon, status=S.RECTIFYING)
        rectified = make_problem(department=housing, deadline=soon, status=S.RECTIFIED, evidence_text="已加固")
        closed = make_problem(department=housing, deadline=soon, status=S.CLOSED)
        planned = make_problem(department=housing, deadline=soon, status=S.RECTIFYING)
        step = measures.add_measure(planned, by=county_office, content="加固墙体", responsible_user=housing_user,
                                    deadline=soon)
    calls = [
        (opened, lambda p: services.assign(p, by=county_office, department=health, co_departments=[housing],
                                           responsible_person="张三", deadline=soon + timedelta(days=1))),
        (opened, lambda p: services.bulk_assign([p], by=county_office, department=health)),
        (opened, lambda p: services.start(p, by=housing_user)),
        (rectifying, lambda p: services.mark_rectified(p, by=housing_user, evidence_text="已加固")),
        (opened, lambda p: services.add_note(p, by=county_office, text="已协调")),
        (rectified, lambda p: services.close(p, by=county_office, note="核验属实")),
        (rectified, lambda p: services.bulk_close([p], by=county_office, note="核验属实")),
        (planned, lambda p: measures.add_measure(p, by=housing_user, content="补办手续", responsible_person="王五",
                                                 deadline=soon)),
        (planned, lambda p: measures.update_measure(step, by=county_office, content="拆除重建",
                                                    responsible_person="赵六", deadline=soon)),
        (planned, lambda p: measures.complete_measure(step, by=housing_user, result="已加固", files=[
            SimpleUploadedFile("a.png", PNG, content_type="image/png")])),
        (rectified, lambda p: services.send_back(p, by=county_office, reason="照片不清")),
        (closed, lambda p: services.reopen(p, by=county_office, reason="抽查复发")),
        (opened, lambda p: services.withdraw(p, by=county_office, reason="重复登记")),
    ]
    for problem, call in calls:
        before = snapshot(problem)
        with pytest.raises(Broken):
            call(problem)
        assert snapshot(problem) == before, call
    count = Problem.objects.count()
    with pytest.raises(Broken):
        services.record_problem(by=county_office, campaign=campaign, unit=village, source=Problem.Source.UNANNOUNCED,
                                category="饮水", description="水质浑浊", co_departments=[health])
    assert Problem.objects.count() == count
    campaign.refresh_from_db()
    assert campaign.problem_seq == count  # the number reserved for it is given back too


@pytest.mark.django_db(transaction=True)
def test_carry_over_writes_all_or_nothing(make_problem, county_office, campaign, county, fail_after_first_write):
    from tests.factories import make_campaign

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(events, "publish", lambda *a, **k: None)
        make_problem()
        target = make_campaign(county, list(campaign.templates.all()), by=county_office, name="回头帮")
    recorded = ProblemEvent.objects.count()
    with pytest.raises(Broken):
        services.carry_over(source=campaign, target=target, by=county_office)
    assert not Problem.objects.filter(campaign=target).exists() and ProblemEvent.objects.count() == recorded


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_offices_recording_at_the_same_moment_get_distinct_consecutive_numbers(campaign, village, county_office):
    """Without the row lock inside one transaction two requests would read the same problem_seq."""
    start, numbers, failures = threading.Barrier(2), [], []

    def record(name):
        try:
            start.wait(timeout=10)
            for index in range(5):
                problem = services.record_problem(by=county_office, campaign=campaign, unit=village,
                                                  source=Problem.Source.UNANNOUNCED, category="住房保障",
                                                  description=f"{name}{index}")
                numbers.append(problem.number)
        except Exception as exc:  # reported below, in the test's own thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(name,)) for name in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == [] and sorted(numbers) == list(range(1, 11))
    campaign.refresh_from_db()
    assert campaign.problem_seq == 10
    assert sorted(Problem.objects.filter(campaign=campaign).values_list("number", flat=True)) == list(range(1, 11))


def test_a_household_of_another_village_is_refused(campaign, village, sibling_village, county_office):
    from tests.factories import make_household

    for other in (make_household(sibling_village), make_household(make_unit_before(village))):
        with pytest.raises(ProblemError, match="^农户不属于所选的村$"):
            services.record_problem(by=county_office, campaign=campaign, unit=village, household=other,
                                    source=Problem.Source.UNANNOUNCED, category="住房保障", description="墙体开裂")
    assert not Problem.objects.exists()


def make_unit_before(village):
    from tests.factories import make_unit

    return make_unit(village.code[:-3] + "000")  # a code that sorts before the village's


def test_carrying_from_a_later_campaign_into_an_earlier_one_is_allowed(campaign, county, county_office):
    from tests.factories import make_campaign

    later = make_campaign(county, list(campaign.templates.all()), by=county_office, name="后一轮")
    assert later.pk > campaign.pk
    assert services.carry_over(source=later, target=campaign, by=county_office) == []
    with pytest.raises(ProblemError, match="不能结转到同一个专项行动"):
        services.carry_over(source=campaign, target=campaign, by=county_office)


@pytest.mark.django_db(transaction=True)
def test_bulk_assign_is_one_transaction(make_problem, housing, health, county_office, monkeypatch):
    first, second = make_problem(department=housing), make_problem(department=housing)
    calls = []

    def fail_on_the_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise Broken

    monkeypatch.setattr(events, "publish", fail_on_the_second)
    with pytest.raises(Broken):
        services.bulk_assign([first, second], by=county_office, department=health)
    assert set(Problem.objects.values_list("department", flat=True)) == {housing.pk}


@pytest.mark.django_db(transaction=True)
def test_syncing_a_submission_writes_all_or_nothing(campaign, county_office, fail_after_first_write):
    from checklists.models import Question, Submission

    submission = Submission.objects.filter(campaign=campaign, template__code="fangcheng-household").first()
    flags = list(Question.objects.filter(template=submission.template, kind="flag").order_by("position")[:2])
    submission.answers = {q.key: "yes" for q in flags} | {q.key + "__desc": "入户发现" for q in flags}
    submission.save(update_fields=["answers"])
    with pytest.raises(Broken):
        services.sync_problems_from_submission(submission, by=county_office)
    campaign.refresh_from_db()
    assert not Problem.objects.exists() and campaign.problem_seq == 0


def test_the_deadline_of_a_problem_under_rectification_can_be_moved(make_problem, housing, county_office):
    soon = date.today() + timedelta(days=10)
    problem = make_problem(department=housing, mode=Problem.Mode.DEADLINE, deadline=soon, status=S.RECTIFYING)
    moved = services.assign(problem, by=county_office, deadline=soon + timedelta(days=5))
    assert moved.deadline == soon + timedelta(days=5) and moved.status == S.RECTIFYING
