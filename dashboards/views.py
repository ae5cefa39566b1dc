from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.unit_access import breadcrumbs

from . import selectors, tasks


@login_required
def dashboard(request, pk, code):
    campaign, unit = selectors.get_campaign_unit_for(request.user, pk, code)
    summary = selectors.unit_summary(campaign, unit)
    ranking, ranking_rows = selectors.current_ranking(campaign, unit)
    categories = sorted((summary.by_category if summary else {}).items(), key=lambda kv: -kv[1])
    series = selectors.progress_series(campaign, unit)
    return render(request, "dashboards/dashboard.html", {
        "campaign": campaign, "unit": unit, "summary": summary,
        "crumbs": breadcrumbs(unit, request.user),
        "children": selectors.child_summaries(campaign, unit),
        "series": series,
        "categories": {"labels": [c for c, _ in categories], "counts": [n for _, n in categories]},
        # the charts' data as tables too (a screen reader, or no Chart.js, reads these)
        "progress_rows": list(zip(series["days"], series["coverage"], series["closing"])),
        "category_rows": categories,
        "overdue": selectors.overdue_problems(request.user, campaign, unit),
        "ranking": ranking, "ranking_rows": ranking_rows,
        "may_rebuild": selectors.may_rebuild(request.user, unit),
    })


@require_POST
@login_required
def rebuild(request, pk, code):
    campaign, unit = selectors.get_campaign_unit_for(request.user, pk, code)
    if not selectors.may_rebuild(request.user, unit):
        raise Http404
    tasks.rebuild_campaign.delay_on_commit(campaign.pk)
    messages.success(request, "已开始重新汇总，完成后刷新本页即可看到新的计算时间。")
    return redirect("dashboards:unit", pk=pk, code=code)
