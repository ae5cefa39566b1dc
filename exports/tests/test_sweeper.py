"""A job whose worker died is retried, then marked failed with a message: never "生成中" forever."""

from datetime import timedelta
from unittest import mock

import pytest
from billiard.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from exports import jobs, tasks
from exports.models import ExportJob
from exports.tasks import run_export


def make_job(campaign, by, unit, **fields):
    return ExportJob.objects.create(kind="summary", campaign=campaign, unit=unit, requested_by=by,
                                    expires_at=timezone.now() + timedelta(hours=1), **fields)


def ago(seconds):
    return timezone.now() - timedelta(seconds=seconds)


@pytest.fixture
def stalled(campaign, county_office, county):
    """A job whose worker stopped stamping its heartbeat a little over the limit ago."""
    stale = ago(settings.EXPORT_STALL_SECONDS + 30)
    return make_job(campaign, county_office, county, status="running", attempts=1, started_at=stale,
                    heartbeat_at=stale)


def test_a_job_with_a_stale_heartbeat_is_run_again(stalled):
    assert tasks.sweep() == {"sent": 0, "retried": 1, "failed": 0}
    stalled.refresh_from_db()
    assert (stalled.status, stalled.attempts) == ("done", 2)


def test_a_job_that_stalls_on_every_attempt_is_marked_failed_with_a_message(stalled):
    ExportJob.objects.filter(pk=stalled.pk).update(attempts=settings.EXPORT_MAX_ATTEMPTS)
    assert tasks.sweep() == {"sent": 0, "retried": 0, "failed": 1}
    stalled.refresh_from_db()
    assert stalled.status == "failed" and stalled.finished_at is not None
    assert stalled.error == "生成进程超过 5 分钟没有进展（已中断），已尝试 3 次，请缩小范围后重新导出。"


def test_a_job_with_a_fresh_heartbeat_is_left_alone(campaign, county_office, county):
    job = make_job(campaign, county_office, county, status="running", attempts=1, started_at=ago(3600),
                   heartbeat_at=ago(10))
    assert tasks.sweep() == {"sent": 0, "retried": 0, "failed": 0}
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)


def test_a_message_delivered_twice_runs_the_job_once_at_a_time(campaign, county_office, county):
    alive = make_job(campaign, county_office, county, status="running", attempts=1, heartbeat_at=ago(10))
    done = make_job(campaign, county_office, county, status="done", attempts=1)
    assert [run_export(alive.pk), run_export(done.pk)] == ["skipped", "skipped"]
    assert list(ExportJob.objects.order_by("pk").values_list("status", "attempts")) == [("running", 1), ("done", 1)]


def test_a_job_stopped_by_the_time_limit_fails_with_a_message(campaign, county_office, county):
    job = make_job(campaign, county_office, county)
    with mock.patch("exports.jobs.run", side_effect=SoftTimeLimitExceeded()):
        assert run_export(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "超过生成时限（数据量过大），请缩小单位范围或筛选条件后重新导出。")


def test_an_error_is_shown_in_chinese_and_logged_by_id_only(campaign, county_office, county, caplog):
    job = make_job(campaign, county_office, county)
    with mock.patch("exports.jobs.build_table", side_effect=RuntimeError("张三 411322199001011234")):
        assert run_export(job.pk) == "failed"
    job.refresh_from_db()
    assert job.error == f"生成文件时出错（任务编号 {job.pk}），请稍后重试或联系管理员。"
    assert caplog.text.count(f"export {job.pk} failed: RuntimeError") == 1
    assert "张三" not in caplog.text and "411322199001011234" not in caplog.text


def test_progress_stamps_the_heartbeat(campaign, county_office, county):
    job = make_job(campaign, county_office, county, status="running", heartbeat_at=ago(3600))
    jobs.run(job)
    job.refresh_from_db()
    assert job.status == "done" and timezone.now() - job.heartbeat_at < timedelta(seconds=60)


def test_the_sweeper_runs_every_minute():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "exports.tasks.sweep_export_jobs")
    assert entry["schedule"] <= 60
