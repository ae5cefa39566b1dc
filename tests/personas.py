"""The shared personas of conftest.py, each a builder and the personas it needs.

conftest.py turns each into a function-scoped fixture of the same name; tests/module_scope.py
turns the same builders into objects built once per test module (for modules whose set-up is
heavy), so both read one definition.
"""

from accounts.roles import Role
from tests.factories import make_campaign, make_household, make_unit, make_user

FANGCHENG_FORMS = ["fangcheng-household", "fangcheng-village", "fangcheng-township", "fangcheng-county"]

# name: (the personas it needs, builder taking them in that order)
PERSONAS = {
    "county": ((), lambda: make_unit("411322", "方城县")),
    "township": (("county",), lambda county: make_unit("411322100", "凤瑞街道")),
    "village": (("township",), lambda township: make_unit("411322100001", "新华街社区", village_type="poverty_exited")),
    "sibling_village": (("township",), lambda township: make_unit("411322100002", "和平社区")),
    "other_township": (("county",), lambda county: make_unit("411322101", "释之街道")),
    "other_township_village": (("other_township",), lambda township: make_unit("411322101001", "释之社区")),
    "outside_village": ((), lambda: make_unit("411321100001", "外县村")),
    "household": (("village",), lambda village: make_household(village, has_elderly=True)),
    "other_township_household": (("other_township_village",), lambda village: make_household(village)),
    "outside_household": (("outside_village",), lambda village: make_household(village)),
    "checker": (("village",), lambda village: make_user("checker", Role.CHECKER, village)),
    "reviewer": (("village",), lambda village: make_user("reviewer", Role.REVIEWER, village)),
    "township_office": (("township",), lambda township: make_user("township_office", Role.TOWNSHIP_OFFICE, township)),
    "other_township_office": (("other_township",),
                              lambda township: make_user("other_township_office", Role.TOWNSHIP_OFFICE, township)),
    "county_office": (("county",), lambda county: make_user("county_office", Role.COUNTY_OFFICE, county)),
    "city_office": (("county",), lambda county: make_user("city_office", Role.CITY_OFFICE, county.parent)),
    "department_user": (("county",),
                        lambda county: make_user("dept_health", Role.DEPARTMENT, county, department="卫健委")),
    "viewer": (("county",), lambda county: make_user("inspector", Role.VIEWER, county)),
    "outsider": (("outside_village",),
                 lambda village: make_user("outsider", Role.COUNTY_OFFICE, village.parent.parent)),
    # A county campaign with the four 方城县 forms and its work list built.
    "campaign": (("templates", "county", "county_office", "household", "village"),
                 lambda templates, county, office, household, village: make_campaign(
                     county, [templates[c] for c in FANGCHENG_FORMS], by=office)),
}
