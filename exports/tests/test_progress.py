"""An export's page while its file is made: with htmx only the status fragment is asked again (every 2 s)
until the file is ready or the job failed, then the polling stops; without JavaScript the page reloads."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exports import jobs
from exports.models import ExportJob

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def job(campaign, county, county_office):
    return ExportJob.objects.create(kind="summary", campaign=campaign, unit=county, requested_by=county_office,
                                    expires_at=timezone.now() + timedelta(hours=1))


def fragment(client, job) -> str:
    response = client.get(reverse("exports:detail", args=[job.pk]), **HX)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode()).strip()


def polling(job, status, interval="2s") -> str:
    url = reverse("exports:detail", args=[job.pk])
    return (f'<div class="export-status" hx-get="{url}" hx-trigger="every {interval}" hx-target="#export-status" '
            f'hx-swap="innerHTML"> <p>状态：<span class="status {job.status}">{status}</span></p>')


def test_the_status_fragment_polls_while_the_file_is_made_then_offers_it(client, county_office, job):
    client.force_login(county_office)
    url = reverse("exports:detail", args=[job.pk])
    job.status = ExportJob.Status.PENDING
    job.save(update_fields=["status"])
    assert fragment(client, job) == polling(job, "排队中") + (
        ' <progress max="100" value="0" aria-label="导出进度">0%</progress> <p class="muted">0 / … 行</p> '
        f'<p class="muted">正在生成，状态每 2 秒自动更新（也可<a href="{url}">刷新本页</a>）。</p> </div>')

    assert jobs.claim(job.pk)
    job.refresh_from_db()
    ExportJob.objects.filter(pk=job.pk).update(rows_total=8, rows_done=2)
    assert fragment(client, job) == polling(job, "生成中") + (
        ' <progress max="100" value="25" aria-label="导出进度">25%</progress> <p class="muted">2 / 8 行</p> '
        f'<p class="muted">正在生成，状态每 2 秒自动更新（也可<a href="{url}">刷新本页</a>）。</p> </div>')

    job.refresh_from_db()
    jobs.run(job)
    job.refresh_from_db()
    rows = f"{job.rows_done} / {job.rows_total or '…'} 行"
    assert fragment(client, job) == (  # no hx-trigger: the polling stops here
        '<div class="export-status"> <p>状态：<span class="status done">已完成</span></p> '
        '<progress max="100" value="100" aria-label="导出进度">100%</progress> '
        f'<p class="muted">{rows}</p> '
        f'<p><a class="button" href="{reverse("exports:download", args=[job.pk])}">下载 {job.filename}</a></p> '
        f'<p class="muted">文件保留至 {timezone.localtime(job.expires_at):%Y-%m-%d %H:%M}。</p> </div>')


def test_a_failed_job_stops_polling_and_says_why(client, county_office, job):
    client.force_login(county_office)
    jobs.fail(job.pk, "生成文件时出错（任务编号 1），请稍后重试或联系管理员。")
    assert fragment(client, job) == (
        '<div class="export-status"> <p>状态：<span class="status failed">失败</span></p> '
        '<progress max="100" value="0" aria-label="导出进度">0%</progress> <p class="muted">0 / … 行</p> '
        '<p class="error">导出失败：生成文件时出错（任务编号 1），请稍后重试或联系管理员。</p> </div>')


def test_a_job_waiting_for_the_queue_polls_slower(client, county_office, job):
    client.force_login(county_office)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.WAITING)
    job.refresh_from_db()
    assert fragment(client, job).startswith(polling(job, "待排队", "15s"))


def test_without_htmx_the_whole_page_reloads_itself_while_running(client, county_office, job):
    client.force_login(county_office)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    body = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in body
    assert "<h1>导出：" in body and '<section class="card" id="export-status" role="status" aria-live="polite">' in body
    jobs.fail(job.pk, "x")
    body = client.get(reverse("exports:detail", args=[job.pk])).content.decode()
    assert "http-equiv" not in body and "hx-trigger" not in body


def test_the_status_fragment_is_hidden_from_another_township(client, township_office, job, other_township):
    client.force_login(township_office)
    assert client.get(reverse("exports:detail", args=[job.pk]), **HX).status_code == 404
