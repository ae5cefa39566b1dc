from celery import shared_task


@shared_task
def ping() -> str:
    """A round trip through the broker and a worker; used by health checks and CI."""
    return "pong"
