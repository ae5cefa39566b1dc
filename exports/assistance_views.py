"""Downloads of the 回头帮 workbooks (the pages live in assistance, which sits below exports)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from assistance import selectors as assistance
from campaigns.selectors import get_campaign_for
from accounts.unit_access import get_unit_for

from . import assistance_report

HIDDEN = "不存在或不在您的管辖范围内"


def _send(table, filename):
    return FileResponse(assistance_report.workbook_file(table), as_attachment=True, filename=filename)


@login_required
def help_list(request, pk, level):
    found = assistance.get_help_list_for(request.user, pk)
    if level not in assistance_report.LEAD:
        raise Http404(HIDDEN)
    table = assistance_report.help_list_table(request.user, found, level)
    return _send(table, f"{table.layout.title}-{found.unit.name}-{found.responsible_label}.xlsx")


@login_required
def unit_help_lists(request, campaign_pk, code, level):
    """村填报、乡镇汇总: a village's or township's table over every responsible unit the reader sees."""
    campaign = get_campaign_for(request.user, campaign_pk)
    unit = get_unit_for(request.user, code)
    if level not in assistance_report.LEAD or not unit.is_within(campaign.scope_unit_id):
        raise Http404(HIDDEN)
    table = assistance_report.unit_result_table(request.user, campaign, unit, level)
    return _send(table, f"{table.layout.title}-{unit.name}.xlsx")


@login_required
def plan(request, pk):
    found = assistance.get_plan_for(request.user, pk)
    return _send(assistance_report.plan_table(request.user, found), f"{found.title}.xlsx")


@login_required
def acceptance(request, year):
    return _send(assistance_report.acceptance_table(request.user, year), f"{year}年度回头帮验收表.xlsx")
