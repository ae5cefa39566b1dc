from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = "问题整改"

    def ready(self):
        from core import events

        from .services import on_submission_submitted

        # Inside the submit's transaction: a submitted form and its ledger problems are one write.
        events.subscribe(events.SubmissionSubmitted, on_submission_submitted, within_transaction=True)
