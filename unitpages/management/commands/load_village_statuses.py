from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from unitpages.services import set_village_statuses
from units.status_roster import HEADER, RosterFileError, check_rows, read_table


class Command(BaseCommand):
    help = f"导入村贫困村状态名单（{','.join(HEADER)}；.xlsx 或 .csv），有错误时不写入任何数据。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="名单文件路径")

    def handle(self, path, **options):
        try:
            with open(path, "rb") as upload:
                table = read_table(path, File(upload))
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{path}")
        except RosterFileError as exc:
            raise CommandError(f"{path}：{exc}")
        rows, errors = check_rows(table, allowed=lambda code: True)
        if errors:
            raise CommandError(f"{path}：共 {len(errors)} 处错误，未导入任何数据\n" + "\n".join(errors))
        result = set_village_statuses(rows, by=None)
        self.stdout.write(f"贫困村状态：更新 {result.updated} 个村，未变 {result.unchanged} 个村")
