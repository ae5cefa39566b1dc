"""One shared set of objects for the whole-project tests (the URL table and the fuzzing of every endpoint).

Two counties of one city, each with the same things in it, built once per test module:

city 4113 ─┬─ county 411322 (world "inside": the personas' county)
           └─ county 411321 (world "outside": the outsider's county)

In each: a household, a campaign with its work list, a problem routed to the county's 卫健 with a
deadline and a pending extension request, an evidence file, a published county review (县级复核)
with its office as inspector, a finished ledger export and a roster upload, all made by the
county's office. Each test runs in a savepoint of the module's transaction, so what a test
writes is rolled back and the next one sees the same world.
"""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings

from accounts.roles import Role
from tests.factories import make_campaign, make_household, make_unit, make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PERSONAS = ["checker", "reviewer", "township_office", "county_office", "city_office", "department", "viewer",
            "outsider", "anonymous"]
FORM_CODES = ["fangcheng-household", "fangcheng-village", "fangcheng-township", "fangcheng-county"]


@dataclass
class County:
    """The objects of one county, each made by its office."""

    county: object
    township: object
    village: object
    office: object
    department: object
    department_user: object
    household: object
    campaign: object
    submission: object
    problem: object
    extension: object
    evidence: object
    spot_check: object
    inspection: object
    export: object
    upload: object
    other_campaign: object = None
    case: object = None  # a 问责 case on the township, opened by the county office, with one clue file
    clue: object = None
    report_due: object = None  # paperwork: the townships' 工作总结, handed in by the township's office
    report: object = None
    bulletin: object = None  # paperwork: a draft 通报 of the county's weekly ranking


@dataclass
class World:
    inside: County
    outside: County
    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)


def load_templates():
    from checklists.definitions import load_all
    from checklists.models import ChecklistTemplate
    from checklists.services import load_template

    for data in load_all():
        if data["code"] in FORM_CODES:
            load_template(data)
    return [ChecklistTemplate.objects.get(code=code) for code in FORM_CODES]


def build_county(code: str, name: str, office_name: str, templates, *, office=None, department_user=None) -> County:
    from accountability import services as accountability
    from checklists.models import Submission
    from exports import jobs as export_jobs, services as exports
    from households.models import RosterUpload
    from rectification import extensions
    from rectification import services as ledger
    from spotchecks import services as spotchecks
    from units.models import Department

    county = make_unit(code, name)
    township = make_unit(f"{code}100", f"{name}一镇")
    village = make_unit(f"{code}100001", f"{name}一村", village_type="poverty_exited")
    household = make_household(village, has_elderly=True)
    office = office or make_user(office_name, Role.COUNTY_OFFICE, county)
    if department_user is None:
        department_user = make_user(f"{office_name}_health", Role.DEPARTMENT, county, department="卫健委")
    department = Department.objects.get(county=county, name="卫健委")
    campaign = make_campaign(county, templates, by=office, name=f"{name}回头看")
    other_campaign = make_campaign(county, templates[:1], by=office, name=f"{name}下一轮", year=2027)
    submission = Submission.objects.get(campaign=campaign, household=household)

    problem = ledger.record_problem(by=office, campaign=campaign, unit=village, source="unannounced",
                                    category="住房保障", description="墙体开裂", department=department)
    ledger.assign(problem, by=office, mode="deadline", deadline=date.today() + timedelta(days=10))
    extension = extensions.request_extension(problem, by=department_user, proposed_deadline=date.today()
                                             + timedelta(days=30), reason="雨季施工困难")
    ledger.add_note(problem, by=office, text="已入户核实",
                    files=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")])
    problem.refresh_from_db()
    _help_back(office, department_user, department, campaign, county, problem)

    spot_check = spotchecks.create_spot_check(by=office, campaign=campaign, unit=county, kind="county",
                                              subject="village", strata="none", size_per_stratum=1, seed=5)
    spotchecks.publish(spot_check, by=office)
    spotchecks.assign_inspector(spot_check, by=office, county_code=county.code, inspector=office)

    export = exports.request_export(by=office, kind="ledger", campaign=campaign, unit=county)
    export_jobs.run(export)
    report_due, report, bulletin = build_paperwork(campaign, county, township, office)
    upload = RosterUpload(uploaded_by=office, original_name="花名册.xlsx")
    upload.file.save("roster.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    upload.save()
    case = accountability.open_case(by=office, reason="unannounced", unit=township, summary="暗访发现入户排查走过场",
                                    evidence_text="3 户未见排查人员", campaign=campaign,
                                    files=[SimpleUploadedFile("暗访.png", PNG, content_type="image/png")])
    return County(county=county, township=township, village=village, office=office, department=department,
                  department_user=department_user, household=household, campaign=campaign, submission=submission,
                  problem=problem, extension=extension, evidence=problem.evidence.get(), spot_check=spot_check,
                  inspection=spot_check.inspections.order_by("pk").first(), export=export, upload=upload,
                  other_campaign=other_campaign, case=case, clue=case.clues.get(), report_due=report_due,
                  report=report, bulletin=bulletin)


def _help_back(office, department_user, department, campaign, county, problem) -> None:
    """回头帮: the office hands the county's lists (the village's for 卫健 among them); 卫健 starts its yearly
    plan (a draft) with one line covering the problem. The URL table finds them by campaign and department."""
    from assistance import services as assistance

    assistance.hand_help_lists(by=office, campaign=campaign, unit=county, deadline=date.today() + timedelta(days=30))
    plan = assistance.create_plan(by=department_user, kind="department", year=campaign.year, department=department)
    assistance.save_line(by=department_user, plan=plan, problems=[problem], data={
        "target": "危房改造", "standard": "住房安全", "deadline": date.today() + timedelta(days=30), "persons": "张科长"})




def build_paperwork(campaign, county, township, office):
    from dashboards import rollup
    from dashboards.ranking import freeze
    from paperwork import services as paperwork

    today = date.today()
    report_due = paperwork.add_report_due(by=office, campaign=campaign, title="集中整改工作总结", kind="summary",
                                          level="township", repeat="once", first_due=today + timedelta(days=10),
                                          signer_title="乡镇党委书记")
    township_office = make_user(f"{office.username}_township", Role.TOWNSHIP_OFFICE, township)
    report = paperwork.hand_in(by=township_office, due=report_due, unit=township, due_date=report_due.first_due,
                               signer_name="张书记", signed_on=today,
                               upload=SimpleUploadedFile("总结.pdf", b"%PDF-1.4\n%%EOF\n",
                                                         content_type="application/pdf"))
    rollup.refresh(campaign, None, today=today)
    ranking = freeze(campaign, county, today)
    bulletin = paperwork.issue_bulletin(by=office, campaign=campaign, ranking=ranking, title="工作进展情况通报",
                                        document_number="回头看办〔2026〕1号", period_start=today - timedelta(days=7),
                                        period_end=today, praised=[], criticized=[], issuing_office="县办",
                                        issued_on=today)
    return report_due, report, bulletin


def build_world() -> World:
    templates = load_templates()
    inside_county = make_unit("411322", "方城县")
    users = {"county_office": make_user("county_office", Role.COUNTY_OFFICE, inside_county),
             "department": make_user("dept_health", Role.DEPARTMENT, inside_county, department="卫健委")}
    inside = build_county("411322", "方城县", "county_office", templates, office=users["county_office"],
                          department_user=users["department"])
    outside = build_county("411321", "外县", "outsider", templates)
    users.update(
        checker=make_user("checker", Role.CHECKER, inside.village),
        reviewer=make_user("reviewer", Role.REVIEWER, inside.village),
        township_office=make_user("township_office", Role.TOWNSHIP_OFFICE, inside.township),
        city_office=make_user("city_office", Role.CITY_OFFICE, inside.county.parent),
        viewer=make_user("inspector", Role.VIEWER, inside.county),
        outsider=outside.office,
    )
    _assign_helpers(inside, outside, users)
    return World(inside=inside, outside=outside, users=users)


def _assign_helpers(inside: County, outside: County, users: dict) -> None:
    """帮扶责任人: the village's checker helps the inside household, the outsider the outside one."""
    from visits import services as visits

    visits.assign_helper(by=inside.office, household_ids=[inside.household.pk], helper=users["checker"], name="李帮扶")
    visits.assign_helper(by=outside.office, household_ids=[outside.household.pk], helper=outside.office,
                         name="赵帮扶")


@pytest.fixture(scope="module")
def state_tables():
    from accountability.models import AccountabilityCase, CaseStep, Clue
    from auditlog.models import LogEntry
    from campaigns.models import Campaign
    from checklists.models import Submission
    from exports.models import ExportJob
    from households.models import Household, RosterUpload
    from rectification.models import Evidence, ExtensionRequest, Problem, ProblemEvent
    from paperwork.models import Bulletin, Report, ReportDue, ReportEvent
    from spotchecks.models import Inspection, InspectorAssignment, SpotCheck
    from units.models import Department
    from visits.models import Satisfaction, Visit

    return [Department, Campaign, Submission, ExportJob, Household, RosterUpload, Evidence, ExtensionRequest, Problem,
            ProblemEvent, Inspection, InspectorAssignment, SpotCheck, LogEntry, get_user_model(),
            AccountabilityCase, CaseStep, Clue, Visit, Satisfaction,
            ReportDue, Report, ReportEvent, Bulletin]


def state(tables) -> dict:
    """Every row of the tables a request could write, compared before and after a refused one:
    {table: its rows}. Read in one query without the ORM: PostgreSQL gives an MD5 of each table's
    rows as text (every column, in primary-key order), SQLite the raw rows. (Before: one ORM
    query per table, about half the time of the URL table.)"""
    from django.db import connection

    quote = connection.ops.quote_name
    names = [model._meta.db_table for model in tables]
    if connection.vendor == "postgresql":
        digests = ", ".join(
            f"(SELECT md5(coalesce(string_agg(whole_row::text, E'\\n' ORDER BY whole_row.{quote(model._meta.pk.column)}), '')) "
            f"FROM {quote(model._meta.db_table)} whole_row)" for model in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {digests}")
            return dict(zip(names, cursor.fetchone(), strict=True))
    rows = {}
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"SELECT * FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}")
            rows[model._meta.db_table] = cursor.fetchall()
    return rows


def logged_in_clients(users: dict) -> dict:
    clients = {"anonymous": Client()}
    for persona, user in users.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    for client in clients.values():
        client.raise_request_exception = False
    return clients


def world_fixture():
    """A module-scoped fixture building the world once, rolled back at the module's end."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp("media")
        fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast):
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                built = build_world()
                built.clients = logged_in_clients(built.users)
                yield built
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return world


def upload_bytes(content: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer
