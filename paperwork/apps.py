from django.apps import AppConfig


class PaperworkConfig(AppConfig):
    name = "paperwork"
    verbose_name = "报送与通报"

    def ready(self):
        from core import archiving, events

        from .archive import CONTRIBUTOR
        from .services import on_campaign_copied

        archiving.add_contributor(CONTRIBUTOR)
        # Inside the copy's transaction: a campaign copied with the reports it owes is one write.
        events.subscribe(events.CampaignCopied, on_campaign_copied, within_transaction=True)
