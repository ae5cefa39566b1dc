"""The 报送 round in a browser, under the Content-Security-Policy: the county sets a report, the
township hands it in with its signer, the county sees it in the matrix and returns it after a
confirmation, the township sees the reason."""

import pytest
from django.urls import reverse

from paperwork.models import Report
from tests.browser import browser, sign_in  # noqa: F401 - fixture

from .conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser, live_server, username, refused):  # noqa: F811
    page = browser.new_context().new_page()
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, live_server.url, username)
    return page


def test_a_report_set_handed_in_and_returned(live_server, browser, campaign, county_office,  # noqa: F811
                                             township_office, other_township, tmp_path):
    refused = []
    county = log_in(browser, live_server, "county_office", refused)
    county.goto(live_server.url + reverse("paperwork:campaign", args=[campaign.pk]))
    county.click("text=添加报送要求")
    county.fill("#id_title", "集中整改工作总结")
    county.select_option("#id_kind", "summary")
    county.fill("#id_first_due", "2099-08-20")
    county.fill("#id_signer_title", "乡镇党委书记")
    county.click("main button[type=submit]")
    assert "已添加报送要求“集中整改工作总结”，乡镇单位可在本页报送。" in county.content()

    township = log_in(browser, live_server, "township_office", refused)
    township.goto(live_server.url + reverse("paperwork:campaign", args=[campaign.pk]))
    township.click("a.button:has-text('报送')")
    pdf = tmp_path / "总结.pdf"
    pdf.write_bytes(PDF)
    township.set_input_files("#id_file", str(pdf))
    township.fill("#id_signer_name", "张书记")
    township.click("main button[type=submit]")
    assert "已报送，签字人 张书记。" in township.content()

    county.goto(live_server.url + reverse("paperwork:campaign", args=[campaign.pk]))
    cells = county.locator("table.matrix tbody tr").all_inner_texts()
    assert [" ".join(c.split()) for c in cells] == ["凤瑞街道 已报 下载 · 退回", "释之街道 未报"]
    county.click("table.matrix >> text=退回")
    county.fill("#id_reason", "未见党委书记签字页")
    county.click("button:has-text('确认退回')")
    assert "退回，对方将看到退回原因并重新报送。" in county.content()
    assert Report.objects.get().status == "returned"

    township.goto(live_server.url + reverse("paperwork:campaign", args=[campaign.pk]))
    assert "退回原因：未见党委书记签字页" in township.content()
    assert township.locator("a.button:has-text('重新报送')").count() == 1
    assert refused == []
