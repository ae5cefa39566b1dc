from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = "问题整改"

    def ready(self):
        from core import events

        from .services import on_campaign_copied, on_submission_submitted

        # Inside the submit's transaction: a submitted form and its ledger problems are one write.
        events.subscribe(events.SubmissionSubmitted, on_submission_submitted, within_transaction=True)
        # Inside the copy's transaction: a campaign copied with its unfinished problems is one write.
        events.subscribe(events.CampaignCopied, on_campaign_copied, within_transaction=True)
