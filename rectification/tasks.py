from celery import shared_task


@shared_task(acks_late=True)
def send_daily_reminders() -> int:
    from .reminders import send_reminders

    return send_reminders()
