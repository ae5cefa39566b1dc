from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = "专项行动"

    def ready(self):
        from core import guards

        from .phases import submission_warnings
        from .trainings import training_refusal

        # checklists sits below campaigns: it asks core.guards, campaigns answers for its rules.
        guards.add_submit_gate(training_refusal)
        guards.add_submission_notice(submission_warnings)
