"""Migrating to measures: each problem's single 整改措施 text becomes its first measure, nothing is lost."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE_MEASURES = ("rectification", "0005_measures")
AFTER_MEASURES = ("rectification", "0007_remove_problem_measure")


def every_app_at_its_leaf_but(node) -> list:
    """Rectification at `node`, every other app as it is now (the state must match the tables)."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return [n for n in leaves if n[0] != node[0]] + [node]


@pytest.mark.django_db(transaction=True)
def test_the_measure_text_becomes_the_first_measure():
    BEFORE, AFTER = every_app_at_its_leaf_but(BEFORE_MEASURES), every_app_at_its_leaf_but(AFTER_MEASURES)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    unit = old.get_model("units", "AdminUnit").objects.create(code="411322100001", name="一村", level="village")
    user = old.get_model("auth", "User").objects.create(username="old")
    fixer = old.get_model("auth", "User").objects.create(username="fixer")
    campaign = old.get_model("campaigns", "Campaign").objects.create(
        name="回头看", document_number="1", issuing_unit=unit, scope_unit=unit, year=2022, created_by=user)
    problem = old.get_model("rectification", "Problem")
    now = timezone.now()

    def make(number, **fields):
        return problem.objects.create(campaign=campaign, number=number, unit=unit, category="住房", description="x",
                                      source="unannounced", found_by=user, found_at=now, **fields)

    open_one = make(1, measure=" 危房改造 ", responsible_person="王建国", responsible_user=fixer,
                    deadline=date(2022, 8, 20), status="rectifying")
    fixed = make(2, measure="清理院落", mode="immediate", status="closed", rectified_at=now, rectified_by=fixer,
                 evidence_text="已清理")
    make(3, measure="")  # no measure: none made

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    measures = new.get_model("rectification", "Measure").objects.order_by("problem__number")
    assert [(m.problem_id, m.position, m.content, m.responsible_person, m.responsible_user_id, m.deadline,
             m.done_at, m.done_by_id, m.result, m.created_by_id) for m in measures] == [
        (open_one.pk, 1, "危房改造", "王建国", fixer.pk, date(2022, 8, 20), None, None, "", user.pk),
        (fixed.pk, 1, "清理院落", "", None, None, now, fixer.pk, "已清理", user.pk),
    ]
    assert "measure" not in {f.name for f in new.get_model("rectification", "Problem")._meta.get_fields()}

    executor.loader.build_graph()  # and back: the first measure returns to the text field
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("rectification", "Problem")
    assert dict(back.objects.values_list("number", "measure")) == {1: "危房改造", 2: "清理院落", 3: ""}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
