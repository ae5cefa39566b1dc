from celery import shared_task


@shared_task(acks_late=True)
def build_work_list(campaign_id: int) -> int:
    from .models import Campaign
    from .worklist import build_work_list as build

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return build(campaign) if campaign else 0


@shared_task(acks_late=True)
def send_phase_reminders() -> int:
    """Daily (beat): reminders of windows about to close; running it twice sends nothing twice."""
    from .reminders import send_phase_reminders as send

    return send()
