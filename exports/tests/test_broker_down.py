"""With the broker down an export is recorded as 待排队 (never a 500) and sent by the sweeper later."""

import socket
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exports import tasks
from exports.models import ExportJob
from huitoukan.celery import app

DEAD_BROKER = "redis://127.0.0.1:6390/0"


def _reset_producer_pools():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down(monkeypatch):
    """Broker and result backend both on a closed port, as when the one Redis is down."""
    from celery.backends.redis import RedisBackend

    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", 6390)) != 0, "port 6390 must be closed for this test"
    dead_backend = RedisBackend(app=app, url=DEAD_BROKER)
    monkeypatch.setattr(type(app), "backend", property(lambda self: dead_backend))
    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = DEAD_BROKER
    _reset_producer_pools()
    yield
    app.conf.broker_url = previous
    app.conf.task_always_eager = True
    _reset_producer_pools()


def post_summary(client, campaign, unit):
    return client.post(reverse("exports:request"), {"kind": "summary", "campaign": campaign.pk, "unit": unit.code},
                       follow=True)


# Transactional tests: on_commit callbacks run when the request's writes commit, as in production.
committing = pytest.mark.django_db(transaction=True)


@committing
def test_an_export_requested_while_the_broker_is_down_waits_with_a_chinese_message(client, campaign, county_office,
                                                                                   county, broker_down):
    client.force_login(county_office)
    started = time.monotonic()
    response = post_summary(client, campaign, county)
    assert time.monotonic() - started < 5  # refused fast, the page does not hang on the broker
    job = ExportJob.objects.get()
    assert response.status_code == 200 and response.redirect_chain == [(job.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "任务队列暂时无法连接，导出已记录为“待排队”，队列恢复后将自动开始生成，请稍后在“我的导出”中查看。"]
    assert (job.status, job.get_status_display(), job.queued_at) == ("waiting", "待排队", None)
    assert "队列恢复后将自动开始生成" in response.content.decode()


@committing
def test_the_sweeper_sends_waiting_jobs_once_the_broker_is_back(client, campaign, county_office, county, broker_down):
    client.force_login(county_office)
    post_summary(client, campaign, county)
    assert tasks.sweep() == {"sent": 0, "retried": 0, "failed": 0}  # still down: it stays waiting
    assert ExportJob.objects.get().status == "waiting"

    app.conf.broker_url = "memory://localhost/"  # the broker is back (tasks run in-process again)
    app.conf.task_always_eager = True
    _reset_producer_pools()
    assert tasks.sweep() == {"sent": 1, "retried": 0, "failed": 0}
    job = ExportJob.objects.get()
    assert job.status == "done" and job.attempts == 1
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 200


@committing
def test_a_committed_write_whose_task_cannot_be_queued_is_not_a_500(client, campaign, county_office, county,
                                                                    broker_down, caplog):
    client.force_login(county_office)
    response = client.post(reverse("dashboards:rebuild", args=[campaign.pk, county.code]))
    assert response.status_code == 302
    assert f"task dashboards.tasks.rebuild_campaign({campaign.pk},) not queued" in caplog.text


def test_a_job_lost_in_the_queue_is_sent_again(campaign, county_office, county):
    job = _job(campaign, county_office, county, status="pending",
               queued_at=timezone.now() - timedelta(hours=3))
    assert tasks.sweep() == {"sent": 1, "retried": 0, "failed": 0}
    assert ExportJob.objects.get(pk=job.pk).status == "done"


def _job(campaign, by, unit, **fields):
    return ExportJob.objects.create(kind="summary", campaign=campaign, unit=unit, requested_by=by,
                                    expires_at=timezone.now() + timedelta(hours=1), **fields)
