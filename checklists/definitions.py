"""Reading and checking the form definitions in checklists/data/*.yaml.

The code knows question kinds and rule kinds, never particular questions.
"""

import hashlib
import json
from pathlib import Path

import yaml

from .models import FormLevel, QuestionKind
from .prefill import SOURCES as PREFILL_SOURCES

DATA_DIR = Path(__file__).resolve().parent / "data"
RULE_KINDS = {"sum", "lte", "range", "required_if", "flag_if_below", "implies"}
# 回头帮 result tables: per standard of the baseline form, the make-up measure and its outcome.
RESULT_FIELDS = [
    {"key": "measure", "kind": "text", "text": "“回头帮”措施（补课清单）", "required": False},
    {"key": "deadline", "kind": "date", "text": "完成时限", "required": False},
    {"key": "progress", "kind": "choice", "text": "完成情况", "choices": ["已完成", "推进中", "未启动"], "required": False},
    {"key": "result", "kind": "text", "text": "成效", "required": False},
]


# Every field a definition may carry. A stray ASCII comma inside a YAML flow mapping
# (`{text: 是否有…,未进行…}`) ends the value there and turns the rest into a key of its own
# with no value: an unknown field or a null value is refused, so such a cut fails at load.
TEMPLATE_FIELDS = {"code", "name", "source", "level", "signatures", "sections", "result_table_for", "sections_from",
                   "header_lines", "columns"}
SECTION_FIELDS = {"title", "department", "co_departments", "category", "questions", "rules"}
QUESTION_FIELDS = {"key", "kind", "text", "unit", "required", "labels", "choices", "prefill", "category", "department",
                   "co_departments", "standard"}
RULE_FIELDS = {"rule", "field", "total", "parts", "limit", "when", "then", "flag", "min", "max", "message"}
SIGNATURE_FIELDS = {"role", "label"}
SIGNATURE_ROLES = {"checker", "reviewer"}
DEPARTMENT_MAX_LENGTH = 50  # units.Department.name


class DefinitionError(ValueError):
    pass


def load_all(directory: Path = DATA_DIR) -> list[dict]:
    """Every definition in the folder, checked, with result tables expanded."""
    raw = {}
    for path in sorted(directory.glob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        if not isinstance(data, dict) or "code" not in data:
            raise DefinitionError(f"{path.name}：缺少 code")
        _refuse_nulls(data, path.name)
        if data["code"] in raw:
            raise DefinitionError(f"{path.name}：代码 {data['code']} 重复")
        data["_file"] = path.name
        raw[data["code"]] = data
    return [check(expand(d, raw)) for d in raw.values()]


def _refuse_nulls(value, where: str) -> None:
    """A key without a value is what a bare comma in a flow mapping leaves behind."""
    if isinstance(value, dict):
        for key, item in value.items():
            if item is None:
                raise DefinitionError(f"{where}：{key!r} 没有值（文字中的英文逗号会截断内容，请给文字加引号）")
            _refuse_nulls(item, f"{where} › {key}")
    elif isinstance(value, list):
        for item in value:
            if item is None:
                raise DefinitionError(f"{where}：列表中有空项")
            _refuse_nulls(item, where)


def expand(data: dict, all_data: dict) -> dict:
    shared_code = data.get("sections_from")
    if shared_code:
        shared = all_data.get(shared_code)
        if shared is None or "sections" not in shared:
            raise DefinitionError(f"{data['_file']}：sections_from 指向不存在的表 {shared_code}")
        if "sections" in data:
            raise DefinitionError(f"{data['_file']}：sections_from 与 sections 不能同时使用")
        return {**data, "sections": shared["sections"]}
    baseline_code = data.get("result_table_for")
    if not baseline_code:
        return data
    baseline = all_data.get(baseline_code)
    if baseline is None:
        raise DefinitionError(f"{data['_file']}：result_table_for 指向不存在的表 {baseline_code}")
    sections = []
    for index, section in enumerate(baseline["sections"], start=1):
        departments = {q.get("department") or section.get("department", "") for q in section["questions"]}
        owner = "、".join(sorted(d for d in departments if d)) or "乡镇"
        sections.append({
            "title": f"{section['title']}（责任部门：{owner}）",
            "department": section.get("department", ""),
            "questions": [{**field, "key": f"s{index}_{field['key']}"} for field in RESULT_FIELDS],
            "rules": [{
                "rule": "required_if_filled", "field": f"s{index}_deadline", "when": f"s{index}_measure",
                "message": "填写了措施时请填写完成时限",
            }],
        })
    return {**data, "sections": sections}


def check(data: dict) -> dict:
    name = data.get("_file", data.get("code"))
    for field in ("code", "name", "source", "level", "sections"):
        if not data.get(field):
            raise DefinitionError(f"{name}：缺少 {field}")
    if data["level"] not in FormLevel.values:
        raise DefinitionError(f"{name}：未知层级 {data['level']}")
    _refuse_nulls(data, name)
    _known_fields(data, TEMPLATE_FIELDS | {"_file"}, name)
    for field in ("header_lines", "columns"):
        _strings(data.get(field, []), f"{name} › {field}")
    for signature in data.get("signatures", []):
        _known_fields(signature, SIGNATURE_FIELDS, f"{name} › 签字栏")
        if signature.get("role") not in SIGNATURE_ROLES or not isinstance(signature.get("label"), str):
            raise DefinitionError(f"{name}：签字栏应写明 role（checker/reviewer）和 label")
    keys = set()
    for s_index, section in enumerate(data["sections"], start=1):
        where = f"{name} 第 {s_index} 项"
        _known_fields(section, SECTION_FIELDS, where)
        if not section.get("title") or not section.get("questions"):
            raise DefinitionError(f"{where}缺少标题或问题")
        _departments(section, where)
        for question in section["questions"]:
            key = question.get("key")
            if not key or key in keys:
                raise DefinitionError(f"{name}：问题键 {key!r} 缺失或重复")
            keys.add(key)
            _known_fields(question, QUESTION_FIELDS, f"{name} 问题 {key}")
            if question.get("kind") not in QuestionKind.values:
                raise DefinitionError(f"{name}：问题 {key} 的类型 {question.get('kind')!r} 未知")
            if not isinstance(question.get("text"), str) or not question["text"].strip():
                raise DefinitionError(f"{name}：问题 {key} 缺少内容")
            _departments({"department": section.get("department", ""), **question}, f"{name} 问题 {key}")
            if question.get("prefill") and question["prefill"] not in PREFILL_SOURCES:
                raise DefinitionError(f"{name}：问题 {key} 的预填字段 {question['prefill']!r} 未知")
        for rule in section.get("rules", []):
            _known_fields(rule, RULE_FIELDS, f"{where}校验规则")
            if rule.get("rule") not in RULE_KINDS | {"required_if_filled"}:
                raise DefinitionError(f"{name}：未知校验规则 {rule.get('rule')!r}")
            for ref in _rule_keys(rule):
                if ref not in keys:
                    raise DefinitionError(f"{name}：校验规则引用了不存在的问题 {ref}")
    return data


def _known_fields(mapping, known: set, where: str) -> None:
    if not isinstance(mapping, dict):
        raise DefinitionError(f"{where}：格式错误")
    unknown = sorted(str(k) for k in set(mapping) - known)
    if unknown:
        raise DefinitionError(f"{where}：未知字段 {'、'.join(unknown)}（文字中的英文逗号会截断内容，请给文字加引号）")


def _strings(values, where: str) -> None:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise DefinitionError(f"{where}：应为文字列表")


def _departments(mapping: dict, where: str) -> None:
    lead = mapping.get("department", "")
    co = mapping.get("co_departments", [])
    _strings(co, f"{where} › co_departments")
    for name in [lead, *co]:
        if not isinstance(name, str) or len(name) > DEPARTMENT_MAX_LENGTH:
            raise DefinitionError(f"{where}：责任单位名称 {name!r} 无效或过长")
    if lead and lead in co:
        raise DefinitionError(f"{where}：牵头单位 {lead} 又列为配合单位")
    if len(set(co)) != len(co):
        raise DefinitionError(f"{where}：配合单位重复")


def _rule_keys(rule: dict) -> list[str]:
    refs = []
    for field in ("field", "total", "limit", "when", "flag", "then"):
        value = rule.get(field)
        if isinstance(value, str) and not _is_number(value):
            refs.append(value)
        elif isinstance(value, list):
            refs += [v.lstrip("!") for v in value]
    refs += rule.get("parts", [])
    return [r.lstrip("!") for r in refs]


def _is_number(value) -> bool:
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False


def content_hash(data: dict) -> str:
    clean = {k: v for k, v in data.items() if not k.startswith("_")}
    return hashlib.sha256(json.dumps(clean, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
