from django.core.management.base import BaseCommand, CommandError

from units.divisions import DivisionFileError, parse_divisions
from units.models import AdminUnit
from units.services import load_divisions


class Command(BaseCommand):
    help = "导入行政区划 CSV（code,name,level,parent_code），可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV 文件路径")

    def handle(self, path, **options):
        try:
            with open(path, encoding="utf-8-sig", newline="") as stream:
                known = AdminUnit.objects.values_list("code", flat=True)
                rows = parse_divisions(stream, known_codes=known)
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{path}")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}：文件不是 UTF-8 编码（{exc.reason}）")
        except DivisionFileError as exc:
            raise CommandError(f"{path}：{exc}")
        result = load_divisions(rows)
        self.stdout.write(
            f"行政区划：新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}（共 {len(rows)} 行）"
        )
