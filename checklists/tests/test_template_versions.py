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


CUT_BY_A_COMMA = """
code: cut
name: 表
source: 附件
level: household
sections:
  - title: 综合保障
    questions:
      - {key: disability_unassessed, kind: flag, text: 是否有符合残疾鉴定标准,未进行鉴定的问题}
"""


def test_a_bare_comma_in_a_flow_mapping_fails_at_load(tmp_path):
    (tmp_path / "cut.yaml").write_text(CUT_BY_A_COMMA, encoding="utf-8")
    with pytest.raises(DefinitionError, match="'未进行鉴定的问题' 没有值"):
        load_all(tmp_path)
    (tmp_path / "cut.yaml").write_text(CUT_BY_A_COMMA.replace("text: 是否", 'text: "是否').replace("问题}", '问题"}'),
                                       encoding="utf-8")
    [data] = load_all(tmp_path)
    assert data["sections"][0]["questions"][0]["text"] == "是否有符合残疾鉴定标准,未进行鉴定的问题"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["sections"][1]["questions"][0].update(txet="住房"), "未知字段 txet"),
    (lambda d: d["sections"][1].update(departmnet="住建局"), "未知字段 departmnet"),
    (lambda d: d.update(signature=[]), "未知字段 signature"),
    (lambda d: d["sections"][1]["questions"][0].update(note=None), "'note' 没有值"),
    (lambda d: d["sections"][1]["questions"][0].update(co_departments="政策落实工作组"), "应为文字列表"),
    (lambda d: d["sections"][1]["questions"][0].update(co_departments=["住建局"]), "又列为配合单位"),
    (lambda d: d["sections"][1]["questions"][0].update(prefill="income"), "预填字段 'income' 未知"),
    (lambda d: d["signatures"][0].update(role="boss"), "签字栏"),
])
def test_an_unknown_field_or_empty_value_is_refused(change, message):
    data = household_definition()
    change(data)
    with pytest.raises(DefinitionError, match=message):
        check(data)


def test_a_fixed_form_becomes_a_new_version_and_new_campaigns_use_it(templates, county, county_office):
    """The cut texts of a used template stay with its campaign; load_checklists adds the whole ones."""
    from django.core.management import call_command

    from campaigns.forms import latest_templates
    from checklists.models import Question
    from tests.factories import make_campaign

    used = templates["fangcheng-household"]
    Question.objects.filter(template=used, key="disability_unassessed").update(text="是否有符合残疾鉴定标准")
    ChecklistTemplate.objects.filter(pk=used.pk).update(content_hash="as loaded before the fix")
    old_campaign = make_campaign(county, [used], by=county_office)

    call_command("load_checklists", stdout=open("/dev/null", "w"))

    fixed = ChecklistTemplate.objects.get(code="fangcheng-household", version=2)
    assert fixed.questions.get(key="disability_unassessed").text == "是否有符合残疾鉴定标准,未进行鉴定的问题"
    assert used.questions.get(key="disability_unassessed").text == "是否有符合残疾鉴定标准"
    assert list(old_campaign.templates.all()) == [used]
    assert fixed in latest_templates() and used not in latest_templates()
    new_campaign = make_campaign(county, list(latest_templates().filter(code="fangcheng-household")), by=county_office)
    assert list(new_campaign.templates.all()) == [fixed]
