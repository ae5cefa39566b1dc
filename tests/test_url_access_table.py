"""Every door of the project, tried by every persona on an object inside and one outside its scope.

The table below lists each URL pattern and API endpoint (all but admin/, whose scoping has its own
tests in accounts/tests/test_scoping.py) with, per persona, the answer for the object of the
personas' county (方城县 411322) and for the same object of the outsider's county (411321): for the
outsider the second is the one inside its scope. Hidden and missing are the same 404; an anonymous
visitor is sent to the login page (302) or refused by the API (401). A list page answers "shown" or
"hidden": 200 with or without a link to the object. A refused POST (4xx) must change nothing.

A URL pattern that is not in the table fails `test_every_url_pattern_is_in_the_table`: a new page
is added here, with its answers, before it ships.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import PASSWORD
from tests.world import PERSONAS, County, World, state, state_tables, world_fixture  # noqa: F401

world = world_fixture()


@dataclass(frozen=True)
class Door:
    method: str
    url: Callable[[County], str]
    inside: tuple  # one answer per persona, in PERSONAS order
    outside: tuple | None = None  # None: the same as inside (a page without an object)
    data: Callable[[World, County, str], dict] | None = None
    marker: Callable[[County], str] | None = None  # a list page: whether this text is shown
    fresh_session: bool = False  # the request ends the session: a new one for it


SHOWN, HIDDEN = "shown", "hidden"


def r(name, *args):
    return lambda c: reverse(name, args=[a(c) if callable(a) else a for a in args])


def link(name, attr):
    return lambda c: reverse(name, args=[getattr(c, attr).pk])


DOORS: dict[str, Door] = {}


def door(name, method, url, inside, outside=None, **options):
    DOORS[name] = Door(method, url, tuple(inside), tuple(outside) if outside else None, **options)

S, H = SHOWN, HIDDEN

# Each door: the answers for the personas' county's object, then (if the page has an object) for the
# outsider's county's object. "302+" is a POST that wrote rows; a bare 302 after a POST wrote nothing
# (a refusal shown as a message on the page it redirects to). Columns, in PERSONAS order:
#   checker reviewer township county city department viewer outsider anonymous
# Pages without an object of their own
door("home", "GET", lambda c: reverse("home"),
     (200, 200, 200, 200, 200, 200, 200, 200, 302))
door("health", "GET", lambda c: reverse("health"),
     (200, 200, 200, 200, 200, 200, 200, 200, 200))
door("favicon", "GET", lambda c: reverse("favicon"),
     (301, 301, 301, 301, 301, 301, 301, 301, 301))
door("login", "GET", lambda c: reverse("login"),
     (200, 200, 200, 200, 200, 200, 200, 200, 200))
door("logout", "POST", lambda c: reverse("logout"),
     (302, 302, 302, 302, 302, 302, 302, 302, 302), fresh_session=True)
door("accounts:password_change", "GET", lambda c: reverse("accounts:password_change"),
     (200, 200, 200, 200, 200, 200, 200, 200, 302))
door("accounts:password_changed", "GET", lambda c: reverse("accounts:password_changed"),
     (200, 200, 200, 200, 200, 200, 200, 200, 302))

# Units and households
door("units:detail", "GET", lambda c: reverse("units:detail", args=[c.village.code]),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("units:picker", "GET", lambda c: reverse("units:picker") + f"?parent={c.township.code}",
     (404, 404, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("units:village_status_import", "GET", lambda c: reverse("units:village_status_import"),
     (404, 404, 404, 200, 200, 404, 404, 200, 302))
door("households:detail", "GET", link("households:detail", "household"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("households:reveal", "POST", link("households:reveal", "household"),
     ("200+", "200+", "200+", "200+", "200+",  403,  403,  404,  302),
     ( 404,  404,  404,  404, "200+",  404,  404, "200+",  302),
     data=lambda w, c, p: {"field": "phone", "reason": "入户核实联系方式"})
door("households:import", "GET", lambda c: reverse("households:import"),
     (404, 404, 200, 200, 200, 404, 404, 200, 302))
door("households:import_confirm", "POST", link("households:import_confirm", "upload"),
     (404, 404, 404, 302, 404, 404, 404, 404, 302),
     (404, 404, 404, 404, 404, 404, 404, 302, 302))

# Campaigns and their forms
door("campaigns:list", "GET", lambda c: reverse("campaigns:list"),
     (  S,   S,   S,   S,   S,   S,   S,   H, 302),
     (  H,   H,   H,   H,   S,   H,   H,   S, 302),
     marker=lambda c: reverse("campaigns:detail", args=[c.campaign.pk]))
door("campaigns:create", "GET", lambda c: reverse("campaigns:create"),
     (404, 404, 404, 200, 200, 404, 404, 200, 302))
door("campaigns:detail", "GET", link("campaigns:detail", "campaign"),
     (302, 302, 302, 302, 302, 302, 302, 404, 302),
     (404, 404, 404, 404, 302, 404, 404, 302, 302))
door("campaigns:unit", "GET", lambda c: reverse("campaigns:unit", args=[c.campaign.pk, c.village.code]),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("checklists:submission", "GET", link("checklists:submission", "submission"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("checklists:review", "POST", link("checklists:review", "submission"),
     (302, 302, 302, 302, 302, 302, 302, 404, 302),
     (404, 404, 404, 404, 302, 404, 404, 302, 302),
     data=lambda w, c, p: {"action": "return", "reason": "请补充收入情况", "version": c.submission.version})

# The ledger
door("rectification:ledger", "GET", lambda c: reverse("rectification:ledger"),
     (  S,   S,   S,   S,   S,   S,   S,   H, 302),
     (  H,   H,   H,   H,   S,   H,   H,   S, 302),
     marker=lambda c: reverse("rectification:detail", args=[c.problem.pk]))
door("rectification:record", "GET", lambda c: reverse("rectification:record"),
     (200, 200, 200, 200, 200, 200, 200, 200, 302))
door("rectification:bulk", "POST", lambda c: reverse("rectification:bulk"),
     ( 404,  404,  404, "302+", "302+",  404,  404,  302,  302),
     ( 404,  404,  404,  302, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"action": "reassign", "ids": [c.problem.pk], "department": c.department.pk})
door("rectification:detail", "GET", link("rectification:detail", "problem"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("rectification:act", "POST", lambda c: reverse("rectification:act", args=[c.problem.pk, "start"]),
     ( 302,  302,  302,  302,  302, "302+",  302,  404,  302),
     ( 404,  404,  404,  404,  302,  404,  404,  302,  302))
door("rectification:decide_extension", "POST",
     lambda c: reverse("rectification:decide_extension", args=[c.problem.pk, c.extension.pk]),
     ( 302,  302,  302, "302+", "302+",  302,  302,  404,  302),
     ( 404,  404,  404,  404, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"decision": "grant", "note": "同意"})
door("rectification:evidence", "GET", link("rectification:evidence", "evidence"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("rectification:carry_over", "POST", link("rectification:carry_over", "campaign"),
     ( 302,  302,  302, "302+", "302+",  302,  302,  404,  302),
     ( 404,  404,  404,  404, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"target": c.other_campaign.pk})

# Dashboards and exports
door("dashboards:unit", "GET", lambda c: reverse("dashboards:unit", args=[c.campaign.pk, c.county.code]),
     (404, 404, 404, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("dashboards:rebuild", "POST", lambda c: reverse("dashboards:rebuild", args=[c.campaign.pk, c.county.code]),
     (404, 404, 404, 302, 302, 404, 404, 404, 302),
     (404, 404, 404, 404, 302, 404, 404, 302, 302))
door("exports:list", "GET", lambda c: reverse("exports:list"),
     (  H,   H,   H,   S,   H,   H,   H,   H, 302),
     (  H,   H,   H,   H,   H,   H,   H,   S, 302),
     marker=lambda c: reverse("exports:detail", args=[c.export.pk]))
door("exports:request", "POST", lambda c: reverse("exports:request"),
     ( 404,  404,  404, "302+", "302+", "302+", "302+",  404,  302),
     ( 404,  404,  404,  404, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"kind": "ledger", "campaign": c.campaign.pk, "unit": c.county.code})
door("exports:detail", "GET", link("exports:detail", "export"),
     (404, 404, 404, 200, 404, 404, 404, 404, 302),
     (404, 404, 404, 404, 404, 404, 404, 200, 302))
door("exports:download", "GET", link("exports:download", "export"),
     (404, 404, 404, 200, 404, 404, 404, 404, 302),
     (404, 404, 404, 404, 404, 404, 404, 200, 302))

# Spot checks
door("spotchecks:campaign", "GET", link("spotchecks:campaign", "campaign"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("spotchecks:detail", "GET", link("spotchecks:detail", "spot_check"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("spotchecks:mine", "GET", lambda c: reverse("spotchecks:mine"),
     (  H,   H,   H,   S,   H,   H,   H,   H, 302),
     (  H,   H,   H,   H,   H,   H,   H,   S, 302),
     marker=lambda c: reverse("spotchecks:inspection", args=[c.inspection.pk]))
door("spotchecks:inspection", "GET", link("spotchecks:inspection", "inspection"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("spotchecks:assign", "POST", link("spotchecks:assign", "spot_check"),
     ( 404,  404,  404, "302+", "302+",  404,  404,  404,  302),
     ( 404,  404,  404,  404, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"county_code": c.county.code, "inspector": "city_office"})
door("spotchecks:report", "GET", link("spotchecks:report", "spot_check"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("reports:spot_check", "GET", link("reports:spot_check", "spot_check"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("spotchecks:act", "POST", lambda c: reverse("spotchecks:act", args=[c.spot_check.pk, "discard"]),
     (404, 404, 404, 302, 302, 404, 404, 404, 302),
     (404, 404, 404, 404, 302, 404, 404, 302, 302))

# The API
door("api-root", "GET", lambda c: reverse("api-root"),
     (200, 200, 200, 200, 200, 200, 200, 200, 401))
# The schema describes the endpoints and holds no data: it is public, like the login page.
door("api-schema", "GET", lambda c: reverse("api-schema"),
     (200, 200, 200, 200, 200, 200, 200, 200, 200))
door("api-token", "POST", lambda c: reverse("api-token"),
     (200, 200, 200, 200, 200, 200, 200, 200, 400),
     data=lambda w, c, p: {"username": w.users[p].username, "password": PASSWORD} if p in w.users else {})
door("unit-list", "GET", lambda c: reverse("unit-list"),
     (  S,   S,   S,   S,   S,   S,   S,   H, 401),
     (  H,   H,   H,   H,   S,   H,   H,   S, 401), marker=lambda c: f'"code":"{c.village.code}"')
door("unit-detail", "GET", lambda c: reverse("unit-detail", args=[c.village.code]),
     (200, 200, 200, 200, 200, 200, 200, 404, 401),
     (404, 404, 404, 404, 200, 404, 404, 200, 401))
door("household-list", "GET", lambda c: reverse("household-list"),
     (  S,   S,   S,   S,   S,   S,   S,   H, 401),
     (  H,   H,   H,   H,   S,   H,   H,   S, 401),
     marker=lambda c: f'"number":"{c.household.number}"')
door("household-detail", "GET", lambda c: reverse("household-detail", args=[c.household.pk]),
     (200, 200, 200, 200, 200, 200, 200, 404, 401),
     (404, 404, 404, 404, 200, 404, 404, 200, 401))

# 问责 cases: the county office and the city see and handle the township's case, nobody else sees it
door("accountability:list", "GET", lambda c: reverse("accountability:list"),
     (404, 404, 404,   S,   S, 404, 404,   H, 302),
     (404, 404, 404,   H,   S, 404, 404,   S, 302),
     marker=lambda c: reverse("accountability:detail", args=[c.case.pk]))
door("accountability:create", "GET", lambda c: reverse("accountability:create"),
     (404, 404, 404, 200, 200, 404, 404, 200, 302))
door("accountability:detail", "GET", link("accountability:detail", "case"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("accountability:transfer", "GET", link("accountability:transfer", "case"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("accountability:act", "POST", lambda c: reverse("accountability:act", args=[c.case.pk, "step"]),
     ( 404,  404,  404, "302+", "302+",  404,  404,  404,  302),
     ( 404,  404,  404,  404, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"kind": "interview", "happened_on": "2026-01-05", "note": "约谈乡镇党委书记"})
door("accountability:clue", "GET", link("accountability:clue", "clue"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))

# Printed forms and ledger (scoped like the form page and the ledger); a blank form is no secret
door("checklists:print", "GET", link("checklists:print", "submission"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("checklists:pdf", "GET", link("checklists:pdf", "submission"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("checklists:blank", "GET", lambda c: reverse("checklists:blank", args=[c.submission.template_id]),
     (200, 200, 200, 200, 200, 200, 200, 200, 302))
door("rectification:print", "GET", lambda c: reverse("rectification:print"),
     (  S,   S,   S,   S,   S,   S,   S,   H, 302),
     (  H,   H,   H,   H,   S,   H,   H,   S, 302),
     marker=lambda c: c.problem.display_number)
# Closing and archiving: only the office owning the campaign closes it; the world's campaigns are open,
# so their archive pages answer 404 to everyone (archives/tests/test_archive.py tries a closed one)
door("archives:close", "GET", link("archives:close", "campaign"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("archives:detail", "GET", link("archives:detail", "campaign"),
     (404, 404, 404, 404, 404, 404, 404, 404, 302),
     (404, 404, 404, 404, 404, 404, 404, 404, 302))
door("archives:download", "GET", link("archives:download", "campaign"),
     (404, 404, 404, 404, 404, 404, 404, 404, 302),
     (404, 404, 404, 404, 404, 404, 404, 404, 302))


# Campaign trainings (大培训) and a campaign like the last one (来年再看)
door("campaigns:trainings", "GET", link("campaigns:trainings", "campaign"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("campaigns:copy", "GET", link("campaigns:copy", "campaign"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))

# Helpers' visits (the checker helps the inside household, the outsider the outside one: tests/world.py)
door("visits:mine", "GET", lambda c: reverse("visits:mine"),
     (  S,   H,   H,   H,   H,   H,   H,   H, 302),
     (  H,   H,   H,   H,   H,   H,   H,   S, 302),
     marker=lambda c: reverse("visits:record", args=[c.household.pk]))
door("visits:household", "GET", link("visits:household", "household"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("visits:record", "GET", link("visits:record", "household"),
     (200, 404, 404, 404, 404, 404, 404, 404, 302),
     (404, 404, 404, 404, 404, 404, 404, 200, 302))
door("visits:month", "GET", lambda c: reverse("visits:month"),
     (404, 404,   S,   S,   S, 404, 404,   H, 302),
     (404, 404,   H,   H,   S, 404, 404,   S, 302),
     marker=lambda c: c.household.number)
door("visits:assign", "GET", lambda c: reverse("visits:assign"),
     (404, 404,   S,   S,   S, 404, 404,   H, 302),
     (404, 404,   H,   H,   S, 404, 404,   S, 302),
     marker=lambda c: c.household.number)
door("reports:visits_month", "GET", lambda c: reverse("reports:visits_month"),
     (404, 404, 200, 200, 200, 404, 404, 200, 302))

# The person's own list and a problem's measures
door("rectification:mine", "GET", lambda c: reverse("rectification:mine"),
     (200, 200, 200, 200, 200, 200, 200, 200, 302))
door("rectification:measure", "POST", lambda c: reverse("rectification:measure", args=[c.problem.pk]),
     ( 302,  302,  302, "302+", "302+", "302+",  302,  404,  302),
     ( 404,  404,  404,  404, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"op": "add", "content": "加固屋顶", "responsible_person": "王师傅",
                           "deadline": "2026-12-31"})


# 回头帮: lists, plans, year-end acceptance, and their workbooks (tests/world.py `_help_back` makes the objects;
# every change they suffer is audited, so the LogEntry table shows a refused POST that wrote anyway)
def help_list_of(c):
    from assistance.models import HelpList

    return HelpList.objects.get(campaign=c.campaign, department=c.department)


def plan_of(c):
    from assistance.models import Plan

    return Plan.objects.get(department=c.department)


door("assistance:lists", "GET", lambda c: reverse("assistance:lists"),
     (  S,   S,   S,   S,   S,   S,   S,   H, 302),
     (  H,   H,   H,   H,   S,   H,   H,   S, 302),
     marker=lambda c: reverse("assistance:list_detail", args=[help_list_of(c).pk]))
door("assistance:hand", "POST", lambda c: reverse("assistance:hand"),
     ( 404,  404,  404, "302+", "302+",  404,  404,  400,  302),
     ( 404,  404,  404,  400, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"campaign": c.campaign.pk, "unit": c.county.code,
                           "deadline": (date.today() + timedelta(days=45)).isoformat()})
door("assistance:list_detail", "GET", r("assistance:list_detail", lambda c: help_list_of(c).pk),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("assistance:plans", "GET", lambda c: reverse("assistance:plans"),
     (  H,   H,   H,   S,   S,   S,   S,   H, 302),
     (  H,   H,   H,   H,   S,   H,   H,   S, 302),
     marker=lambda c: reverse("assistance:plan_detail", args=[plan_of(c).pk]))
door("assistance:plan_create", "POST", lambda c: reverse("assistance:plan_create"),
     ( 404,  404,  400,  404,  404, "302+",  404,  404,  302),
     ( 404,  404,  400,  404,  404,  400,  404,  404,  302),
     data=lambda w, c, p: {"writer": f"d:{c.department.pk}", "year": 2030})
door("assistance:plan_detail", "GET", r("assistance:plan_detail", lambda c: plan_of(c).pk),
     (404, 404, 404, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("assistance:line_save", "POST", r("assistance:line_save", lambda c: plan_of(c).pk),
     ( 404,  404,  404,  400,  400, "302+",  400,  404,  302),
     ( 404,  404,  404,  404,  400,  404,  404,  400,  302),
     data=lambda w, c, p: {"target": "危房改造", "deadline": (date.today() + timedelta(days=20)).isoformat(),
                           "persons": "李工", "problems": [c.problem.pk]})
door("assistance:line_delete", "POST",
     lambda c: reverse("assistance:line_delete", args=[plan_of(c).pk, plan_of(c).lines.get().pk]),
     ( 404,  404,  404,  302,  302, "302+",  302,  404,  302),
     ( 404,  404,  404,  404,  302,  404,  404,  302,  302))
door("assistance:plan_act", "POST", lambda c: reverse("assistance:plan_act", args=[plan_of(c).pk, "submit"]),
     ( 404,  404,  404,  302,  302, "302+",  302,  404,  302),
     ( 404,  404,  404,  404,  302,  404,  404,  302,  302))
door("assistance:acceptance", "GET", lambda c: reverse("assistance:acceptance"),
     (  S,   S,   S,   S,   S,   S,   S,   H, 302),
     (  H,   H,   H,   H,   S,   H,   H,   S, 302),
     marker=lambda c: reverse("rectification:detail", args=[c.problem.pk]))
door("assistance_reports:help_list", "GET",
     lambda c: reverse("assistance_reports:help_list", args=[help_list_of(c).pk, "village"]),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("assistance_reports:unit_help_lists", "GET",
     lambda c: reverse("assistance_reports:unit_help_lists", args=[c.campaign.pk, c.village.code, "village"]),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("assistance_reports:plan", "GET", r("assistance_reports:plan", lambda c: plan_of(c).pk),
     (404, 404, 404, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("assistance_reports:acceptance", "GET", lambda c: reverse("assistance_reports:acceptance", args=[2026]),
     (200, 200, 200, 200, 200, 200, 200, 200, 302))

# 报送 and 通报 (paperwork): a township hands in its own reports; the offices above receive, return, issue 通报
door("paperwork:campaign", "GET", link("paperwork:campaign", "campaign"),
     (200, 200, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("paperwork:due_create", "GET", link("paperwork:due_create", "campaign"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("paperwork:hand_in", "GET", lambda c: reverse("paperwork:hand_in", args=[
         c.campaign.pk, c.report_due.pk, c.township.code, c.report_due.first_due.isoformat()]),
     (404, 404, 200, 404, 404, 404, 404, 404, 302),
     (404, 404, 404, 404, 404, 404, 404, 404, 302))
door("paperwork:report_file", "GET", link("paperwork:report_file", "report"),
     (404, 404, 200, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("paperwork:report_return_confirm", "GET", link("paperwork:report_return_confirm", "report"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("paperwork:report_return", "POST", link("paperwork:report_return", "report"),
     ( 404,  404,  404, "302+", "302+",  404,  404,  404,  302),
     ( 404,  404,  404,  404, "302+",  404,  404, "302+",  302),
     data=lambda w, c, p: {"reason": "缺党委书记签字页"})
door("paperwork:bulletin_create", "GET", link("paperwork:bulletin_create", "campaign"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("paperwork:bulletin", "GET", link("paperwork:bulletin", "bulletin"),
     (404, 404, 404, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("paperwork:bulletin_file", "GET", lambda c: reverse("paperwork:bulletin_file", args=[c.bulletin.pk, "pdf"]),
     (404, 404, 404, 200, 200, 200, 200, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("paperwork:bulletin_publish_confirm", "GET", link("paperwork:bulletin_publish_confirm", "bulletin"),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("paperwork:bulletin_publish", "POST", link("paperwork:bulletin_publish", "bulletin"),
     ( 404,  404,  404, "302+", "302+",  404,  404,  404,  302),
     ( 404,  404,  404,  404, "302+",  404,  404, "302+",  302))

# The county's list of departments (责任单位), kept by its office (and the city's)
door("units:departments", "GET", lambda c: reverse("units:departments", args=[c.county.code]),
     (404, 404, 404, 200, 200, 404, 404, 404, 302),
     (404, 404, 404, 404, 200, 404, 404, 200, 302))
door("units:departments_change", "POST", lambda c: reverse("units:departments_change", args=[c.county.code]),
     (404, 404, 404, "302+", "302+", 404, 404, 404, 302),
     (404, 404, 404, 404, "302+", 404, 404, "302+", 302),
     data=lambda w, c, p: {"action": "add", "name": "统计局"})

# The checker's 下一户: the next unfinished form of its list (or home when none is left)
door("next_household", "GET", lambda c: reverse("next_household"),
     (302, 302, 302, 302, 302, 302, 302, 302, 302))


def in_scope(world: World, persona: str, county: County) -> bool:
    """Whether the county's objects lie in the persona's scope (the city covers both counties)."""
    if county is world.inside:
        return persona not in ("outsider", "anonymous")
    return persona in ("outsider", "city_office")


def knock(world: World, door: Door, persona: str, county: County, tables):
    """The persona's answer; a POST that wrote rows answers e.g. "302+"."""
    client = world.clients[persona]
    if door.fresh_session and persona != "anonymous":
        client = Client(raise_request_exception=False)
        client.force_login(world.users[persona])
    url = door.url(county)
    data = door.data(world, county, persona) if door.data else {}
    savepoint = transaction.savepoint()  # each knock sees the same world
    try:
        before = state(tables) if door.method == "POST" else None
        response = client.post(url, data) if door.method == "POST" else client.get(url, data)
        changed = before is not None and state(tables) != before
    finally:
        transaction.savepoint_rollback(savepoint)
    if changed:
        out_of_scope = door.outside is not None and not in_scope(world, persona, county)
        assert response.status_code < 400 and not out_of_scope, f"{persona} was refused but changed rows"
        return f"{response.status_code}+"
    if door.marker and response.status_code == 200:
        return SHOWN if door.marker(county) in response.content.decode() else HIDDEN
    return response.status_code


def url_names(resolver=None, namespace="") -> dict[str, str]:
    """Every named pattern outside the admin: {namespaced name: route}. An unnamed one is keyed by its route."""
    names = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.update({name: f"{pattern.pattern}{route}" for name, route in url_names(pattern, inner).items()})
        elif isinstance(pattern, URLPattern):
            names[f"{namespace}{pattern.name}" if pattern.name else f"unnamed {pattern.pattern}"] = str(pattern.pattern)
    return names


def test_every_url_pattern_is_in_the_table():
    names = url_names()
    assert set(names) == set(DOORS), {name: names.get(name, "not a URL") for name in set(names) ^ set(DOORS)}


@pytest.mark.parametrize("name", sorted(DOORS))
def test_each_persona_gets_the_answer_of_the_table(world, db, state_tables, name):
    door = DOORS[name]
    inside = tuple(knock(world, door, p, world.inside, state_tables) for p in PERSONAS)
    if door.outside is None:  # the same URL for both counties: knocked once
        assert inside == door.inside
        return
    outside = tuple(knock(world, door, p, world.outside, state_tables) for p in PERSONAS)
    assert (inside, outside) == (door.inside, door.outside)


@pytest.mark.parametrize("name", sorted(name for name, door in DOORS.items() if door.method == "POST"))
def test_a_post_only_door_refuses_a_get(world, db, name):
    door = DOORS[name]
    assert world.clients["county_office"].get(door.url(world.inside)).status_code == 405
