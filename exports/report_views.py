"""Downloads of reports whose page lives in a lower app (the spot check's comparison)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from spotchecks import comparison
from spotchecks import selectors as spot_checks

from .spotcheck_report import report_workbook


@login_required
def spot_check_report(request, pk):
    spot_check = spot_checks.get_spot_check_for(request.user, pk)
    handle = report_workbook(spot_check, comparison.compare(spot_check))
    return FileResponse(handle, as_attachment=True, filename=f"抽查比对-{spot_check.pk}.xlsx")
