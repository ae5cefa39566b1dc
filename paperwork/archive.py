"""What the paperwork adds to a closed campaign's archive (core/archiving.py): every report handed in
and not returned, and every 通报 as Word and PDF. Each file is its unit's part of the archive."""

from pathlib import PurePosixPath

from core.archiving import Contributor, Piece
from units import codes
from units.models import AdminUnit, Level

from . import services
from .models import Bulletin, Report


def _reports(campaign):
    return Report.objects.filter(due__campaign=campaign, status=Report.Status.SUBMITTED)


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _folder(unit_code: str, counties: dict[str, str]) -> str:
    county = codes.county_code(unit_code)
    return f"{county} {counties.get(county, '')}".strip()


def _pieces(campaign, by):
    counties = dict(AdminUnit.objects.filter(level=Level.COUNTY).values_list("code", "name"))
    for report in _reports(campaign).select_related("due", "unit").order_by("due_id", "unit_id", "due_date"):
        suffix = PurePosixPath(report.original_name).suffix or PurePosixPath(report.file.name).suffix
        path = (f"{_folder(report.unit_id, counties)}/报送材料/{report.due.title}/"
                f"{report.unit.full_name}-{report.due_date:%Y%m%d}{suffix}")
        yield Piece(path, f"报送材料：{report.due.title}", report.unit_id, lambda r=report: _read(r.file))
    for bulletin in Bulletin.objects.filter(campaign=campaign).select_related("unit", "ranking").order_by("pk"):
        stem = f"{_folder(bulletin.unit_id, counties)}/通报/{bulletin.document_number}{bulletin.title}"
        yield Piece(f"{stem}.docx", "通报", bulletin.unit_id, lambda b=bulletin: _read(b.docx))
        yield Piece(f"{stem}.pdf", "通报", bulletin.unit_id, lambda b=bulletin: _read(services.bulletin_pdf(b)))


CONTRIBUTOR = Contributor(
    "paperwork",
    lambda campaign: _reports(campaign).count() + 2 * Bulletin.objects.filter(campaign=campaign).count(),
    _pieces,
)
