"""The joint 县乡问题排查表 (方城 附件3) is an export of its own, asked for a county from the county's page.

It is the county's table: the county office (and the city above it) exports it; a township office
exports its own 乡级 form as an ordinary 附件表, not the joint table; a department exports no form.
"""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from checklists.models import Submission
from exports.models import ExportJob
from exports.services import joint_forms
from tests.factories import make_campaign

from .test_whole_headers import fill


@pytest.fixture
def appendix_3(templates, county, township, other_township, county_office, township_office):
    campaign = make_campaign(county, [templates["fangcheng-county"], templates["fangcheng-township"],
                                      templates["fangcheng-household"]], by=county_office)
    fill(Submission.objects.get(campaign=campaign, template__code="fangcheng-county", unit=county), county_office,
         c_no_meetings="yes", c_no_meetings__desc="全年未专题研究", c1_note="县委常委会已补开")
    fill(Submission.objects.get(campaign=campaign, template__code="fangcheng-township", unit=township),
         township_office, t1_note="已补开党委会")
    return campaign


def request_joint(client, user, campaign, unit, capture):
    client.force_login(user)
    with capture(execute=True):
        return client.post(reverse("exports:request"), {"kind": "joint", "campaign": campaign.pk, "unit": unit.code})


def test_the_county_exports_its_part_then_every_township_part_with_remarks(
        client, appendix_3, county, county_office, templates, django_capture_on_commit_callbacks):
    response = request_joint(client, county_office, appendix_3, county, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get(requested_by=county_office)
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.template, job.params) == (
        "joint", "done", templates["fangcheng-county"], {"township_template": templates["fangcheng-township"].pk})
    assert job.filename.startswith("方城县巩固脱贫攻坚成果“回头看”靶向整改专项行动县乡问题排查表-方城县-")
    ws = load_workbook(job.file.path).active
    assert [c.value for c in ws[3]] == templates["fangcheng-county"].columns == ["排查层级", "排查内容", "备注"]
    rows = list(ws.iter_rows(min_row=5, max_row=4 + 7 + 5 + 5, values_only=True))
    assert [(i, r[0]) for i, r in enumerate(rows) if r[0]] == [
        (0, "县级\n方城县"), (7, "乡级\n凤瑞街道"), (12, "乡级\n释之街道（未填报）")]
    county_questions = templates["fangcheng-county"].questions.filter(section__position=1, kind="flag")
    assert rows[0][1] == "1. " + "；".join(q.text + ("(是☑否□)（问题描述：全年未专题研究）" if q.key == "c_no_meetings"
                                                    else "(是□否☑)") for q in county_questions.order_by("position"))
    assert (rows[0][2], rows[7][2]) == ("县委常委会已补开", "已补开党委会")  # the 备注 column


def test_the_county_page_offers_it_and_pages_below_do_not(client, appendix_3, county, township, county_office):
    client.force_login(county_office)
    county_page = client.get(reverse("campaigns:unit", args=[appendix_3.pk, county.code])).content.decode()
    township_page = client.get(reverse("campaigns:unit", args=[appendix_3.pk, township.code])).content.decode()
    assert "导出县乡问题排查表（本县及各乡镇合一）" in county_page
    assert "导出县乡问题排查表" not in township_page


def test_a_campaign_without_the_joint_forms_offers_nothing(client, templates, county, county_office,
                                                          django_capture_on_commit_callbacks):
    campaign = make_campaign(county, [templates["fuzhou-township"], templates["fuzhou-county"]], by=county_office)
    assert joint_forms(campaign) is None  # 福州's forms have no column heads in common: printed apart
    client.force_login(county_office)
    page = client.get(reverse("campaigns:unit", args=[campaign.pk, county.code]), follow=True).content.decode()
    assert "导出县乡问题排查表" not in page
    response = request_joint(client, county_office, campaign, county, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and not ExportJob.objects.exists()
    assert "本专项行动没有县乡合一的排查表（附件3）" in client.get(response["Location"]).content.decode()


def test_the_city_office_exports_it_for_a_county(client, appendix_3, county, city_office,
                                                 django_capture_on_commit_callbacks):
    request_joint(client, city_office, appendix_3, county, django_capture_on_commit_callbacks)
    assert ExportJob.objects.get(requested_by=city_office).status == "done"


def test_a_township_office_exports_its_own_form_not_the_joint_table(
        client, appendix_3, county, township, township_office, templates, django_capture_on_commit_callbacks):
    own_township = request_joint(client, township_office, appendix_3, township, django_capture_on_commit_callbacks)
    assert own_township.status_code == 302 and not ExportJob.objects.exists()
    message = client.get(own_township["Location"]).content.decode()
    assert "县乡问题排查表按县导出，请在县级页面导出；乡镇请导出本乡镇的附件表" in message
    assert request_joint(client, township_office, appendix_3, county,
                         django_capture_on_commit_callbacks).status_code == 404  # the county is not theirs
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:request"), {"kind": "appendix", "campaign": appendix_3.pk, "unit": township.code,
                                                 "template": templates["fangcheng-township"].pk})
    assert ExportJob.objects.get(requested_by=township_office).status == "done"


def test_a_department_gets_no_joint_table(client, appendix_3, county, department_user,
                                          django_capture_on_commit_callbacks):
    response = request_joint(client, department_user, appendix_3, county, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and not ExportJob.objects.exists()
    assert "责任单位只能导出派给本部门的问题台账和汇总表，不能导出排查表" in client.get(response["Location"]).content.decode()


def test_an_outsider_gets_404(client, appendix_3, county, outsider, django_capture_on_commit_callbacks):
    response = request_joint(client, outsider, appendix_3, county, django_capture_on_commit_callbacks)
    assert response.status_code == 404 and not ExportJob.objects.exists()
