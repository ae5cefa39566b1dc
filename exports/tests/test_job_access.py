"""An export job and its file are its requester's: everyone else gets 404, a department too."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from exports.models import ExportJob
from rectification.services import record_problem
from tests.factories import make_user
from units.models import Department


@pytest.fixture
def education_user(county):
    return make_user("dept_education", Role.DEPARTMENT, county, department="教体局")


@pytest.fixture
def routed(campaign, county_office, village, department_user, education_user):
    """One problem for each of two departments and one left with the township."""
    health = Department.objects.get(county=village.code[:6], name="卫健委")
    education = Department.objects.get(county=village.code[:6], name="教体局")
    for department, text in [(health, "医保未参保"), (education, "适龄儿童辍学"), (None, "道路未硬化")]:
        record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced", category="测试",
                       description=text, department=department)
    return campaign


@pytest.fixture
def request_ledger(django_capture_on_commit_callbacks):
    def request_ledger(client, user, campaign, unit):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("exports:request"), {"kind": "ledger", "campaign": campaign.pk,
                                                                "unit": unit.code})
        job = ExportJob.objects.filter(requested_by=user).latest("pk")
        assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
        return job

    return request_ledger


def descriptions(job):
    sheet = load_workbook(job.file.path).active
    return [row[6].value for row in sheet.iter_rows(min_row=5) if isinstance(row[0].value, int)]


def pages(job):
    return [reverse("exports:detail", args=[job.pk]), reverse("exports:download", args=[job.pk])]


def test_the_requester_sees_and_downloads_their_export(request_ledger, client, routed, department_user, county):
    job = request_ledger(client, department_user, routed, county)
    assert job.status == "done"
    assert [client.get(url).status_code for url in pages(job)] == [200, 200]
    assert descriptions(job) == ["医保未参保"]  # the department's own rows only


@pytest.mark.parametrize("other", ["education_user", "county_office", "township_office", "viewer", "outsider"])
def test_nobody_else_sees_a_departments_export(request_ledger, client, routed, department_user, county, other,
                                                request):
    job = request_ledger(client, department_user, routed, county)
    client.force_login(request.getfixturevalue(other))
    assert [client.get(url).status_code for url in pages(job)] == [404, 404]
    assert job not in client.get(reverse("exports:list")).context["jobs"]


@pytest.mark.parametrize("requester", ["county_office", "education_user"])
def test_a_department_cannot_see_the_countys_or_another_departments_export(request_ledger, client, routed,
                                                                         department_user, county, requester, request):
    job = request_ledger(client, request.getfixturevalue(requester), routed, county)
    client.force_login(department_user)
    assert [client.get(url).status_code for url in pages(job)] == [404, 404]


def test_the_job_list_shows_only_the_users_own_jobs(request_ledger, client, routed, department_user, education_user,
                                                   county_office, county):
    own = request_ledger(client, department_user, routed, county)
    request_ledger(client, education_user, routed, county)
    request_ledger(client, county_office, routed, county)
    client.force_login(department_user)
    assert list(client.get(reverse("exports:list")).context["jobs"]) == [own]


def test_a_superuser_may_open_any_export_for_support(request_ledger, client, routed, department_user, county,
                                                    django_user_model):
    job = request_ledger(client, department_user, routed, county)
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    assert [client.get(url).status_code for url in pages(job)] == [200, 200]


def test_losing_the_unit_hides_ones_own_old_export(request_ledger, client, routed, department_user, county):
    from accounts.models import DepartmentGrant
    from accounts.scoping import forget_grants

    job = request_ledger(client, department_user, routed, county)
    DepartmentGrant.objects.filter(user=department_user).delete()
    forget_grants(department_user)
    assert [client.get(url).status_code for url in pages(job)] == [404, 404]


def test_a_department_cannot_export_the_household_forms(client, routed, department_user, county, templates):
    client.force_login(department_user)
    response = client.post(reverse("exports:request"), {
        "kind": "appendix", "campaign": routed.pk, "unit": county.code,
        "template": templates["fangcheng-household"].pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "责任单位只能导出派给本部门的问题台账和汇总表，不能导出入户排查表"]
    assert not ExportJob.objects.exists()


def test_a_unit_outside_the_actors_scope_or_the_campaign_is_404(client, routed, township_office, other_township,
                                                                 outsider, outside_village):
    client.force_login(township_office)
    assert client.post(reverse("exports:request"), {"kind": "summary", "campaign": routed.pk,
                                                    "unit": other_township.code}).status_code == 404
    client.force_login(outsider)  # their own unit, but the campaign is another county's
    assert client.post(reverse("exports:request"), {"kind": "summary", "campaign": routed.pk,
                                                    "unit": outside_village.code}).status_code == 404
    assert not ExportJob.objects.exists()


def test_the_service_checks_the_actor_itself(routed, township_office, other_township):
    from django.http import Http404

    from exports.services import request_export

    with pytest.raises(Http404):
        request_export(by=township_office, kind="summary", campaign=routed, unit=other_township)
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1", ""])
def test_bad_ids_are_404_not_500(client, routed, county_office, county, value):
    client.force_login(county_office)
    assert client.post(reverse("exports:request"), {"kind": "summary", "campaign": value,
                                                    "unit": county.code}).status_code == 404
