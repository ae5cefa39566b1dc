"""The month table of helpers' visits as a workbook: one row per household, a subtotal per village.

Here and not in visits/ because exports sit above visits: the table's rows are the visits app's
selectors (`month_households`), the same rows the page shows, so the file and the page agree.
"""

import tempfile

from core.excel import Column, Layout
from units import codes
from visits import selectors

from .jobs import write_workbook
from .tables import CHUNK, Table, _names

COLUMNS = [Column(n, n, w) for n, w in [("序号", 6), ("乡镇(街道)", 12), ("村", 14), ("户编号", 16), ("户主", 10),
                                         ("帮扶责任人", 10), ("本月走访次数", 8), ("最近走访日期", 12), ("走访人", 14)]]


def month_workbook(user, unit, month, *, helper: str = "", status: str = ""):
    """The month table of `unit` as the user may see it, with the page's filters, as an open temporary file."""
    households = selectors.month_households(user, unit, month, helper=helper, status=status).values_list(
        "pk", "village_id", "village__name", "number", "head_name", "helper_name", "month_visits", "last_visit")
    names = _names(codes.county_code(unit.code) if codes.is_at_or_below(unit.code, codes.COUNTY) else unit.code)

    def rows():
        index, chunk = 0, []
        for values in households.iterator(chunk_size=CHUNK):
            chunk.append(values)
            if len(chunk) == CHUNK:
                yield from _rows(chunk, index)
                index += len(chunk)
                chunk = []
        yield from _rows(chunk, index)

    def _rows(chunk, start):
        visitors = selectors.visitors_of([values[0] for values in chunk], month)
        for offset, (pk, village_id, village, number, head, helper_name, visits, last) in enumerate(chunk, start=1):
            yield village_id, [start + offset, names.get(codes.township_code(village_id), ""), village, number, head,
                               helper_name or "未指派", visits, last, "、".join(visitors.get(pk, []))], False

    layout = Layout("帮扶责任人入户走访情况表", f"单位：{unit.full_name}    月份：{month.label}", COLUMNS,
                    ["填报人", "审核人（单位负责人）"])
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    write_workbook(Table(layout, 0, {}, rows(), "入户走访"), handle.name)
    handle.seek(0)
    return handle
