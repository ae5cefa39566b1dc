from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "assistance"
    verbose_name = "回头帮"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import HelpList, HelpListItem, Plan, PlanLine, PlanLineProblem

        # every write of a list or a plan leaves a LogEntry naming its actor (services use acting_as)
        for model in (HelpList, HelpListItem, Plan, PlanLine, PlanLineProblem):
            auditlog.register(model)
