from checklists import engine
from checklists.definitions import check
from checklists.models import ChecklistTemplate
from checklists.services import load_template

DEFINITION = {
    "code": "kinds", "name": "各类问题", "source": "测试", "level": "village",
    "sections": [{"title": "全部类型", "questions": [
        {"key": "signed", "kind": "signature", "text": "帮扶人签字"},
        {"key": "when", "kind": "date", "text": "走访日期"},
        {"key": "pick", "kind": "choice", "text": "完成情况", "choices": ["已完成", "未完成"]},
        {"key": "note", "kind": "text", "text": "备注", "required": False},
    ]}],
}


def test_signature_date_and_choice_are_validated(db):
    load_template(check(DEFINITION))
    template = ChecklistTemplate.objects.get(code="kinds")
    _, errors = engine.validate(template, {"when": "2026-13-01", "pick": "随便"}, final=True)
    assert errors == {"signed": "请签字（填写姓名）", "when": "日期格式应为 年-月-日", "pick": "请从选项中选择"}
    answers, errors = engine.validate(template, {"signed": "王五", "when": "2026-08-01", "pick": "已完成"}, final=True)
    assert errors == {} and answers == {"signed": "王五", "when": "2026-08-01", "pick": "已完成"}
