"""The spot check's comparison report as a workbook: one row per county, township, checker and question.

Here and not in spotchecks/ because exports sit above spotchecks: the read side may read the
comparison, spotchecks never needs to know how a workbook is written.
"""

import tempfile

from core.excel import Column, Layout
from units.models import AdminUnit

from .jobs import write_workbook
from .tables import Table

COLUMNS = [Column(n, n, w) for n, w in [("单位/人员/问题", 30), ("比对数", 10), ("有误差", 10),
                                         ("抽查误差率(%)", 12), ("识别误差率(%)", 12), ("退出误差率(%)", 12)]]


def report_workbook(spot_check, result):
    """The workbook of a comparison (`spotchecks.comparison.compare`), as an open temporary file."""
    names = dict(AdminUnit.objects.filter(code__in={*result.by_county, *result.by_township})
                 .values_list("code", "name"))

    def rows():
        for title, rates in (("县", result.by_county), ("乡镇", result.by_township), ("排查人员", result.by_checker)):
            for key, rate in sorted(rates.items()):
                yield title, [f"{title}：{names.get(key, key)}", rate.compared, rate.errors, rate.rate,
                              rate.identification_rate, rate.exit_rate], False
        for _, (text, rate) in result.by_question.items():
            yield "问题", [f"问题：{text}", rate.compared, rate.errors, rate.rate, None, None], False

    layout = Layout(f"{spot_check.title}误差率比对表", f"专项行动：{spot_check.campaign.name}    "
                    f"抽样范围：{spot_check.unit.name}    随机种子：{spot_check.seed}", COLUMNS, ["检查人", "审核人"])
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    write_workbook(Table(layout, 0, {}, rows(), "误差率"), handle.name)
    handle.seek(0)
    return handle
