"""Downloads of reports whose page lives in a lower app (the spot check's comparison)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils import timezone

from spotchecks import comparison
from spotchecks import selectors as spot_checks

from visits import selectors as visits

from .spotcheck_report import report_workbook
from .visits_report import month_workbook


@login_required
def spot_check_report(request, pk):
    spot_check = spot_checks.get_spot_check_for(request.user, pk)
    handle = report_workbook(spot_check, comparison.compare(spot_check))
    return FileResponse(handle, as_attachment=True, filename=f"抽查比对-{spot_check.pk}.xlsx")


@login_required
def visits_month(request):
    """The month table of helpers' visits, with the page's filters, for the offices that see the page."""
    if not visits.may_report(request.user):
        raise Http404(visits.NOT_FOUND)
    unit = visits.report_unit(request.user, request.GET.get("unit"))
    month = visits.Month.parse(request.GET.get("month"), timezone.localdate())
    handle = month_workbook(request.user, unit, month, helper=request.GET.get("helper", ""),
                            status=request.GET.get("status", ""))
    return FileResponse(handle, as_attachment=True, filename=f"入户走访-{unit.name}-{month.value}.xlsx")
