"""Migrating to per-form targets keeps what existing campaigns reached."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("campaigns", "0003_campaign_error_threshold"), ("units", "0002_village_status"),
          ("checklists", "0002_header_co_departments_standard")]
AFTER = [("campaigns", "0004_per_form_targets")]


@pytest.mark.django_db(transaction=True)
def test_each_template_of_an_old_campaign_becomes_a_form_with_the_campaign_targets():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    unit = old.get_model("units", "AdminUnit").objects.create(code="411322", name="方城县", level="county")
    user = old.get_model("auth", "User").objects.create(username="old")
    template = old.get_model("checklists", "ChecklistTemplate")
    household = template.objects.create(code="h", version=1, name="入户表", source="s", level="household")
    village = template.objects.create(code="v", version=1, name="村级表", source="s", level="village")
    campaign_model = old.get_model("campaigns", "Campaign")
    with_persons = campaign_model.objects.create(name="a", document_number="1", issuing_unit=unit, scope_unit=unit,
                                                 year=2022, created_by=user, include_key_persons=True,
                                                 target_kinds=["poverty_exited", "monitored"])
    with_persons.templates.set([household, village])
    kinds_only = campaign_model.objects.create(name="b", document_number="2", issuing_unit=unit, scope_unit=unit,
                                               year=2022, created_by=user, include_key_persons=False,
                                               target_kinds=["low_income"])
    kinds_only.templates.set([household])

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    forms = new.get_model("campaigns", "CampaignForm").objects.order_by("campaign__name", "template__code")
    assert [(f.campaign.name, f.template.code, f.household_kinds, f.key_persons, f.village_types) for f in forms] == [
        ("a", "h", ["poverty_exited", "monitored"],
         ["has_elderly", "has_disabled", "has_petitioner", "has_special_hardship"], []),
        ("a", "v", [], [], []),
        ("b", "h", ["low_income"], [], []),
    ]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
