from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.unit_access import breadcrumbs
from checklists.models import Submission

from . import selectors, services
from .forms import CampaignCreation
from .selectors import campaigns_for, can_create_campaigns, get_campaign_for


@login_required
def campaign_list(request):
    campaigns = campaigns_for(request.user)
    page = Paginator(campaigns, 30).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaign_list.html",
                  {"page": page, "may_create": can_create_campaigns(request.user)})


@login_required
def campaign_create(request):
    if not can_create_campaigns(request.user):
        raise Http404
    form = CampaignCreation(request.POST or None, user=request.user, plan=request.GET.get("plan", ""))
    if request.method == "POST" and form.is_valid():
        data = form.main.cleaned_data
        try:
            campaign = services.create_campaign(
                by=request.user, name=data["name"], document_number=data["document_number"],
                issuing_unit=data["issuing_unit"], scope_unit=data["scope_code"], year=data["year"],
                phases=data["phases"], forms=form.chosen(), error_threshold=data.get("error_threshold"),
            )
        except services.CampaignError as exc:
            form.main.add_error(None, str(exc))
        else:
            messages.success(request, "专项行动已创建，正在生成排查任务清单。")
            return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request, pk):
    """Open the campaign at the highest unit of it the user may see."""
    campaign = get_campaign_for(request.user, pk)
    return redirect("campaigns:unit", pk=pk, code=selectors.entry_unit_code(request.user, campaign))


@login_required
def campaign_unit(request, pk, code):
    campaign, unit = selectors.get_campaign_unit_for(request.user, pk, code)
    context = {
        "campaign": campaign, "unit": unit, "crumbs": breadcrumbs(unit, request.user),
        "phases": campaign.phases.all(), "unit_forms": selectors.unit_forms(campaign, unit),
        "campaign_forms": selectors.campaign_forms_for(request.user, campaign),
        "carry_targets": campaigns_for(request.user).exclude(pk=campaign.pk).filter(year__gte=campaign.year)
        if selectors.may_carry_over(request.user, campaign) else [],
    }
    if unit.level == "village":
        forms = selectors.household_forms(campaign, unit)
        status = request.GET.get("status", "")
        if status in Submission.Status.values:
            forms = forms.filter(status=status)
        if request.GET.get("key") == "1":
            forms = forms.filter(is_key=True)
        context.update(page=Paginator(forms, 50).get_page(request.GET.get("page")),
                       statuses=Submission.Status.choices, status=status)
    else:
        context["children"] = selectors.progress_by_child(campaign, unit)
    return render(request, "campaigns/campaign_unit.html", context)
