import pytest
from django.conf import settings

from core.tasks import ping


def test_without_redis_tasks_run_in_process():
    assert ping.delay().get(timeout=5) == "pong"


@pytest.mark.redis
def test_a_real_worker_runs_tasks_through_redis():
    from celery.contrib.testing.worker import start_worker

    from huitoukan.celery import app

    assert app.conf.broker_url == settings.REDIS_URL
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING",
                      queues=["celery", "rollups", "exports", "reminders"]):
        assert ping.delay().get(timeout=20) == "pong"


@pytest.mark.redis
def test_health_reports_redis(client, db):
    assert client.get("/health/").json()["redis"] == "ok"
