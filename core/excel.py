"""Streaming appendix-style Excel sheets with openpyxl's write-only mode.

Every sheet: the appendix title, the unit and campaign line, two header rows merged the
way the appendix draws them, the data rows, and the signature lines at the foot; it
prints on A4 landscape with the headers repeated. Memory stays flat: rows are written
as they come. A sheet never passes Excel's row limit: it is split, at a group boundary
(a township or county) where the sizes are known.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

EXCEL_MAX_ROWS = 1_048_576
PAPER_SIZES = {"A4": "9", "A3": "8"}  # the codes of the spreadsheet's page setup
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
WRAP_TEXT = Alignment(wrap_text=True, vertical="top")
# Character widths that still print legibly across one landscape page of each paper.
PAGE_WIDTHS = {"A4": 230, "A3": 325}


def text_width(value) -> int:
    """The width units a value takes in a cell: a wide (Chinese) character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def fitted_width(values, least: int = 6, most: int = 60) -> int:
    """A column width that shows the longest of `values` whole (with a little margin), within limits."""
    return min(most, max([least] + [text_width(v) + 2 for v in values if v not in (None, "")]))


def widths_for_page(columns: list["Column"], page_width: int, least_wrapped: int = 12) -> list[int]:
    """The columns' widths, the wrapped ones narrowed (never below `least_wrapped`) where that
    lets the whole row fit one page across; a table that cannot fit keeps its widths."""
    widths = [c.width for c in columns]
    excess = sum(widths) - page_width
    slack = sum(c.width - least_wrapped for c in columns if c.wrap and c.width > least_wrapped)
    if excess <= 0 or slack < excess:
        return widths
    return [c.width - -(-(c.width - least_wrapped) * excess // slack) if c.wrap and c.width > least_wrapped
            else c.width for c in columns]


@dataclass
class Column:
    group: str  # first header row; equal neighbours merge; equal to `label` for a one-level column
    label: str
    width: int = 12
    wrap: bool = False  # long text: wrapped in the cell rather than cut off


@dataclass
class Layout:
    title: str
    subtitle: str
    columns: list[Column]
    signatures: list[str] = field(default_factory=list)
    title_columns: int = 1  # leading columns repeated on every printed page of a wide table
    paper: str = "A4"  # printed landscape on this paper
    page_per_group: bool = False  # each group (township) starts a new printed page

    @property
    def header_height(self) -> int:
        return 4  # title, subtitle, two header rows


def _header_row_height(columns: list[Column], widths: list[int]) -> int:
    """Tall enough for the longest wrapped header (a Chinese character is two width units, a line 15 pt)."""
    lines = max((-(-len(c.label) * 2 // max(w, 1)) for c, w in zip(columns, widths)), default=1)
    return max(60, 15 * lines)


def safe_cell(ws, value, **style):
    """A cell no spreadsheet will run as a formula; numbers stay numbers and dates stay dates."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral() else float(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


class SheetWriter:
    """Writes one layout into a workbook, starting new sheets when a sheet would overflow."""

    def __init__(self, workbook: Workbook, layout: Layout, *, sheet_name: str, max_rows: int = EXCEL_MAX_ROWS):
        self.workbook, self.layout, self.base_name = workbook, layout, sheet_name[:25]
        self.max_data_rows = max_rows - layout.header_height - len(layout.signatures) - 2
        self.sheets = 0
        self.ws = None
        self.rows_in_sheet = 0

    def _new_sheet(self):
        if self.ws is not None:
            self._finish_sheet()
        self.sheets += 1
        name = self.base_name if self.sheets == 1 else f"{self.base_name}（续{self.sheets - 1}）"
        ws = self.workbook.create_sheet(title=name[:31])
        columns = self.layout.columns
        last = get_column_letter(len(columns))
        page_width = PAGE_WIDTHS[self.layout.paper]
        widths = widths_for_page(columns, page_width)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = PAPER_SIZES[self.layout.paper]
        # A wide appendix table spreads over several landscape pages, the identifying columns
        # repeated on each, rather than shrinking into one unreadable page.
        ws.page_setup.fitToWidth = max(1, -(-sum(widths) // page_width))
        ws.page_setup.fitToHeight = 0
        ws.page_setup.pageOrder = "overThenDown"  # a township's strips of columns print one after another
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "3:4"
        ws.print_options.gridLines = True
        if self.layout.title_columns > 1 and len(columns) * 10 > page_width:
            ws.print_title_cols = f"A:{get_column_letter(self.layout.title_columns)}"
        ws.freeze_panes = "A5"
        ws.merged_cells.add(f"A1:{last}1")
        ws.merged_cells.add(f"A2:{last}2")
        ws.row_dimensions[1].height = 28
        ws.append([safe_cell(ws, self.layout.title, font=Font(size=16, bold=True),
                             alignment=Alignment(horizontal="left", vertical="center"))])
        ws.append([safe_cell(ws, self.layout.subtitle, alignment=Alignment(horizontal="left"))])
        top, bottom = [], []
        start = 1
        for index, column in enumerate(columns, start=1):
            top.append(safe_cell(ws, column.group, font=Font(bold=True), alignment=WRAP, border=BORDER))
            bottom.append(safe_cell(ws, "" if column.group == column.label else column.label, font=Font(bold=True),
                                    alignment=WRAP, border=BORDER))
            if column.group == column.label:
                ws.merged_cells.add(f"{get_column_letter(index)}3:{get_column_letter(index)}4")
            following = columns[index] if index < len(columns) else None
            if following is None or following.group != column.group or following.group == following.label:
                if index > start and column.group != column.label:
                    ws.merged_cells.add(f"{get_column_letter(start)}3:{get_column_letter(index)}3")
                start = index + 1
        ws.row_dimensions[4].height = _header_row_height(columns, widths)
        ws.append(top)
        ws.append(bottom)
        self.ws, self.rows_in_sheet = ws, 0

    def start_group(self, size: int) -> None:
        """Before a group of `size` rows: move to a new sheet if the group would not fit."""
        if self.ws is None or (self.rows_in_sheet and self.rows_in_sheet + size > self.max_data_rows):
            self._new_sheet()
        elif self.rows_in_sheet and self.layout.page_per_group:
            # the page ends after the last row written (title, subtitle and two header rows come first)
            self.ws.row_breaks.append(Break(id=self.layout.header_height + self.rows_in_sheet))

    def append(self, values, *, bold: bool = False) -> None:
        if self.ws is None or self.rows_in_sheet >= self.max_data_rows:
            self._new_sheet()
        # Plain values are written as they are (fast); a cell object is made only where one is
        # needed: formula-like text, dates, wrapped text, bold totals. The grid comes from
        # printed gridlines, not a border on every cell.
        cells = []
        for value, column in zip(values, self.layout.columns):
            needs_cell = bold or (column.wrap and value) or isinstance(value, (date, Decimal)) or (
                isinstance(value, str) and value.startswith(FORMULA_STARTS))
            if not needs_cell:
                cells.append(value)
                continue
            cell = safe_cell(self.ws, value)
            if bold:
                cell.font = BOLD
            if column.wrap and value:
                cell.alignment = WRAP_TEXT
            cells.append(cell)
        self.ws.append(cells)
        self.rows_in_sheet += 1

    def _finish_sheet(self):
        self.ws.append([])
        for line in self.layout.signatures:
            self.ws.append([safe_cell(self.ws, f"{line}：____________    日期：________")])

    def close(self):
        if self.ws is None:
            self._new_sheet()
        self._finish_sheet()
