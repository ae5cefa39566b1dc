from django.core.management.base import BaseCommand, CommandError

from checklists.definitions import DefinitionError, load_all
from checklists.services import load_template

ACTIONS = {"created": "新建", "replaced": "更新（尚无填报）", "new_version": "新版本（旧版已有填报，保持不变）", "unchanged": "未变"}


class Command(BaseCommand):
    help = "从 checklists/data/*.yaml 导入排查表模板（可重复执行；已有填报的模板只会生成新版本）。"

    def handle(self, **options):
        try:
            definitions = load_all()
        except DefinitionError as exc:
            raise CommandError(str(exc))
        for data in definitions:
            outcome = load_template(data)
            self.stdout.write(f"  {outcome.code:<22} 第 {outcome.version} 版  {ACTIONS[outcome.action]}  {data['name']}")
