from django.urls import reverse

from checklists.models import Submission
from checklists.tests.conftest import fangcheng_household_answers
from rectification.models import Problem


def post_form(client, submission, action="submit", **overrides):
    submission.refresh_from_db()
    data = {**fangcheng_household_answers(**overrides), "action": action, "version": submission.version}
    return client.post(reverse("checklists:submission", args=[submission.pk]), data)


def review(client, submission, action, reason=""):
    submission.refresh_from_db()
    return client.post(reverse("checklists:review", args=[submission.pk]),
                       {"action": action, "reason": reason, "version": submission.version})


def test_form_page_is_prefilled_from_the_registry_and_masks_the_id(client, checker, household_form, household):
    client.force_login(checker)
    body = client.get(reverse("checklists:submission", args=[household_form.pk])).content.decode()
    assert household.head_name in body and household.id_number_masked in body
    assert f'name="members" value="{household.members}"' in body
    assert "现住房是否为不安全住房" in body and 'value="save"' in body


def test_wrong_inputs_come_back_with_chinese_messages_and_nothing_is_saved(client, checker, household_form):
    client.force_login(checker)
    response = post_form(client, household_form, income_wage="1", housing_unsafe="yes", expense_medical="-5")
    body = response.content.decode()
    assert response.status_code == 422
    assert "收入之和应等于家庭纯收入" in body and "选“是”时必须填写问题描述" in body and "金额不能为负数" in body
    assert 'name="income_wage" value="1"' in body  # what was typed is kept
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.NOT_STARTED and household_form.answers == {}


def test_draft_then_submit_records_the_checker(client, checker, household_form):
    client.force_login(checker)
    assert post_form(client, household_form, action="save").status_code == 302
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.DRAFT
    assert post_form(client, household_form).status_code == 302
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.SUBMITTED
    assert household_form.checker == checker and household_form.submitted_at


def test_reviewer_approves_and_both_signatures_are_recorded(client, checker, reviewer, household_form):
    client.force_login(checker)
    post_form(client, household_form)
    client.force_login(reviewer)
    review(client, household_form, "approve")
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.APPROVED
    assert (household_form.checker, household_form.reviewer) == (checker, reviewer)
    assert household_form.reviewed_at >= household_form.submitted_at
    body = client.get(reverse("checklists:submission", args=[household_form.pk])).content.decode()
    assert "checker" in body and "reviewer" in body and "未签" not in body


def test_the_checker_cannot_review_their_own_form(client, township_office, household_form):
    client.force_login(township_office)  # may fill and review in the township
    post_form(client, household_form)
    review(client, household_form, "approve")
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.SUBMITTED


def test_a_returned_form_goes_back_with_the_reason_and_can_be_resubmitted(client, checker, reviewer, household_form):
    client.force_login(checker)
    post_form(client, household_form)
    client.force_login(reviewer)
    review(client, household_form, "return", reason="")  # a reason is required
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.SUBMITTED
    review(client, household_form, "return", reason="收入数据与佐证不符，请重新核算")
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.RETURNED

    client.force_login(checker)
    body = client.get(reverse("checklists:submission", args=[household_form.pk])).content.decode()
    assert "收入数据与佐证不符，请重新核算" in body
    assert post_form(client, household_form).status_code == 302
    household_form.refresh_from_db()
    assert household_form.status == Submission.Status.SUBMITTED and household_form.return_reason == ""


def test_an_approved_form_cannot_be_changed(client, checker, reviewer, household_form):
    client.force_login(checker)
    post_form(client, household_form)
    client.force_login(reviewer)
    review(client, household_form, "approve")
    client.force_login(checker)
    assert post_form(client, household_form, members="9").status_code == 403


def test_reviewer_and_viewer_cannot_fill(client, reviewer, viewer, household_form):
    for user in (reviewer, viewer):
        client.force_login(user)
        assert post_form(client, household_form).status_code == 403


def test_forms_of_other_villages_answer_404(client, checker, campaign, sibling_village, other_township_village):
    from tests.factories import make_household

    neighbour = make_household(sibling_village)
    from campaigns.services import build_work_list

    build_work_list(campaign)
    form = Submission.objects.get(campaign=campaign, household=neighbour)
    client.force_login(checker)
    assert client.get(reverse("checklists:submission", args=[form.pk])).status_code == 404
    assert post_form(client, form).status_code == 404


def test_two_people_saving_the_same_version_the_second_gets_a_conflict(client, checker, township_office,
                                                                       household_form):
    household_form.refresh_from_db()
    opened_at = household_form.version
    url = reverse("checklists:submission", args=[household_form.pk])
    first = {**fangcheng_household_answers(members="4"), "action": "save", "version": opened_at}
    second = {**fangcheng_household_answers(members="5"), "action": "save", "version": opened_at}

    client.force_login(checker)
    assert client.post(url, first).status_code == 302
    client.force_login(township_office)
    response = client.post(url, second)
    assert response.status_code == 409
    assert "已被他人" in response.content.decode()
    assert 'name="members" value="5"' in response.content.decode()  # the second keeps what they typed
    household_form.refresh_from_db()
    assert household_form.answers["members"] == 4  # the first is intact


def test_submitting_yes_answers_creates_one_problem_per_flag(client, checker, household_form, household):
    client.force_login(checker)
    post_form(client, household_form, housing_unsafe="yes", housing_unsafe__desc="土坯房墙体开裂",
              edu_dropout="yes", edu_dropout__desc="14岁儿子辍学在家", home_untidy="yes", home_untidy__desc="院内垃圾")
    problems = {p.question_key: p for p in Problem.objects.filter(submission=household_form)}
    assert set(problems) == {"housing_unsafe", "edu_dropout", "home_untidy"}
    housing = problems["housing_unsafe"]
    assert housing.category == "住房保障" and housing.description == "土坯房墙体开裂"
    assert housing.unit_id == household.village_id and housing.household == household
    assert housing.source == Problem.Source.SELF_CHECK and housing.found_by == checker
    assert housing.department.name == "住建局" and housing.department.county_id == "411322"
    assert problems["edu_dropout"].department.name == "教体局"
    assert problems["home_untidy"].department is None  # the township answers for it
    assert len({p.number for p in problems.values()}) == 3


def test_resubmitting_updates_problems_and_withdraws_unflagged_ones(client, checker, reviewer, household_form):
    client.force_login(checker)
    post_form(client, household_form, housing_unsafe="yes", housing_unsafe__desc="墙体开裂",
              water_unsafe="yes", water_unsafe__desc="水质差")
    client.force_login(reviewer)
    review(client, household_form, "return", reason="住房问题描述不清")
    client.force_login(checker)
    post_form(client, household_form, housing_unsafe="yes", housing_unsafe__desc="东墙开裂约2米")
    problems = {p.question_key: p for p in Problem.objects.filter(submission=household_form)}
    assert len(problems) == 2
    assert problems["housing_unsafe"].description == "东墙开裂约2米"
    assert problems["water_unsafe"].status == Problem.Status.WITHDRAWN


def test_a_form_saved_many_times_lists_only_its_latest_events(client, checker, household_form):
    from checklists.views import EVENTS_SHOWN

    client.force_login(checker)
    for n in range(EVENTS_SHOWN + 5):
        assert post_form(client, household_form, action="save", income_wage=str(20000 + n),
                         income_total=str(30000 + n)).status_code == 302
    body = client.get(reverse("checklists:submission", args=[household_form.pk])).content.decode()
    events = body.split('<ul class="events">')[1].split("</ul>")[0]
    assert events.count("<li>") == EVENTS_SHOWN and "仅显示最近 20 条" in body
    assert household_form.events.count() == EVENTS_SHOWN + 5  # all of them are still recorded
