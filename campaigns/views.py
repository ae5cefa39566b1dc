from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.unit_access import breadcrumbs
from checklists.models import Submission

from . import selectors, services
from .forms import CampaignCreation, CopyCampaignForm, PhaseRows, TrainingForm
from .phases import timeline
from .reminders import current_reminders
from .selectors import campaigns_for, can_create_campaigns, get_campaign_for
from .trainings import attendee_candidates, may_manage_trainings, trainings_of


@login_required
def campaign_list(request):
    campaigns = campaigns_for(request.user)
    page = Paginator(campaigns, 30).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaign_list.html",
                  {"page": page, "may_create": can_create_campaigns(request.user),
                   "reminders": current_reminders(request.user)[:20]})


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
                phases=form.phases.specs(), forms=form.chosen(), error_threshold=data.get("error_threshold"),
                require_training=data["require_training"],
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
    unit_forms, department_forms = selectors.unit_forms(request.user, campaign, unit)
    context = {
        "campaign": campaign, "unit": unit, "crumbs": breadcrumbs(unit, request.user),
        "timeline": timeline(campaign.phases.all(), timezone.localdate()), "unit_forms": unit_forms,
        "department_forms": department_forms,
        "campaign_forms": selectors.campaign_forms_for(request.user, campaign),
        "may_copy": selectors.may_carry_over(request.user, campaign),
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


@login_required
def trainings(request, pk):
    """大培训: the campaign's sessions; an office of the campaign records one with its attendees."""
    campaign = get_campaign_for(request.user, pk)
    may_manage = may_manage_trainings(request.user, campaign)
    candidates = attendee_candidates(request.user, campaign)
    form = TrainingForm(request.POST or None, candidates=candidates) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.record_training(by=request.user, campaign=campaign, **form.cleaned_data)
            except services.CampaignError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "培训已登记。")
                return redirect("campaigns:trainings", pk=pk)
    sessions = list(trainings_of(campaign))
    visible = set(candidates.values_list("pk", flat=True)) if may_manage else set()
    rows = [{"training": t, "count": len(t.attendees.all()), "attended": request.user in t.attendees.all(),
             "names": [u.username for u in t.attendees.all() if u.pk in visible]} for t in sessions]
    return render(request, "campaigns/trainings.html", {"campaign": campaign, "rows": rows, "form": form},
                  status=422 if form is not None and form.errors else 200)


@login_required
def campaign_copy(request, pk):
    """来年再看: a new campaign like this one, for an office that manages this campaign."""
    source = get_campaign_for(request.user, pk)
    if not selectors.may_carry_over(request.user, source):
        raise Http404
    initial = {"name": source.name.replace(str(source.year), str(source.year + 1)), "year": source.year + 1,
               "scope_code": source.scope_unit_id, "document_number": ""}
    form = CopyCampaignForm(request.POST or None, user=request.user, initial=initial)
    phases = PhaseRows(request.POST or None, initial=services.phases_moved(source, 1))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = data["dates"] == CopyCampaignForm.Dates.CHOSEN
        if not chosen or phases.is_valid():
            try:
                campaign = services.copy_campaign(
                    by=request.user, source=source, name=data["name"], document_number=data["document_number"],
                    scope_unit=data["scope_code"], year=data["year"], phases=phases.specs() if chosen else None,
                    carry_over=data["carry_over"])
            except services.CampaignError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已按原专项行动新建，正在生成排查任务清单。")
                return redirect(campaign)
    return render(request, "campaigns/campaign_copy.html", {"source": source, "form": form, "phases": phases},
                  status=422 if request.method == "POST" else 200)
