"""Closing a campaign (issue 18.5): a confirmation first, then the campaign is read-only everywhere and
its archive — signed forms as PDF, each county's ledger and summary — is stored with a manifest whose
every checksum is recomputed here, kept for its retention, downloadable by each office for its part."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from archives import builder, services
from archives.models import Archive, ArchiveFile
from checklists import services as forms
from checklists.models import Question, Submission
from checklists.tests.test_entry_and_review import post_form, review
from core.guards import CampaignFrozen
from exports import jobs as export_jobs
from exports import services as exports
from exports.models import ExportJob
from rectification import services as ledger
from rectification.models import Problem
from spotchecks import services as spotchecks


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the archives' storage (a FileSystemStorage) follows it


@pytest.fixture
def storage():
    return ArchiveFile._meta.get_field("file").storage


@pytest.fixture
def signed_form(client, campaign, household, checker, reviewer):
    form = Submission.objects.get(campaign=campaign, household=household)
    client.force_login(checker)
    assert post_form(client, form, housing_unsafe="yes", housing_unsafe__desc="东墙开裂").status_code == 302
    client.force_login(reviewer)
    review(client, form, "approve")
    form.refresh_from_db()
    assert form.status == Submission.Status.APPROVED
    return form


@pytest.fixture
def closed(client, campaign, signed_form, county_office, django_capture_on_commit_callbacks):
    client.force_login(county_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archives:close", args=[campaign.pk]), {"retention_years": "2", "confirm": "on"})
    assert response.status_code == 302
    archive = Archive.objects.get(campaign=campaign)
    assert archive.status == Archive.Status.DONE
    return archive


def test_closing_asks_for_a_confirmation_and_a_retention_of_at_least_a_year(client, campaign, county_office):
    client.force_login(county_office)
    url = reverse("archives:close", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "确认结束并归档" in page and "只能查看" in page
    response = client.post(url, {"retention_years": "2"})
    assert response.status_code == 422 and "请勾选确认" in response.content.decode()
    response = client.post(url, {"retention_years": "0", "confirm": "on"})
    assert response.status_code == 422 and "保存期限不得少于 1 年" in response.content.decode()
    assert not Archive.objects.exists()
    with pytest.raises(services.ArchiveError, match="保存期限不得少于 1 年"):
        services.close_campaign(campaign, by=county_office, retention_years=0)


def test_only_the_owning_office_closes(client, campaign, township_office, outsider):
    for user in (township_office, outsider):
        client.force_login(user)
        response = client.post(reverse("archives:close", args=[campaign.pk]), {"retention_years": "1", "confirm": "on"})
        assert response.status_code == 404
    assert not Archive.objects.exists()


def test_a_closed_campaign_refuses_every_write_with_a_chinese_message(client, closed, campaign, household,
                                                                     village, county, checker, county_office):
    other = Submission.objects.get(campaign=campaign, unit=village, household=None, template__level="village")
    with pytest.raises(CampaignFrozen, match="已结束并归档"):
        forms.save_draft(other, by=checker, data={}, version=other.version)
    problem = Problem.objects.get(campaign=campaign)
    with pytest.raises(CampaignFrozen):
        ledger.withdraw(problem, by=county_office, reason="误报")
    with pytest.raises(CampaignFrozen):
        ledger.record_problem(by=county_office, campaign=campaign, unit=village, source="unannounced",
                              category="住房保障", description="墙体开裂")
    with pytest.raises(CampaignFrozen):
        spotchecks.create_spot_check(by=county_office, campaign=campaign, unit=county, kind="county",
                                     subject="village", strata="none", size_per_stratum=1, seed=5)
    # through the page: the message on the page the user came from, nothing written
    client.force_login(checker)
    version = other.version
    response = client.post(reverse("checklists:submission", args=[other.pk]), {"action": "save", "version": version},
                           HTTP_REFERER=reverse("checklists:submission", args=[other.pk]), follow=True)
    assert "该专项行动已结束并归档，只能查看" in response.content.decode()
    other.refresh_from_db()
    assert (other.version, other.status) == (version, Submission.Status.NOT_STARTED)
    assert Problem.objects.filter(campaign=campaign).count() == 1


def test_a_closed_campaign_refuses_a_fragment_request_by_reloading_the_page(client, closed, campaign, reviewer,
                                                                           checker):
    form = Submission.objects.filter(campaign=campaign, household__isnull=False).first()
    Submission.objects.filter(pk=form.pk).update(status=Submission.Status.SUBMITTED, checker=checker)
    client.force_login(reviewer)
    response = client.post(reverse("checklists:review", args=[form.pk]), {"action": "approve", "version": form.version},
                           HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Refresh"], response.content) == (200, "true", b"")
    assert "该专项行动已结束并归档，只能查看" in client.get(reverse("home")).content.decode()
    form.refresh_from_db()
    assert form.status == Submission.Status.SUBMITTED


def read_manifest(archive) -> dict:
    with archive.manifest.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == archive.manifest_sha256
    return json.loads(content)


def test_the_manifest_matches_every_stored_file(closed, campaign, county, signed_form, storage, tmp_path):
    manifest = read_manifest(closed)
    assert manifest["campaign"]["document_number"] == campaign.document_number
    entries = manifest["files"]
    assert [e["path"] for e in entries] == list(ArchiveFile.objects.filter(archive=closed).values_list("path", flat=True))
    assert storage.path(closed.manifest.name).startswith(str(tmp_path))
    for entry, stored in zip(entries, ArchiveFile.objects.filter(archive=closed).order_by("path")):
        with storage.open(stored.file.name, "rb") as handle:
            content = handle.read()
        assert (hashlib.sha256(content).hexdigest(), len(content)) == (entry["sha256"], entry["size"]), entry["path"]
    folder = f"{county.code} {county.name}"
    signed = Submission.objects.filter(campaign=campaign, status=Submission.Status.APPROVED)
    assert sorted((e["kind"], e["path"]) for e in entries) == sorted(
        [("问题台账", f"{folder}/问题台账.xlsx"), ("汇总表", f"{folder}/汇总表.xlsx")]
        + [("签字排查表", f"{folder}/签字排查表/{f.unit.full_name}/{f.template.code}-{f.subject_name}-{f.pk}.pdf")
           for f in signed])
    pdf = ArchiveFile.objects.get(archive=closed, kind="签字排查表")
    with pdf.file.open("rb") as handle:
        text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(handle.read())).pages)
    for question in Question.objects.filter(template=signed_form.template, kind="flag"):
        assert "".join(question.text.split()) in text
    assert (closed.files_done, closed.files_total, closed.percent) == (3, 3, 100)


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_each_office_downloads_its_part_and_its_checksums_hold(client, closed, campaign, county_office,
                                                              township_office, outsider):
    client.force_login(county_office)
    bundle = zip_of(client.get(reverse("archives:download", args=[campaign.pk])))
    manifest = json.loads(bundle.read("manifest.json"))
    assert {e["path"] for e in manifest["files"]} | {"manifest.json"} == set(bundle.namelist())
    for entry in manifest["files"]:
        content = bundle.read(entry["path"])
        assert (hashlib.sha256(content).hexdigest(), len(content)) == (entry["sha256"], entry["size"])
    assert len(manifest["files"]) == 3
    client.force_login(township_office)  # its villages' forms, not the county's ledger
    part = json.loads(zip_of(client.get(reverse("archives:download", args=[campaign.pk]))).read("manifest.json"))
    assert [e["kind"] for e in part["files"]] == ["签字排查表"]
    client.force_login(outsider)
    assert client.get(reverse("archives:download", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("archives:detail", args=[campaign.pk])).status_code == 404


def test_a_damaged_file_is_never_handed_out(client, closed, campaign, county_office, storage):
    stored = ArchiveFile.objects.filter(archive=closed, kind="问题台账").get()
    with open(storage.path(stored.file.name), "wb") as handle:
        handle.write(b"altered")
    client.force_login(county_office)
    with pytest.raises(ValueError, match="存档文件校验失败"):
        client.get(reverse("archives:download", args=[campaign.pk]))


def test_exports_still_expire_and_archives_stay_until_their_retention_ends(closed, campaign, county, county_office,
                                                                          storage):
    job = exports.request_export(by=county_office, kind="ledger", campaign=campaign, unit=county)
    export_jobs.run(job)
    later = timezone.now() + timedelta(days=30)
    assert export_jobs.purge_expired(later) >= 1 and not ExportJob.objects.filter(pk=job.pk).exists()
    assert builder.purge_expired(closed.keep_until) == 0  # the last day of retention: kept
    names = [f.file.name for f in closed.files.all()]
    assert all(storage.exists(name) for name in names)
    assert closed.keep_until == Archive.keep_until_for(timezone.localdate(), 2)
    assert builder.purge_expired(closed.keep_until + timedelta(days=1)) == 1
    assert not any(storage.exists(name) for name in names)
    closed.refresh_from_db()
    assert closed.status == Archive.Status.PURGED
    assert services.frozen_reason(campaign.pk)  # the campaign stays closed


def test_building_again_keeps_what_is_stored_and_the_same_manifest(closed):
    first = read_manifest(closed)
    names = {f.path: f.file.name for f in closed.files.all()}
    Archive.objects.filter(pk=closed.pk).update(status=Archive.Status.FAILED)  # as if the worker died at the end
    again = builder.build(closed.pk)
    assert again.status == Archive.Status.DONE and read_manifest(again)["files"] == first["files"]
    assert {f.path: f.file.name for f in again.files.all()} == names
