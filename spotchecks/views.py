from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import Capability
from accounts.scoping import get_in_scope_or_404, scope, scope_codes
from campaigns.access import get_campaign_for
from units.access import get_unit_for

from . import services
from .forms import SpotCheckForm
from .models import SpotCheck


def _may_sample(user) -> bool:
    return user.is_superuser or bool(scope_codes(user, Capability.SAMPLE) or scope_codes(user, Capability.MANAGE))


@login_required
def campaign_spot_checks(request, pk):
    campaign = get_campaign_for(request.user, pk)
    form = SpotCheckForm(request.POST or None, initial={"unit_code": campaign.scope_unit_id, "size_per_stratum": 5})
    if request.method == "POST" and _may_sample(request.user) and form.is_valid():
        data = form.cleaned_data
        try:
            unit = get_unit_for(request.user, data["unit_code"].strip())
        except Exception:  # noqa: BLE001 - a hidden unit reads like a missing one
            form.add_error("unit_code", "区划代码不存在或不在您的管辖范围内")
        else:
            try:
                spot_check = services.create_spot_check(
                    by=request.user, campaign=campaign, unit=unit, kind=data["kind"], subject=data["subject"],
                    strata=data["strata"], size_per_stratum=data["size_per_stratum"], confidence=data["confidence"],
                    margin=data["margin"], weight_key_households=data["weight_key_households"],
                    weight_low_reporting=data["weight_low_reporting"], seed=data["seed"])
            except services.SamplingError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect(spot_check)
    spot_checks = scope(request.user, SpotCheck.objects.filter(campaign=campaign)).select_related("unit", "drawn_by")
    return render(request, "spotchecks/campaign_spot_checks.html", {
        "campaign": campaign, "form": form, "spot_checks": spot_checks, "may_sample": _may_sample(request.user),
    }, status=422 if form.errors else 200)


@login_required
def detail(request, pk):
    spot_check = get_in_scope_or_404(request.user, SpotCheck.objects.select_related("campaign", "unit", "drawn_by"),
                                     pk=pk)
    items = spot_check.items.select_related("unit", "household")
    stored = {}
    for stratum, village, household in items.values_list("stratum", "unit_id", "household_id"):
        stored.setdefault(stratum, []).append(f"{village}:{household}" if household else village)
    redrawn = services.drawn_items(spot_check)
    strata = [{"code": code, "population": len(spot_check.population.get(code, [])), "sample": len(stored.get(code, []))}
              for code in sorted(spot_check.population)]
    return render(request, "spotchecks/detail.html", {
        "spot_check": spot_check, "strata": strata,
        "page": Paginator(items, 100).get_page(request.GET.get("page")),
        "redraw_matches": {k: sorted(v) for k, v in stored.items()} == {k: v for k, v in redrawn.items() if v},
        "is_drawer": spot_check.drawn_by_id == request.user.pk,
    })


@require_POST
@login_required
def act(request, pk, action):
    spot_check = get_in_scope_or_404(request.user, SpotCheck.objects.all(), pk=pk)
    try:
        if action == "publish":
            services.publish(spot_check, by=request.user)
            messages.success(request, "样本已发布，此后不再改变。")
        elif action == "discard":
            campaign_id = spot_check.campaign_id
            services.discard(spot_check, by=request.user)
            messages.success(request, "草稿已删除，可以重新抽样。")
            return redirect("spotchecks:campaign", pk=campaign_id)
    except services.SamplingError as exc:
        messages.error(request, str(exc))
    return redirect(spot_check)
