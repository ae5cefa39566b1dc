"""The writes of 报送 and 通报: each checks the actor once at the entrance, and every object it touches."""

import tempfile
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability
from accounts.scoping import can
from campaigns.models import Campaign
from campaigns.services import shift_year, years_moved
from core import guards
from exports import jobs as export_jobs, tables as export_tables

from . import documents, selectors
from .models import Bulletin, Report, ReportDue, ReportEvent
from .uploads import check_report_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Refused(Exception):
    """A write the rules do not allow; the message is Chinese and says why."""


@transaction.atomic
def add_report_due(*, by, campaign, title: str, kind: str, level: str, repeat: str, first_due: date,
                   last_due: date | None = None, signer_title: str = "", generated: str = "",
                   note: str = "") -> ReportDue:
    if not selectors.may_manage(by, campaign):
        raise PermissionDenied("只有组织本专项行动的办公室可以设定报送要求")
    guards.require_open(campaign.pk)
    if repeat == ReportDue.Repeat.WEEKLY:
        if last_due is None or last_due < first_due:
            raise Refused("每周报送须填写最后一次截止日期，且不早于第一次截止日期")
    else:
        last_due = None
    return ReportDue.objects.create(campaign=campaign, title=title, kind=kind, level=level, repeat=repeat,
                                    first_due=first_due, last_due=last_due, signer_title=signer_title,
                                    generated=generated, note=note, created_by=by)


def on_campaign_copied(event) -> None:
    """A campaign like the last one (CampaignCopied, heard inside the copy's transaction) owes the same
    reports, each due date moved by the years its phases move (campaigns.services.years_moved)."""
    source = Campaign.objects.get(pk=event.source_id)
    campaign = Campaign.objects.get(pk=event.campaign_id)
    years = years_moved(source, campaign.year)
    kept = [f.attname for f in ReportDue._meta.concrete_fields
            if f.attname not in ("id", "campaign_id", "created_by_id", "created_at", "first_due", "last_due")]
    ReportDue.objects.bulk_create([
        ReportDue(campaign=campaign, created_by_id=event.by_id, first_due=shift_year(due.first_due, years),
                  last_due=due.last_due and shift_year(due.last_due, years),
                  **{name: getattr(due, name) for name in kept})
        for due in ReportDue.objects.filter(campaign=source).order_by("pk")])


@dataclass
class Document:
    name: str
    content_type: str
    content: bytes


def generated_document(due: ReportDue, unit, by) -> Document:
    """The unit's Excel made from the site's data through exports: its ledger or its summary table."""
    if due.generated == ReportDue.Generated.LEDGER:
        table = export_tables.ledger_table(due.campaign, unit, by, {})
    elif due.generated == ReportDue.Generated.SUMMARY:
        table = export_tables.summary_table(due.campaign, unit)
    else:
        raise Refused("该报送材料须上传文件，不能由系统生成")
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        export_jobs.write_workbook(table, handle.name)
        handle.seek(0)
        content = handle.read()
    return Document(f"{due.title}-{unit.name}.xlsx", XLSX, content)


@transaction.atomic
def hand_in(*, by, due: ReportDue, unit, due_date: date, signer_name: str, signed_on: date, upload=None,
            generate: bool = False) -> Report:
    """报送: the unit's own document for one due date, uploaded or generated; again after a return."""
    if not selectors.hands_in_for(by, unit):
        raise PermissionDenied("只能报送本单位的材料")
    guards.require_open(due.campaign_id)  # a closed campaign's archive holds its reports: none after it
    if not selectors.owing_units(due).filter(pk=unit.pk).exists():
        raise Refused("本单位不在该材料的报送范围内")
    if not due.is_due_on(due_date):
        raise Refused("该截止日期不是这份材料的报送期次")
    if not signer_name.strip():
        raise Refused("请填写签字人姓名")
    if generate:
        document = generated_document(due, unit, by)
        stored = f"{timezone.now():%Y%m%d%H%M%S}.xlsx"
        source, size = Report.Source.GENERATED, len(document.content)
    elif upload is not None:
        content_type, stored = check_report_file(upload)
        document = Document(upload.name[:200], content_type, upload.read())
        source, size = Report.Source.UPLOAD, upload.size
    else:
        raise Refused("请上传文件，或选择由系统生成")
    report = Report.objects.select_for_update().filter(due=due, unit=unit, due_date=due_date).first()
    if report is not None and report.status == Report.Status.SUBMITTED:
        raise Refused("这份材料已报送；如需更正，请联系上级办公室退回后重新报送")
    now = timezone.now()
    report = report or Report(due=due, unit=unit, due_date=due_date)
    report.status, report.source = Report.Status.SUBMITTED, source
    report.original_name, report.content_type, report.size = document.name, document.content_type, size
    report.signer_name, report.signed_on = signer_name.strip(), signed_on
    report.submitted_by, report.submitted_at = by, now
    report.file.save(stored, ContentFile(document.content), save=False)
    report.save()
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, by=by, at=now,
                               note=f"签字人：{report.signer_name}（{signed_on:%Y-%m-%d}）")
    return report


@transaction.atomic
def return_report(report: Report, *, by, reason: str) -> Report:
    """退回: the office above the unit sends a handed-in report back with a reason; the unit hands it in again."""
    report = Report.objects.select_for_update().select_related("unit", "due__campaign").get(pk=report.pk)
    if not selectors.may_review(by, report.unit):
        raise PermissionDenied("只有上级办公室可以退回报送材料")
    guards.require_open(report.due.campaign_id)
    if report.status != Report.Status.SUBMITTED:
        raise Refused("这份材料已经退回，正在等待重新报送")
    if not reason.strip():
        raise Refused("请填写退回原因")
    now = timezone.now()
    report.status, report.return_reason, report.returned_by, report.returned_at = (
        Report.Status.RETURNED, reason.strip(), by, now)
    report.save(update_fields=["status", "return_reason", "returned_by", "returned_at"])
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.RETURN, by=by, at=now, note=reason.strip())
    return report


@transaction.atomic
def issue_bulletin(*, by, campaign, ranking, title: str, document_number: str, period_start: date,
                   period_end: date, praised: list[str], criticized: list[str], issuing_office: str,
                   issued_on: date) -> Bulletin:
    """通报: written from a frozen weekly ranking, with the units the office chose to praise and criticize."""
    if ranking.campaign_id != campaign.pk or not can(by, ranking.unit.code, Capability.MANAGE):
        raise PermissionDenied("只能就本单位管辖范围内的周排名发通报")
    guards.require_open(campaign.pk)
    ranked = set(ranking.entries.values_list("unit_id", flat=True))
    if not set(praised) <= ranked or not set(criticized) <= ranked:
        raise Refused("表扬、批评的单位须是本期排名中的单位")
    if set(praised) & set(criticized):
        raise Refused("同一单位不能同时表扬和批评")
    if period_end < period_start:
        raise Refused("通报期间的结束日期不能早于开始日期")
    bulletin = Bulletin(campaign=campaign, unit=ranking.unit, ranking=ranking, title=title.strip(),
                        document_number=document_number.strip(), period_start=period_start,
                        period_end=period_end, praised=list(praised), criticized=list(criticized),
                        issuing_office=issuing_office.strip(), issued_on=issued_on, created_by=by)
    bulletin.figures = documents.gather_figures(by=by, ranking=ranking, praised=praised, criticized=criticized,
                                                today=timezone.localdate())
    stem = f"{ranking.unit.code}-{ranking.week:%Y%m%d}-{timezone.now():%H%M%S}"
    bulletin.docx.save(f"{stem}.docx", ContentFile(documents.write_docx(bulletin)), save=False)
    bulletin.save()  # the PDF is made from the same stored figures when it is first asked for (bulletin_pdf)
    return bulletin


def bulletin_pdf(bulletin: Bulletin):
    """The bulletin's PDF, made once from its stored figures (a CJK PDF takes seconds: not made until wanted)."""
    if not bulletin.pdf:
        stem = f"{bulletin.unit.code}-{bulletin.ranking.week:%Y%m%d}-{bulletin.pk}"
        bulletin.pdf.save(f"{stem}.pdf", ContentFile(documents.write_pdf(bulletin)), save=False)
        Bulletin.objects.filter(pk=bulletin.pk).update(pdf=bulletin.pdf.name)
    return bulletin.pdf


@transaction.atomic
def publish_bulletin(bulletin: Bulletin, *, by) -> Bulletin:
    """发布: the units under the bulletin's unit see it on their pages."""
    bulletin = Bulletin.objects.select_for_update().select_related("unit").get(pk=bulletin.pk)
    if not selectors.may_manage_bulletin(by, bulletin):
        raise PermissionDenied("只有发文单位可以发布通报")
    guards.require_open(bulletin.campaign_id)
    if bulletin.is_published:
        raise Refused("这份通报已经发布")
    bulletin.published_at, bulletin.published_by = timezone.now(), by
    bulletin.save(update_fields=["published_at", "published_by"])
    return bulletin
