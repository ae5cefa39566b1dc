"""The ledger printed (issue 19.7): the rows of the ledger page's filters, whole, with the signature lines."""

import lxml.html
from django.urls import reverse

from rectification import services as ledger


def printed(client, **query):
    response = client.get(reverse("rectification:print"), query)
    assert response.status_code == 200
    article = lxml.html.fromstring(response.content.decode()).xpath("//article[contains(@class, 'paper-ledger')]")[0]
    rows = [[" ".join(cell.text_content().split()) for cell in row.xpath("./td")] for row in article.xpath(".//tbody/tr")]
    signatures = [" ".join(p.text_content().split()) for p in article.xpath(".//p[@class='paper-signature']")]
    return article, rows, signatures


def test_the_printed_ledger_lists_the_filtered_problems_whole(client, campaign, village, township, county_office,
                                                             outsider):
    problems = [ledger.record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                                      category=category, description=text)
                for category, text in (("住房保障", "墙体开裂"), ("饮水安全", "水压不足"))]
    client.force_login(county_office)
    article, rows, signatures = printed(client, campaign=campaign.pk)
    assert article.xpath(".//h1")[0].text_content() == f"{campaign.name}问题台账"
    assert rows == [[str(i), p.display_number, township.name, village.name, "", p.category, p.description,
                     p.responsible_label, p.get_mode_display(), "—", p.get_status_display()]
                    for i, p in enumerate(problems, start=1)]
    assert signatures == ["填报人（签字）： 日期：______年____月____日", "审核人（单位负责人）（签字）： 日期：______年____月____日"]
    _, rows, _ = printed(client, campaign=campaign.pk, q="水压")
    assert [row[1] for row in rows] == [problems[1].display_number]
    client.force_login(outsider)
    _, rows, _ = printed(client, campaign=campaign.pk)
    assert rows == [["没有符合条件的问题"]]
