from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "archives"
    verbose_name = "存档"

    def ready(self):
        from core import archiving, guards

        from . import contents, services

        guards.add_freeze_check(services.frozen_reason)
        guards.add_submission_notice(services.archived_notice)
        for contributor in contents.CONTRIBUTORS:
            archiving.add_contributor(contributor)
