from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils import timezone
from django.views.decorators.http import require_POST

from core import guards
from core.pdf import PDF_CONTENT_TYPE

from . import engine, printing, services
from .access import get_submission_for, may_fill, may_resend, may_review
from .models import ChecklistTemplate, Submission
from .prefill import prefilled_answers


EVENTS_SHOWN = 20


def _latest_events(submission) -> dict:
    """The newest events, oldest first: a form saved hundreds of times must not list them all."""
    latest = list(submission.events.select_related("by").order_by("-at", "-pk")[:EVENTS_SHOWN + 1])
    return {"rows": latest[:EVENTS_SHOWN][::-1], "more": len(latest) > EVENTS_SHOWN}


def _page(request, submission, *, values=None, errors=None, status=200, conflict=""):
    values = values if values is not None else (submission.answers or prefilled_answers(submission.template, submission.household))
    return render(request, "checklists/submission.html", {
        "submission": submission,
        "sections": engine.layout(submission.template, values, errors or {}),
        "errors": errors or {},
        "conflict": conflict,
        "may_fill": may_fill(request.user, submission),
        "may_review": may_review(request.user, submission),
        "events": _latest_events(submission),
        "notices": guards.submission_notices(submission, timezone.localdate()),
    }, status=status)


@login_required
def submission_detail(request, pk):
    submission = get_submission_for(request.user, pk)
    if request.method != "POST":
        return _page(request, submission)
    if not (may_fill(request.user, submission) or may_resend(request.user, submission)):
        raise PermissionDenied("您不能修改该表")
    action = request.POST.get("action")
    version = _version(request)
    try:
        if action == "submit":
            submission, errors = services.submit(submission, by=request.user, data=request.POST, version=version)
        else:
            submission, errors = services.save_draft(submission, by=request.user, data=request.POST, version=version)
    except services.AlreadySubmitted as exc:
        messages.success(request, str(exc))
        return redirect(submission)
    except services.StaleSubmission as exc:
        return _page(request, submission, values=request.POST, status=409, conflict=str(exc))
    except services.SubmitRefused as exc:  # the answers stay on the page
        return _page(request, submission, values=request.POST, status=403, conflict=str(exc))
    except services.SubmissionStateError as exc:
        messages.error(request, str(exc))
        return redirect(submission)
    if errors:
        return _page(request, submission, values=request.POST, errors=errors, status=422)
    messages.success(request, "已提交，等待审核。" if action == "submit" else "草稿已保存。")
    return redirect(submission)


@require_POST
@login_required
def submission_review(request, pk):
    """审核通过 or 退回, from the form's page or from the reviewer's queue on the home page. From the queue
    with htmx the answer is one line that takes the row's place; without JavaScript, back to `next`."""
    submission = get_submission_for(request.user, pk)
    approving = request.POST.get("action") == "approve"
    error = ""
    if not may_review(request.user, submission) and submission.status == Submission.Status.SUBMITTED:
        if submission.checker_id != request.user.pk:
            raise PermissionDenied("您不能审核该表")
        error = "审核人不能是排查人本人。"
    else:
        try:
            if approving:
                submission = services.approve(submission, by=request.user, version=_version(request))
            else:
                submission = services.return_to_checker(submission, by=request.user, version=_version(request),
                                                        reason=request.POST.get("reason", ""))
        except services.SubmissionStateError as exc:
            error = str(exc)
    outcome = "" if error else _review_outcome(submission, approving)
    if request.htmx:
        return render(request, "checklists/_review_queue.html#result",
                      {"submission": submission, "outcome": outcome, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, outcome)
    following = request.POST.get("next", "")
    if following and url_has_allowed_host_and_scheme(following, {request.get_host()}, request.is_secure()):
        return redirect(following)
    return redirect(submission)


def _review_outcome(submission, approving: bool) -> str:
    subject = f"{submission.household.head_name}户" if submission.household_id else submission.subject_name
    if approving:
        return f"已审核通过：{subject}"
    return f"已退回：{subject}（退回原因：{submission.return_reason}）"


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _printed_submission(user, pk) -> Submission:
    submission = get_submission_for(user, pk)
    return Submission.objects.select_related("template", "unit", "household", "department", "checker",
                                             "reviewer").get(pk=submission.pk)


@login_required
def submission_print(request, pk):
    """The form as the seed prints it on A4, answers ticked; scoped like the form page."""
    submission = _printed_submission(request.user, pk)
    return render(request, "checklists/print_form.html", printing.print_context(submission.template, submission))


@login_required
def submission_pdf(request, pk):
    """The print page's paper as a PDF (WeasyPrint), for the signed form's archive copy or to send on."""
    submission = _printed_submission(request.user, pk)
    response = HttpResponse(printing.submission_pdf(submission), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, printing.pdf_filename(submission))
    return response


@login_required
def blank_form(request, pk):
    """The form with nothing filled, for villages that fill on paper first (a form definition is no secret)."""
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    return render(request, "checklists/print_form.html", printing.print_context(template))
