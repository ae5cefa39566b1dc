"""Downloads of reports whose page lives in a lower app (the spot check's comparison)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from assistance import selectors as assistance
from campaigns.selectors import get_campaign_for
from spotchecks import comparison
from spotchecks import selectors as spot_checks
from units.access import get_unit_for

from . import assistance_report
from .spotcheck_report import report_workbook


@login_required
def spot_check_report(request, pk):
    spot_check = spot_checks.get_spot_check_for(request.user, pk)
    handle = report_workbook(spot_check, comparison.compare(spot_check))
    return FileResponse(handle, as_attachment=True, filename=f"抽查比对-{spot_check.pk}.xlsx")


@login_required
def help_list(request, pk, level):
    found = assistance.get_help_list_for(request.user, pk)
    if level not in assistance_report.LEAD:
        raise Http404("不存在或不在您的管辖范围内")
    table = assistance_report.help_list_table(request.user, found, level)
    return FileResponse(assistance_report.workbook_file(table), as_attachment=True,
                        filename=f"{table.layout.title}-{found.unit.name}-{found.responsible_label}.xlsx")


@login_required
def unit_help_lists(request, campaign_pk, code, level):
    campaign = get_campaign_for(request.user, campaign_pk)
    unit = get_unit_for(request.user, code)
    if level not in assistance_report.LEAD or not unit.is_within(campaign.scope_unit_id):
        raise Http404("不存在或不在您的管辖范围内")
    table = assistance_report.unit_result_table(request.user, campaign, unit, level)
    return FileResponse(assistance_report.workbook_file(table), as_attachment=True,
                        filename=f"{table.layout.title}-{unit.name}.xlsx")


@login_required
def plan(request, pk):
    found = assistance.get_plan_for(request.user, pk)
    table = assistance_report.plan_table(request.user, found)
    return FileResponse(assistance_report.workbook_file(table), as_attachment=True, filename=f"{found.title}.xlsx")


@login_required
def acceptance(request, year):
    table = assistance_report.acceptance_table(request.user, year)
    return FileResponse(assistance_report.workbook_file(table), as_attachment=True,
                        filename=f"{year}年度回头帮验收表.xlsx")
