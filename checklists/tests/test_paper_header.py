"""The form page says what the paper form says above and below its table: the stored header lines, the
column heads and the signature lines, each whole, in order."""

import re
from html import unescape

import pytest
from django.urls import reverse

from checklists.models import Submission
from tests.factories import make_campaign

FILLER = {"household": "checker", "village": "checker", "township": "township_office", "county": "county_office"}


def texts(body: str, pattern: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", found)).strip() for found in re.findall(pattern, body, flags=re.S)]


@pytest.mark.parametrize("code", ["fangcheng-household", "fangcheng-village", "fangcheng-township",
                                  "fangcheng-county", "qiemo-household", "city-funds"])
def test_the_page_prints_the_stored_header_columns_and_signatures_whole(client, templates, county, county_office,
                                                                        household, code, request):
    template = templates[code]
    request.getfixturevalue("township")
    campaign = make_campaign(county, [template], by=county_office)
    form = Submission.objects.filter(campaign=campaign).order_by("pk").first()
    client.force_login(request.getfixturevalue(FILLER[template.level]))
    body = client.get(reverse("checklists:submission", args=[form.pk])).content.decode()

    assert texts(body, r'<p class="header-line">(.*?)</p>') == template.header_lines
    columns = re.search(r'<table class="grid paper-columns">(.*?)</table>', body, flags=re.S)
    assert (texts(columns.group(1), r"<th>(.*?)</th>") if columns else []) == template.columns
    assert texts(body, r'<span class="signature-label">(.*?)</span>') == [s["label"] for s in template.signatures]


def test_the_seed_header_of_appendix_1_is_printed_as_the_seed_prints_it(client, templates, campaign, household,
                                                                        checker):
    form = Submission.objects.get(campaign=campaign, household=household)
    client.force_login(checker)
    body = client.get(reverse("checklists:submission", args=[form.pk])).content.decode()
    assert texts(body, r'<p class="header-line">(.*?)</p>') == [
        "乡镇(街道)：_____村：_____", "户类型： “十类群体”户 脱贫户 监测户 (在对应类别上划“√”) 户主姓名：_____"]
    assert texts(body, r"<th>(.*?)</th>")[:3] == ["事项", "排查问卷内容", "问题描述"]
    assert texts(body, r'<span class="signature-label">(.*?)</span>') == [
        "排查人员(乡镇/村)、帮扶人(签字)", "审核人员(村支书/第一书记)、责任组长(签字)"]
