import copy

import pytest

from checklists.definitions import DefinitionError, check, load_all
from checklists.models import ChecklistTemplate, Submission
from checklists.services import load_template


def household_definition():
    return copy.deepcopy(next(d for d in load_all() if d["code"] == "fangcheng-household"))


def test_loading_twice_changes_nothing(db):
    data = household_definition()
    assert load_template(data).action == "created"
    assert load_template(data).action == "unchanged"
    assert ChecklistTemplate.objects.filter(code="fangcheng-household").count() == 1


def test_a_template_without_submissions_is_updated_in_place(db):
    data = household_definition()
    load_template(data)
    data["sections"][1]["questions"][0]["text"] = "新的问题内容"
    outcome = load_template(data)
    assert (outcome.action, outcome.version) == ("replaced", 1)
    assert ChecklistTemplate.objects.get().questions.filter(text="新的问题内容").exists()


def test_a_template_with_submissions_is_frozen_and_a_change_makes_a_new_version(household_form):
    household_form.status = Submission.Status.DRAFT
    household_form.save()
    data = household_definition()
    data["sections"][1]["questions"][0]["text"] = "新的问题内容"
    outcome = load_template(data)
    assert (outcome.action, outcome.version) == ("new_version", 2)
    old = ChecklistTemplate.objects.get(code="fangcheng-household", version=1)
    assert not old.questions.filter(text="新的问题内容").exists()
    assert household_form.template_id == old.pk


@pytest.mark.parametrize("change, message", [
    (lambda d: d["sections"][1]["questions"][0].update(kind="stars"), "类型 'stars' 未知"),
    (lambda d: d["sections"][0]["rules"][0].update(total="nowhere"), "不存在的问题 nowhere"),
    (lambda d: d["sections"][2]["questions"][0].update(key="members"), "重复"),
    (lambda d: d.update(level="planet"), "未知层级"),
])
def test_a_broken_definition_is_refused_with_a_reason(change, message):
    data = household_definition()
    change(data)
    with pytest.raises(DefinitionError, match=message):
        check(data)
