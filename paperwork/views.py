from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns.access import get_campaign_for
from core import guards
from core.uploads import UploadError

from . import documents, selectors, services
from .forms import BulletinForm, HandInForm, ReportDueForm, ReturnForm


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def campaign(request, pk):
    """报送与通报 of a campaign: the office's matrix and 通报, the unit's own reports."""
    the_campaign = get_campaign_for(request.user, pk)
    today = timezone.localdate()
    manages = selectors.may_manage(request.user, the_campaign)
    matrix = selectors.matrix(request.user, the_campaign, today)
    own = [(unit, selectors.cells_for_unit(the_campaign, unit, today))
           for unit in selectors.own_units(request.user, the_campaign)]
    return render(request, "paperwork/campaign.html", {
        "campaign": the_campaign, "today": today, "manages": manages, "matrix": matrix if matrix.rows else None,
        "frozen": guards.frozen_reason(the_campaign.pk),
        "dues": selectors.dues_of(the_campaign), "own": own,
        "bulletins": selectors.campaign_bulletins(request.user, the_campaign),
        "may_issue": selectors.rankings_to_issue(request.user, the_campaign).exists(),
    })


@login_required
def due_create(request, pk):
    the_campaign = get_campaign_for(request.user, pk)
    if not selectors.may_manage(request.user, the_campaign):
        raise Http404("不存在或不在您的管辖范围内")
    form = ReportDueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            due = services.add_report_due(by=request.user, campaign=the_campaign, **form.cleaned_data)
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"已添加报送要求“{due.title}”，{due.get_level_display()}单位可在本页报送。")
            return redirect("paperwork:campaign", pk=the_campaign.pk)
    return render(request, "paperwork/due_form.html", {"campaign": the_campaign, "form": form})


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Http404("不存在的报送期次")


@login_required
def hand_in(request, pk, due, code, day):
    the_campaign = get_campaign_for(request.user, pk)
    the_due = selectors.get_due_for(the_campaign, due)
    unit = selectors.get_unit_for(request.user, code)
    due_date = _day(day)
    if not selectors.hands_in_for(request.user, unit) or not the_due.is_due_on(due_date):
        raise Http404("不存在或不在您的管辖范围内")
    cell = next((c for c in selectors.cells_for_unit(the_campaign, unit, max(due_date, timezone.localdate()))
                 if c.due.pk == the_due.pk and c.due_date == due_date), None)
    if cell is None:
        raise Http404("本单位不在该材料的报送范围内")
    form = HandInForm(request.POST or None, request.FILES or None, may_generate=bool(the_due.generated),
                      initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.hand_in(by=request.user, due=the_due, unit=unit, due_date=due_date,
                             signer_name=form.cleaned_data["signer_name"], signed_on=form.cleaned_data["signed_on"],
                             upload=form.cleaned_data.get("file"), generate=form.cleaned_data.get("generate", False))
        except (services.Refused, UploadError) as refusal:
            form.add_error(None, str(refusal))
        except PermissionDenied:
            raise Http404("不存在或不在您的管辖范围内")
        else:
            messages.success(request, f"{unit.name}的“{the_due.title}”（{due_date:%Y-%m-%d} 期）已报送，"
                                      f"签字人 {form.cleaned_data['signer_name']}。")
            return redirect("paperwork:campaign", pk=the_campaign.pk)
    return render(request, "paperwork/hand_in.html", {"campaign": the_campaign, "due": the_due, "unit": unit,
                                                       "cell": cell, "form": form})


@login_required
def report_file(request, pk):
    report = selectors.get_report_for(request.user, pk)
    return FileResponse(report.file.open("rb"), content_type=report.content_type, as_attachment=True,
                        filename=report.original_name)


def _returnable(request, pk):
    report = selectors.get_report_for(request.user, pk)
    if not selectors.may_review(request.user, report.unit):
        raise Http404("不存在或不在您的管辖范围内")
    return report


@login_required
def report_return_confirm(request, pk):
    report = _returnable(request, pk)
    return render(request, "paperwork/return_confirm.html", {"report": report, "form": ReturnForm()})


@require_POST
@login_required
def report_return(request, pk):
    report = _returnable(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_report(report, by=request.user, reason=form.cleaned_data["reason"])
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"已将{report.unit.name}的“{report.due.title}”（{report.due_date:%Y-%m-%d} 期）"
                                      f"退回，对方将看到退回原因并重新报送。")
        return redirect("paperwork:campaign", pk=report.due.campaign_id)
    return render(request, "paperwork/return_confirm.html", {"report": report, "form": form})


@login_required
def bulletin_create(request, pk):
    the_campaign = get_campaign_for(request.user, pk)
    rankings = list(selectors.rankings_to_issue(request.user, the_campaign).order_by("-week", "unit_id")[:20])
    if not rankings:
        raise Http404("没有可以通报的周排名")
    latest = rankings[0]
    initial = {"ranking": latest.pk, "period_start": latest.week, "period_end": latest.week + timedelta(days=6),
               "issued_on": timezone.localdate(), "issuing_office": the_campaign.issuing_unit.name,
               "title": f"关于{the_campaign.name}工作进展情况的通报"}
    form = BulletinForm(request.POST or None, rankings=rankings, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bulletin = services.issue_bulletin(by=request.user, campaign=the_campaign, **data)
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        except PermissionDenied:
            raise Http404("不存在或不在您的管辖范围内")
        else:
            messages.success(request, f"已生成通报 {bulletin.document_number}（Word 与 PDF），尚未发布；"
                                      f"核对无误后请发布给各乡镇。")
            return redirect(bulletin)
    return render(request, "paperwork/bulletin_form.html", {"campaign": the_campaign, "form": form})


@login_required
def bulletin(request, pk):
    the_bulletin = selectors.get_bulletin_for(request.user, pk)
    figures = the_bulletin.figures
    return render(request, "paperwork/bulletin.html", {
        "bulletin": the_bulletin, "may_publish": selectors.may_manage_bulletin(request.user, the_bulletin)
        and not guards.frozen_reason(the_bulletin.campaign_id),
        "township_header": documents.TOWNSHIP_HEADER, "township_rows": documents.township_rows(figures),
        "department_header": documents.DEPARTMENT_HEADER, "department_rows": documents.department_rows(figures)})


@login_required
def bulletin_file(request, pk, fmt):
    the_bulletin = selectors.get_bulletin_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404("不支持的格式")
    field = the_bulletin.docx if fmt == "docx" else services.bulletin_pdf(the_bulletin)
    return FileResponse(field.open("rb"), as_attachment=True, content_type=DOCX if fmt == "docx" else "application/pdf",
                        filename=f"{the_bulletin.document_number}{the_bulletin.title}.{fmt}")


def _publishable(request, pk):
    the_bulletin = selectors.get_bulletin_for(request.user, pk)
    if not selectors.may_manage_bulletin(request.user, the_bulletin):
        raise Http404("不存在或不在您的管辖范围内")
    return the_bulletin


@login_required
def bulletin_publish_confirm(request, pk):
    return render(request, "paperwork/publish_confirm.html", {"bulletin": _publishable(request, pk)})


@require_POST
@login_required
def bulletin_publish(request, pk):
    the_bulletin = _publishable(request, pk)
    try:
        services.publish_bulletin(the_bulletin, by=request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        townships, departments = the_bulletin.audience
        messages.success(request, f"已发布通报《{the_bulletin.title}》（{the_bulletin.document_number}），通知 "
                                  f"{townships} 个乡镇（街道）和 {departments} 个行业部门；"
                                  f"{the_bulletin.unit.name}下各单位可在“报送与通报”页看到。")
    return redirect(the_bulletin)



