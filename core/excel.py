"""Streaming appendix-style Excel sheets with openpyxl's write-only mode.

Every sheet: the appendix title, the unit and campaign line, two header rows merged the
way the appendix draws them, the data rows, and the signature lines at the foot; it
prints on A4 landscape with the headers repeated. Memory stays flat: rows are written
as they come. A sheet never passes Excel's row limit: it is split, at a group boundary
(a township or county) where the sizes are known.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

EXCEL_MAX_ROWS = 1_048_576
PAPERSIZE_A4 = "9"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
WRAP_TEXT = Alignment(wrap_text=True, vertical="top")
PAGE_WIDTH = 230  # character widths that still print legibly across one A4 landscape page


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

    @property
    def header_height(self) -> int:
        return 4  # title, subtitle, two header rows


def _header_row_height(columns: list[Column]) -> int:
    """Tall enough for the longest wrapped header (a Chinese character is two width units, a line 15 pt)."""
    lines = max((-(-len(c.label) * 2 // max(c.width, 1)) for c in columns), default=1)
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
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = PAPERSIZE_A4
        # A wide appendix table spreads over several landscape pages, the identifying columns
        # repeated on each, rather than shrinking into one unreadable page.
        ws.page_setup.fitToWidth = max(1, -(-sum(c.width for c in columns) // PAGE_WIDTH))
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "3:4"
        ws.print_options.gridLines = True
        if self.layout.title_columns > 1 and len(columns) * 10 > PAGE_WIDTH:
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
        ws.row_dimensions[4].height = _header_row_height(columns)
        ws.append(top)
        ws.append(bottom)
        self.ws, self.rows_in_sheet = ws, 0

    def start_group(self, size: int) -> None:
        """Before a group of `size` rows: move to a new sheet if the group would not fit."""
        if self.ws is None or (self.rows_in_sheet and self.rows_in_sheet + size > self.max_data_rows):
            self._new_sheet()

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
