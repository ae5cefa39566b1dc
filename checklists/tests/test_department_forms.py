"""A county department (县直行业部门) fills the form sent to it; the county office reviews it.

Each department reaches only its own form: another department of the county, a department of
another county, a township office and the county office itself may not fill it, and the form is
hidden (404) from the departments it is not about.
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from campaigns.services import FormTargets, build_work_list, create_campaign_unchecked
from campaigns.targets import Targets
from checklists import services
from checklists.models import Submission
from rectification.models import Problem
from tests.factories import make_unit, make_user
from tests.test_seed_walk_steps import answers, fill_by_page, review_by_page


@pytest.fixture
def education(county):
    return make_user("jiaoti", Role.DEPARTMENT, county, department="教体局")


@pytest.fixture
def health(county):
    return make_user("weijian", Role.DEPARTMENT, county, department="卫健委")


@pytest.fixture
def outside_education(db):
    return make_user("waixian_jiaoti", Role.DEPARTMENT, make_unit("411321", "外县"), department="教体局")


@pytest.fixture
def dept_campaign(templates, county, county_office, education, health, outside_education):
    form = FormTargets(templates["fangcheng-county"], Targets(departments=("教体局", "卫健委")))
    campaign = create_campaign_unchecked(
        by=county_office, name="方城县回头看", document_number="测〔2022〕9号", issuing_unit=county, scope_unit=county,
        year=2022, phases=[("screening", "2022-07-10", "2022-07-30")], forms=[form])
    build_work_list(campaign)
    return campaign


def form_for(campaign, name):
    return Submission.objects.get(campaign=campaign, department__name=name)


def test_work_list_has_the_county_form_and_one_per_chosen_department(dept_campaign, county):
    forms = Submission.objects.filter(campaign=dept_campaign).order_by("department__name")
    assert sorted((f.unit_id, f.department.name if f.department else "") for f in forms) == [
        (county.code, ""), (county.code, "卫健委"), (county.code, "教体局")]  # not the other county's 教体局
    assert form_for(dept_campaign, "教体局").subject_name == "方城县教体局"
    assert str(form_for(dept_campaign, "教体局")).endswith("· 方城县教体局")


def test_a_department_sees_its_own_form_in_its_work_list_and_no_other(client, dept_campaign, county, education):
    client.force_login(education)
    page = client.get(reverse("campaigns:detail", args=[dept_campaign.pk]), follow=True)
    assert page.status_code == 200 and page.context["unit"] == county
    assert page.context["department_forms"] == [form_for(dept_campaign, "教体局")]
    body = page.content.decode()
    section = body[body.index('<section id="department-forms">'):]
    section = section[:section.index("</section>")]
    assert "县直行业部门排查表" in section and "教体局" in section and "卫健委" not in section


def test_the_county_office_sees_every_department_form(client, dept_campaign, county, county_office):
    client.force_login(county_office)
    page = client.get(reverse("campaigns:unit", args=[dept_campaign.pk, county.code]))
    assert [f.department.name for f in page.context["department_forms"]] == ["卫健委", "教体局"]
    assert [f.department for f in page.context["unit_forms"]] == [None]


def test_department_fills_and_submits_the_county_approves_and_the_problem_is_led_by_it(
        client, dept_campaign, county, education, county_office):
    form = form_for(dept_campaign, "教体局")
    client.force_login(education)
    page = client.get(reverse("checklists:submission", args=[form.pk]))
    assert page.status_code == 200 and page.context["may_fill"]
    assert "<dt>行业部门</dt><dd>教体局</dd>" in page.content.decode()
    fill_by_page(client, education, form, c_no_policy_documents="yes",
                 c_no_policy_documents__desc="未转发省级控辍保学文件", c3_note="正在起草")
    [problem] = Problem.objects.filter(submission=form)
    assert (problem.unit_id, problem.department.name) == (county.code, "教体局")
    assert problem.co_labels == ["乡村振兴局"]  # the question's own lead works with the department
    assert problem.description == "未转发省级控辍保学文件"
    assert not client.get(reverse("checklists:submission", args=[form.pk])).context["may_review"]
    review_by_page(client, county_office, form)
    form.refresh_from_db()
    assert (form.status, form.checker, form.reviewer) == (Submission.Status.APPROVED, education, county_office)


def test_the_county_returns_a_department_form_and_the_department_fills_it_again(
        client, dept_campaign, education, county_office):
    form = form_for(dept_campaign, "教体局")
    fill_by_page(client, education, form)
    review_by_page(client, county_office, form, reason="备注未写明文件名称")
    fill_by_page(client, education, form, c3_note="已转发豫教〔2022〕1号")
    assert form.status == Submission.Status.SUBMITTED


@pytest.mark.parametrize("intruder", ["health", "outside_education"])
def test_another_department_neither_sees_nor_writes_the_form(client, request, dept_campaign, intruder):
    user = request.getfixturevalue(intruder)
    form = form_for(dept_campaign, "教体局")
    client.force_login(user)
    url = reverse("checklists:submission", args=[form.pk])
    assert client.get(url).status_code == 404
    posted = client.post(url, {**answers(form.template), "version": form.version, "action": "submit"})
    assert posted.status_code == 404
    with pytest.raises(services.SubmissionForbidden):
        services.submit(form, by=user, data=answers(form.template), version=form.version)
    form.refresh_from_db()
    assert (form.status, form.version) == (Submission.Status.NOT_STARTED, 0)


def test_the_county_office_reviews_but_does_not_fill_a_department_form(client, dept_campaign, county_office):
    form = form_for(dept_campaign, "教体局")
    client.force_login(county_office)
    url = reverse("checklists:submission", args=[form.pk])
    assert not client.get(url).context["may_fill"]
    assert client.post(url, {**answers(form.template), "version": 0, "action": "submit"}).status_code == 403
    with pytest.raises(services.SubmissionForbidden):
        services.save_draft(form, by=county_office, data=answers(form.template), version=0)


def test_a_department_cannot_review_nor_a_township_office(client, dept_campaign, education, health, township_office):
    form = form_for(dept_campaign, "教体局")
    fill_by_page(client, education, form)
    for user in (health, township_office):
        with pytest.raises(services.SubmissionForbidden):
            services.approve(form, by=user, version=form.version)
    client.force_login(township_office)
    assert client.post(reverse("checklists:review", args=[form.pk]),
                       {"version": form.version, "action": "approve"}).status_code == 404
    form.refresh_from_db()
    assert form.status == Submission.Status.SUBMITTED


def test_a_department_still_sees_the_county_forms_of_no_department(client, dept_campaign, education):
    county_form = Submission.objects.get(campaign=dept_campaign, department=None)
    client.force_login(education)
    page = client.get(reverse("checklists:submission", args=[county_form.pk]))
    assert page.status_code == 200 and not page.context["may_fill"]
