"""The archive's own contents: every signed form as a PDF, and each county's ledger and summary.

Registered in `ArchivesConfig.ready` like any other app's contributor (core/archiving.py). The PDF is
the print page's (checklists.printing), the workbooks are the exports' tables (exports/tables.py)
written by the exports' writer: nothing here is a second copy of either.
"""

import tempfile

from checklists.models import Submission
from checklists.printing import submission_pdf
from core.archiving import Contributor, Piece
from exports import tables
from exports.jobs import write_workbook
from units import codes
from units.models import AdminUnit, Level

SIGNED = Submission.Status.APPROVED  # both signatures on it: checker at submit, reviewer at approval


def counties(campaign) -> list[AdminUnit]:
    """The counties of the campaign: its own county, or every county of a city campaign."""
    scope = campaign.scope_unit
    if codes.level_of(scope.code) in (Level.TOWNSHIP, Level.VILLAGE):
        return list(AdminUnit.objects.filter(code=codes.county_code(scope.code)))
    return list(AdminUnit.objects.in_subtree(scope.code).filter(level=Level.COUNTY).order_by("code"))


def county_folder(unit_code: str, names: dict[str, str]) -> str:
    county = codes.county_code(unit_code)
    return f"{county} {names.get(county, '')}".strip()


def _signed_forms(campaign):
    return Submission.objects.filter(campaign=campaign, status=SIGNED)


def _form_pieces(campaign, by):
    names = dict(AdminUnit.objects.filter(level=Level.COUNTY).values_list("code", "name"))
    forms = _signed_forms(campaign).select_related("template", "unit", "household", "department", "checker",
                                                   "reviewer").order_by("unit_id", "template__code", "pk")
    for form in forms.iterator(chunk_size=200):
        path = (f"{county_folder(form.unit_id, names)}/签字排查表/{form.unit.full_name}/"
                f"{form.template.code}-{form.subject_name}-{form.pk}.pdf")
        yield Piece(path, "签字排查表", form.unit_id, lambda form=form: submission_pdf(form))


def _workbook(table) -> bytes:
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        write_workbook(table, handle.name)
        handle.seek(0)
        return handle.read()


def _table_pieces(campaign, by):
    for county in counties(campaign):
        folder = f"{county.code} {county.name}"
        yield Piece(f"{folder}/问题台账.xlsx", "问题台账", county.code,
                    lambda county=county: _workbook(tables.ledger_table(campaign, county, by, {})))
        yield Piece(f"{folder}/汇总表.xlsx", "汇总表", county.code,
                    lambda county=county: _workbook(tables.summary_table(campaign, county)))


CONTRIBUTORS = [
    Contributor("signed_forms", lambda campaign: _signed_forms(campaign).count(), _form_pieces),
    Contributor("ledgers_and_summaries", lambda campaign: 2 * len(counties(campaign)), _table_pieces),
]
