"""The pages, walked as the offices and the discipline office use them."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accountability import services
from accountability.models import AccountabilityCase, Clue

from .conftest import PNG

Case = AccountabilityCase


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def test_the_city_threshold_to_a_case_referred_to_the_discipline_office(client, review, city_office, discipline,
                                                                       city_discipline):
    services.apply_rules(review.campaign)
    county_case = Case.objects.get(unit_id="411322")
    client.force_login(city_office)
    report = client.get(reverse("spotchecks:report", args=[review.pk])).content.decode()
    detail_url = reverse("accountability:detail", args=[county_case.pk])
    linked = set(re.findall(r'href="/accountability/(\d+)/"', report))
    assert linked == {str(c.pk) for c in Case.objects.all()} and len(linked) == 3

    page = text(client.get(detail_url))
    assert "待确认" in page and "抽查误差率 41.7%（阈值 25.0%；比对 12 份，有误差 5 份）" in page
    assert client.post(reverse("accountability:act", args=[county_case.pk, "confirm"]), {"note": "情况属实"}
                       ).status_code == 302
    response = client.post(reverse("accountability:act", args=[county_case.pk, "step"]),
                           {"kind": "interview", "happened_on": date.today().isoformat(), "note": "约谈县长"})
    assert response.status_code == 302

    transfer_url = reverse("accountability:transfer", args=[county_case.pk])
    assert "确认移送" in text(client.get(transfer_url))
    refused = client.post(transfer_url, {"happened_on": date.today().isoformat(), "note": "涉嫌数据造假",
                                         "files": [SimpleUploadedFile("线索.png", PNG)]})
    assert refused.status_code == 422 and "请勾选确认后再移送" in text(refused) and "涉嫌数据造假" in text(refused)
    assert Case.objects.get(pk=county_case.pk).status == "open" and Clue.objects.count() == 0
    done = client.post(transfer_url, {"happened_on": date.today().isoformat(), "note": "涉嫌数据造假", "confirm": "on",
                                      "files": [SimpleUploadedFile("线索.png", PNG)]})
    assert done.status_code == 302
    assert Case.objects.get(pk=county_case.pk).status == "transferred"

    clue = Clue.objects.get()
    client.force_login(city_discipline)
    response = client.get(detail_url)
    page = text(response)
    assert "已移送纪检监察机关" in page and "约谈县长" in page and "线索.png" in page
    assert response.content.decode().count('method="post"') == 1  # logout only: the discipline office reads
    assert client.get(reverse("accountability:clue", args=[clue.pk])).status_code == 200
    assert client.post(reverse("accountability:act", args=[county_case.pk, "close"]),
                       {"happened_on": date.today().isoformat(), "outcome": "x"}).status_code == 404
    client.force_login(discipline)  # the county's discipline office: the city handles the county's leaders
    assert client.get(detail_url).status_code == 404
    assert client.get(reverse("accountability:clue", args=[clue.pk])).status_code == 404


def test_the_list_filters_and_pages(client, review, county_office, django_assert_max_num_queries):
    services.apply_rules(review.campaign)
    client.force_login(county_office)
    with django_assert_max_num_queries(12):
        page = text(client.get(reverse("accountability:list")))
    shown = {c.display_number for c in Case.objects.all() if c.display_number in page}
    assert shown == {c.display_number for c in Case.objects.exclude(unit_id="411322")}  # the county's own: the city's
    only = text(client.get(reverse("accountability:list"), {"unit": "411322101", "status": "draft"}))
    assert "释之街道" in only and "凤瑞街道" not in only
    none = text(client.get(reverse("accountability:list"), {"status": "closed"}))
    assert "没有符合条件的问责案件" in none


def test_nobody_else_reaches_the_pages(client, review, township_office, viewer, department_user):
    services.apply_rules(review.campaign)
    case = Case.objects.get(unit_id="411322101")
    for user in (township_office, viewer, department_user):
        client.force_login(user)
        assert client.get(reverse("accountability:list")).status_code == 404
        assert client.get(reverse("accountability:detail", args=[case.pk])).status_code == 404
        assert client.get(reverse("accountability:create")).status_code == 404


def test_a_refused_form_keeps_what_was_typed(client, county_office, campaign):
    client.force_login(county_office)
    response = client.post(reverse("accountability:create"), {
        "reason": "public_report", "unit_code": "411322100", "summary": "群众举报帮扶干部不入户",
        "evidence_text": "来信反映", "problem_numbers": "2026-1-", "happened_on": date.today().isoformat()})
    page = text(response)
    assert response.status_code == 422 and "“2026-1-”不是问题台账的编号" in page
    assert 'value="群众举报帮扶干部不入户"' in response.content.decode()
    assert Case.objects.count() == 0
    response = client.post(reverse("accountability:create"), {
        "reason": "public_report", "unit_code": "411322100", "summary": "群众举报帮扶干部不入户",
        "evidence_text": "来信反映", "happened_on": date.today().isoformat(),
        "files": [SimpleUploadedFile("来信.pdf", b"not a pdf")]})
    assert response.status_code == 422 and "文件内容与扩展名不符" in text(response) and Case.objects.count() == 0
    response = client.post(reverse("accountability:create"), {
        "reason": "public_report", "unit_code": "411322100", "summary": "群众举报帮扶干部不入户",
        "evidence_text": "来信反映", "happened_on": date.today().isoformat()})
    case = Case.objects.get()
    assert response.status_code == 302 and (case.status, case.handling_unit_id) == ("open", "411322")


def test_a_dismissal_without_a_reason_is_shown_on_the_page(client, review, county_office):
    services.apply_rules(review.campaign)
    case = Case.objects.get(unit_id="411322101")
    client.force_login(county_office)
    response = client.post(reverse("accountability:act", args=[case.pk, "dismiss"]), {"note": ""})
    assert response.status_code == 422 and "请填写不予问责的理由" in text(response)
    assert Case.objects.get(pk=case.pk).status == "draft"


def test_a_case_on_a_department_needs_no_code(client, county_office, county, campaign, department_user):
    from units.models import Department

    health = Department.objects.get(county=county, name="卫健委")
    client.force_login(county_office)
    data = {"reason": "unannounced", "department": str(health.pk), "summary": "家庭医生签约走过场",
            "evidence_text": "暗访 5 户", "happened_on": date.today().isoformat()}
    wrong = client.post(reverse("accountability:create"), {**data, "unit_code": "411322100"})
    assert wrong.status_code == 422 and "区划代码应为 411322" in text(wrong)
    assert client.post(reverse("accountability:create"), {**data, "unit_code": ""}).status_code == 302
    case = Case.objects.get()
    assert (case.unit_id, case.department, case.handling_unit_id) == ("411322", health, "411322")
