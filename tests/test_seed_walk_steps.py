"""What a person does on the pages, one step each, for the four seed walks (this file holds no test).

Every step goes through the page a user would use (Django test client, logged in as the persona)
and asserts that the page accepted it, so a walk reads as the seed's order of work.
"""

import io
import re
from datetime import date
from html import unescape

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns.models import Campaign
from checklists import engine
from checklists.tests.seedtext import seed_text, squash
from checklists.models import Submission
from exports.models import ExportJob
from spotchecks.models import Inspection

NEUTRAL = {"flag": "no", "yes_no": "no", "number": "0", "money": "0", "date": "2026-08-01", "signature": "张三",
           "text": "无"}


def travel_to(monkeypatch, day: date) -> None:
    """Make `timezone.localdate()` answer the seed's day: phases open and close on the seed's calendar."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def answers(template, **overrides) -> dict:
    """A valid filling with no problem, as POST data; overrides plant problems and numbers."""
    data = {q.key: q.choices[0] if q.kind == "choice" else NEUTRAL.get(q.kind, "无")
            for q in engine.structure(template)[1]}
    unknown = {key for key in overrides if key.removesuffix("__desc") not in data}
    assert not unknown, f"{template.code} has no question {sorted(unknown)}"  # a typo would plant nothing
    data.update(overrides)
    return data


def create_by_page(client, office, capture, plan, *, name, document_number, scope, year, issuing="",
                   error_threshold=""):
    """The creation page opened with the seed's plan: its forms ticked with the plan's targets and its
    phases filled with the plan's dates, sent as shown."""
    client.force_login(office)
    creation = client.get(reverse("campaigns:create"), {"plan": plan}).context["form"]
    data = {"name": name, "document_number": document_number, "scope_code": scope, "issuing_code": issuing,
            "year": str(year), "error_threshold": str(error_threshold)}
    for row in creation.phases:
        for field in row:
            value = field.value()
            data[field.html_name] = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    for row in creation.targets:
        if not row["use"].value():
            continue
        data[f"{row.prefix}-use"] = "on"
        for field in row.target_fields():
            if field.value() not in (None, "", []):
                data[field.html_name] = field.value()
    with capture(execute=True):
        response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 302, response.context["form"].main.errors
    return Campaign.objects.get(document_number=document_number, scope_unit_id=scope)


def phases_printed(client, user, campaign) -> list[tuple[str, ...]]:
    """The campaign page's table of phases, row by row: name, link, dates, state (as of the walk's day)."""
    client.force_login(user)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk]), follow=True).content.decode()
    table = re.search(r'<table class="grid phases">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [tuple(unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td>(.*?)</td>", row))
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]


def today_marked(client, user, campaign) -> str:
    """The timeline's note of today, and whether its line is drawn ("今天 2022-07-20 | line")."""
    client.force_login(user)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk]), follow=True).content.decode()
    note = re.search(r'<section class="timeline".*?<small>(.*?)</small>', page, re.S).group(1)
    drawn = '<line class="today"' in page
    return note + (" | line" if drawn else " | no line")


def window_warnings(client, user, form) -> list[str]:
    """The warnings the form's page shows about its campaign's windows (filling is never refused for them)."""
    client.force_login(user)
    page = client.get(reverse("checklists:submission", args=[form.pk])).content.decode()
    return [unescape(w) for w in re.findall(r'<div class="notice window-warning">(.*?)</div>', page, re.S)]


def form_of(campaign, code, unit=None, household=None, department=None) -> Submission:
    forms = Submission.objects.filter(campaign=campaign, template__code=code)
    if department:
        return forms.get(department=department)
    return forms.get(household=household) if household else forms.get(unit=unit, household=None, department=None)


def post_form(client, user, form, action="submit", **overrides):
    client.force_login(user)
    form.refresh_from_db()
    return client.post(reverse("checklists:submission", args=[form.pk]),
                       {**answers(form.template, **overrides), "version": form.version, "action": action})


def fill_by_page(client, user, form, **overrides) -> Submission:
    response = post_form(client, user, form, **overrides)
    assert response.status_code == 302, response.context and response.context["errors"]
    form.refresh_from_db()
    assert (form.status, form.checker) == (Submission.Status.SUBMITTED, user)
    return form


def refused_by_page(client, user, form, **overrides) -> dict:
    """A filling the form refuses: the page answers 422 with the field errors, nothing is saved."""
    response = post_form(client, user, form, **overrides)
    assert response.status_code == 422
    return response.context["errors"]


def review_by_page(client, user, form, *, reason="") -> Submission:
    """审核: approve, or return with a reason when one is given."""
    client.force_login(user)
    form.refresh_from_db()
    data = {"version": form.version, "action": "return" if reason else "approve", "reason": reason}
    assert client.post(reverse("checklists:review", args=[form.pk]), data).status_code == 302
    form.refresh_from_db()
    assert form.status == (Submission.Status.RETURNED if reason else Submission.Status.APPROVED)
    return form


def paper_header(client, user, form) -> list[str]:
    """The header lines the form page prints above the questions, as text."""
    client.force_login(user)
    body = client.get(reverse("checklists:submission", args=[form.pk])).content.decode()
    return [unescape(line) for line in re.findall(r'<p class="header-line">(.*?)</p>', body)]


def act_on_problem(client, user, problem, action, **data):
    client.force_login(user)
    response = client.post(reverse("rectification:act", args=[problem.pk, action]), data)
    assert response.status_code == 302
    problem.refresh_from_db()
    return problem


def act_and_tell(client, user, problem, action, url=None, **data) -> list[str]:
    """Act on the problem's page (or post to `url`) and return the messages the page then shows."""
    client.force_login(user)
    client.get(problem.get_absolute_url())  # shows (and so clears) what earlier steps said
    response = client.post(url or reverse("rectification:act", args=[problem.pk, action]), data, follow=True)
    assert response.status_code == 200
    problem.refresh_from_db()
    return [str(m) for m in response.context["messages"]]


def inspect_by_page(client, inspector, inspection: Inspection, **overrides) -> Inspection:
    client.force_login(inspector)
    inspection.refresh_from_db()
    response = client.post(reverse("spotchecks:inspection", args=[inspection.pk]), {
        **answers(inspection.template, **overrides), "version": inspection.version, "action": "submit"})
    assert response.status_code == 302, response.context and (response.context["errors"], response.context["conflict"])
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.SUBMITTED
    return inspection


def export_by_page(client, user, capture, campaign, unit, kind, template=None):
    """Ask for an export from the campaign page, let the worker make it, download it, open the sheet."""
    client.force_login(user)
    data = {"campaign": campaign.pk, "unit": unit.code, "kind": kind, "template": template.pk if template else ""}
    with capture(execute=True):
        response = client.post(reverse("exports:request"), data)
    job = ExportJob.objects.filter(requested_by=user).latest("pk")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    download = client.get(reverse("exports:download", args=[job.pk]))
    return load_workbook(io.BytesIO(b"".join(download.streaming_content))).active


def header_row(ws) -> list[str]:
    """Column labels: the second header row, or the first where a one-level column spans both."""
    return [bottom.value or top.value for top, bottom in zip(ws[3], ws[4])]


def question_headers(template) -> list[str]:
    """What an appendix export heads its answer columns with: every question's whole text (and its unit),
    each item's flags followed by the item's 问题描述 column."""
    labels = []
    for section in template.sections.order_by("position"):
        questions = list(section.questions.order_by("position"))
        labels += [q.text + (f"（{q.unit}）" if q.unit else "") for q in questions]
        labels += ["问题描述"] if any(q.is_flag for q in questions) else []
    return labels


def draw_by_page(client, office, campaign, *, unit_code, kind, subject, strata, size, seed):
    """抽样 on the campaign's spot-check page, then 发布: the sample is fixed and its inspections made."""
    from spotchecks.models import SpotCheck

    client.force_login(office)
    response = client.post(reverse("spotchecks:campaign", args=[campaign.pk]), {
        "unit_code": unit_code, "kind": kind, "subject": subject, "strata": strata, "size_per_stratum": size,
        "seed": seed})
    assert response.status_code == 302, response.context and response.context["form"].errors
    spot_check = SpotCheck.objects.filter(campaign=campaign, drawn_by=office).latest("pk")
    assert client.post(reverse("spotchecks:act", args=[spot_check.pk, "publish"])).status_code == 302
    spot_check.refresh_from_db()
    assert spot_check.status == SpotCheck.Status.PUBLISHED
    return spot_check


def assign_by_page(client, office, spot_check, county_code, inspector) -> str:
    """安排检查人员; returns the message the page shows (an error when the inspector is refused)."""
    client.force_login(office)
    response = client.post(reverse("spotchecks:assign", args=[spot_check.pk]),
                           {"county_code": county_code, "inspector": inspector.username}, follow=True)
    return " ".join(str(m) for m in response.context["messages"])


def seed_lines(number: str) -> list[str]:
    """The seed plan's lines, each without its whitespace (the seeds break and pad lines at random)."""
    return [squash(line) for line in seed_text(number).splitlines() if line.strip()]
