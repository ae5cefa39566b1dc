"""The reviewer's queue on the home page: each row approves or returns its form in place (htmx), and
the same forms work as whole pages without JavaScript."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from checklists.models import Submission, SubmissionEvent
from tests.factories import make_household

S = Submission.Status
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def waiting(campaign, village, household, checker):
    """Two households' forms waiting for the reviewer's signature, submitted by the checker."""
    second = make_household(village, number="4113221000010002", head_name="李四")
    from campaigns.services import build_work_list
    build_work_list(campaign)
    forms = Submission.objects.filter(campaign=campaign, household__isnull=False).order_by("household__number")
    forms.update(status=S.SUBMITTED, checker=checker, submitted_at=timezone.now())
    first = forms.get(household=household)
    return first, forms.get(household=second)


def test_each_waiting_row_carries_its_approve_and_return_forms(client, reviewer, waiting):
    first, second = waiting
    client.force_login(reviewer)
    body = client.get(reverse("home")).content.decode()
    row = re.search(rf'<li id="review-{second.pk}".*?</li>', body, re.S).group(0)
    url = reverse("checklists:review", args=[second.pk])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row).group(1)
    assert re.sub(r"\s+", " ", row) == re.sub(r"\s+", " ", f'''<li id="review-{second.pk}" class="review-row">
  <a href="{reverse("checklists:submission", args=[second.pk])}">李四（4113221000010002） · 新华街社区 · 重点户</a> <span class="muted">提交于 {timezone.localtime(second.submitted_at):%m-%d %H:%M}</span>
  <div class="review-actions">
    <form method="post" action="{url}" class="inline"
          hx-post="{url}" hx-target="#review-{second.pk}" hx-swap="outerHTML"
          data-confirm="确定审核通过李四的户级排查表并以您的名义签字？签字后排查人不能再修改。">
      <input type="hidden" name="csrfmiddlewaretoken" value="{token}"><input type="hidden" name="version" value="{second.version}">
      <input type="hidden" name="action" value="approve"><input type="hidden" name="next" value="/">
      <button type="submit">审核通过</button>
    </form>
    <form method="post" action="{url}" class="inline"
          hx-post="{url}" hx-target="#review-{second.pk}" hx-swap="outerHTML"
          data-confirm="确定把李四的户级排查表退回排查人？排查人将看到退回原因并重新填报。">
      <input type="hidden" name="csrfmiddlewaretoken" value="{token}"><input type="hidden" name="version" value="{second.version}">
      <input type="hidden" name="action" value="return"><input type="hidden" name="next" value="/">
      <label for="reason-{second.pk}">退回原因</label>
      <input id="reason-{second.pk}" name="reason" required maxlength="500">
      <button type="submit" class="secondary">退回</button>
    </form>
  </div>
</li>''')
    assert f'id="review-{first.pk}"' in body


def test_htmx_approve_answers_the_result_line_only(client, reviewer, waiting):
    first, _ = waiting
    client.force_login(reviewer)
    response = client.post(reverse("checklists:review", args=[first.pk]),
                           {"action": "approve", "version": first.version, "next": "/"}, **HX)
    assert response.status_code == 200
    assert response.content.decode().strip() == \
        f'<li id="review-{first.pk}" class="review-row done"><span role="status">已审核通过：{first.household.head_name}户</span></li>'
    first.refresh_from_db()
    assert first.status == S.APPROVED and first.reviewer == reviewer
    assert [m.message for m in get_messages(response.wsgi_request)] == []


def test_htmx_return_answers_the_result_line_with_the_reason(client, reviewer, waiting):
    _, second = waiting
    client.force_login(reviewer)
    response = client.post(reverse("checklists:review", args=[second.pk]),
                           {"action": "return", "version": second.version, "reason": "收入未填"}, **HX)
    assert response.content.decode().strip() == \
        f'<li id="review-{second.pk}" class="review-row done"><span role="status">已退回：李四户（退回原因：收入未填）</span></li>'
    second.refresh_from_db()
    assert (second.status, second.return_reason) == (S.RETURNED, "收入未填")


def test_htmx_refusal_keeps_a_link_to_the_form(client, reviewer, waiting):
    first, _ = waiting
    client.force_login(reviewer)
    response = client.post(reverse("checklists:review", args=[first.pk]),
                           {"action": "approve", "version": first.version + 5}, **HX)
    from checklists.services import CONFLICT
    assert response.content.decode().strip() == (
        f'<li id="review-{first.pk}" class="review-row done"><span class="error" role="alert">'
        f'未能审核{first.household.head_name}的排查表：{CONFLICT}</span> '
        f'<a href="{reverse("checklists:submission", args=[first.pk])}">打开排查表</a></li>')
    first.refresh_from_db()
    assert first.status == S.SUBMITTED


def test_without_javascript_the_queue_posts_and_comes_back_home(client, reviewer, waiting):
    first, second = waiting
    client.force_login(reviewer)
    response = client.post(reverse("checklists:review", args=[first.pk]),
                           {"action": "approve", "version": first.version, "next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    body = response.content.decode()
    assert f'<li class="success">已审核通过：{first.household.head_name}户</li>' in body
    assert f'id="review-{first.pk}"' not in body and f'id="review-{second.pk}"' in body
    assert "待我审核签字（先交先审）（1）" in body


def test_without_next_the_review_comes_back_to_the_form(client, reviewer, waiting):
    first, _ = waiting
    client.force_login(reviewer)
    response = client.post(reverse("checklists:review", args=[first.pk]),
                           {"action": "return", "version": first.version, "reason": "缺签字",
                            "next": "https://elsewhere.example/"})
    assert response.url == reverse("checklists:submission", args=[first.pk])
    assert SubmissionEvent.objects.filter(submission=first, action="return", note="缺签字").count() == 1


def test_the_checker_cannot_approve_through_the_queue(client, checker, waiting):
    first, _ = waiting
    client.force_login(checker)
    response = client.post(reverse("checklists:review", args=[first.pk]),
                           {"action": "approve", "version": first.version}, **HX)
    assert response.content.decode().strip() == (
        f'<li id="review-{first.pk}" class="review-row done"><span class="error" role="alert">'
        f'未能审核{first.household.head_name}的排查表：审核人不能是排查人本人。</span> '
        f'<a href="{reverse("checklists:submission", args=[first.pk])}">打开排查表</a></li>')
    first.refresh_from_db()
    assert first.status == S.SUBMITTED
