"""Exported tables keep every header whole (wrapped, never cut) and 附件3 exports as the seed's one table."""

from openpyxl import load_workbook

from checklists.engine import validate
from checklists.models import Submission
from core.excel import Column
from exports import jobs, tables
from tests.factories import make_campaign

from .test_exports import export, filled, headers  # noqa: F401 - fixture


def test_appendix_headers_are_the_whole_question_texts(filled, county_office, templates, county):
    _, wb = export(county_office, "appendix", filled, county, templates["fangcheng-household"])
    ws = wb.active
    exported = headers(ws)
    longest = "脱贫户和监测对象是否未明确有1名国家公职人员作为该户帮扶责任人,对户收入支出进行季度算账,并落实有针对性的帮扶措施"
    assert longest in exported
    for q in templates["fangcheng-household"].questions.all():
        assert q.text + (f"（{q.unit}）" if q.unit else "") in exported
    assert not any(str(h).endswith("…") for h in exported)
    column = exported.index(longest) + 1
    assert ws.cell(row=4, column=column).alignment.wrap_text
    # wide enough and tall enough: the wrapped header fits the row
    width = ws.column_dimensions[ws.cell(row=4, column=column).column_letter].width
    lines = -(-len(longest) * 2 // width)
    assert ws.row_dimensions[4].height >= 15 * lines


def test_header_width_grows_with_the_header_and_wraps_beyond_its_limit():
    assert tables.header_width("是否未鉴定") == 10
    assert tables.header_width("是" * 60) == 20
    assert tables.header_width("是" * 200) == 30


def fill(form, by, **answers):
    data = {q.key: "no" for q in form.template.questions.filter(kind="flag")}
    data.update(answers)
    form.answers, errors = validate(form.template, data, final=True)
    assert errors == {}
    form.status, form.checker = "submitted", by
    form.save()


def test_joint_appendix_3_is_the_county_part_then_every_township_part(templates, county, township, other_township,
                                                                      county_office, township_office, tmp_path):
    county_template, township_template = templates["fangcheng-county"], templates["fangcheng-township"]
    campaign = make_campaign(county, [county_template, township_template], by=county_office)
    fill(Submission.objects.get(campaign=campaign, template=county_template, unit=county), county_office,
         c_spending_slow="yes", c_spending_slow__desc="支出进度落后", c2_note="已约谈")
    fill(Submission.objects.get(campaign=campaign, template=township_template, unit=township), township_office)

    table = tables.joint_appendix_table(campaign, county_template, township_template, county)
    path = tmp_path / "joint.xlsx"
    jobs.write_workbook(table, path)
    ws = load_workbook(path).active

    assert ws["A1"].value == "方城县巩固脱贫攻坚成果“回头看”靶向整改专项行动县乡问题排查表"
    assert [c.value for c in ws[3]] == ["排查层级", "排查内容", "备注"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_row=4 + 7 + 5 + 5)]
    assert [r[0] for r in rows if r[0]] == ["县级\n方城县", "乡级\n凤瑞街道", "乡级\n释之街道（未填报）"]
    assert rows[1][1] == (
        "2. 县级预算安排的衔接推进乡村振兴补助资金较上年相比，是否未达到只增不减(是□否☑)；"
        "2022年到县衔接资金用于产业发展的比例是否未达到60%以上、并高于上年(是□否☑)；"
        "各级到县衔接资金支出进度是否达不到序时进度要求(是☑否□)（问题描述：支出进度落后）")
    assert rows[1][2] == "已约谈"
    assert rows[7][1].startswith("1. 乡级党委政府是否未及时召开会议") and rows[7][1].endswith("(是□否☑)")
    assert rows[12][1].endswith("(是□否□)")  # the township that has not filled in its part
    signature_rows = [row[0].value for row in ws.iter_rows(min_row=4 + 17) if row[0].value]
    assert signature_rows == ["排查人员(签字)：____________    日期：________"]


def test_joint_table_is_a_pure_function_of_its_parts(tmp_path):
    parts = [tables.JointPart("县级", "甲县", [("1. 问一(是☑否□)", "备注一")]),
             tables.JointPart("乡级", "乙乡", [("1. 问二(是□否☑)", ""), ("2. 问三(是□否☑)", "")])]
    table = tables.joint_table("县乡问题排查表", "单位：甲县", ["排查层级", "排查内容", "备注"], parts, ["排查人员(签字)"])
    assert table.total == 3 and table.groups == {0: 1, 1: 2}
    jobs.write_workbook(table, tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_row=7)] == [
        ["县级\n甲县", "1. 问一(是☑否□)", "备注一"], ["乡级\n乙乡", "1. 问二(是□否☑)", None],
        [None, "2. 问三(是□否☑)", None]]
    assert all(isinstance(c, Column) and c.wrap for c in table.layout.columns)
