import pytest

from dashboards.models import Summary


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_rolls_up_through_redis(city_campaign):
    from celery.contrib.testing.worker import start_worker

    from dashboards.tasks import refresh_summaries
    from huitoukan.celery import app

    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING",
                      queues=["celery", "rollups", "exports", "reminders"]):
        written = refresh_summaries.delay(city_campaign.pk, "411322100001").get(timeout=60)
    assert written > 0
    assert Summary.objects.filter(campaign=city_campaign, unit_id="4113").exists()
