from django.apps import AppConfig


class PaperworkConfig(AppConfig):
    name = "paperwork"
    verbose_name = "报送与通报"

    def ready(self):
        from core import archiving

        from .archive import CONTRIBUTOR

        archiving.add_contributor(CONTRIBUTOR)
