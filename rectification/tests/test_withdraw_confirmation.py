"""撤销 takes a problem off the ledger: the page asks first, naming the problem, and says what happened."""

from django.urls import reverse

from rectification.models import Problem


def test_withdrawing_asks_first_and_names_the_problem(client, make_problem, county_office):
    problem = make_problem()
    client.force_login(county_office)
    url = reverse("rectification:act", args=[problem.pk, "withdraw"])
    page = client.get(reverse("rectification:detail", args=[problem.pk])).content.decode()
    assert (f'<form method="post" action="{url}" data-confirm="确定撤销问题 {problem.display_number}？撤销后它不再计入'
            '台账的待整改问题，也不再提醒责任单位。">') in page
    done = client.post(url, {"reason": "重复登记"}, follow=True).content.decode()
    assert f'<li class="success">问题 {problem.display_number} 已撤销。</li>' in done
    problem.refresh_from_db()
    assert problem.status == Problem.Status.WITHDRAWN
