"""Reading and checking the form definitions in checklists/data/*.yaml.

The code knows question kinds and rule kinds, never particular questions.
"""

import hashlib
import json
from pathlib import Path

import yaml

from .models import FormLevel, QuestionKind

DATA_DIR = Path(__file__).resolve().parent / "data"
RULE_KINDS = {"sum", "lte", "range", "required_if", "flag_if_below", "implies"}
# 回头帮 result tables: per standard of the baseline form, the make-up measure and its outcome.
RESULT_FIELDS = [
    {"key": "measure", "kind": "text", "text": "“回头帮”措施（补课清单）", "required": False},
    {"key": "deadline", "kind": "date", "text": "完成时限", "required": False},
    {"key": "progress", "kind": "choice", "text": "完成情况", "choices": ["已完成", "推进中", "未启动"], "required": False},
    {"key": "result", "kind": "text", "text": "成效", "required": False},
]


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
        if data["code"] in raw:
            raise DefinitionError(f"{path.name}：代码 {data['code']} 重复")
        data["_file"] = path.name
        raw[data["code"]] = data
    return [check(expand(d, raw)) for d in raw.values()]


def expand(data: dict, all_data: dict) -> dict:
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
    keys = set()
    for s_index, section in enumerate(data["sections"], start=1):
        if not section.get("title") or not section.get("questions"):
            raise DefinitionError(f"{name}：第 {s_index} 项缺少标题或问题")
        for question in section["questions"]:
            key = question.get("key")
            if not key or key in keys:
                raise DefinitionError(f"{name}：问题键 {key!r} 缺失或重复")
            keys.add(key)
            if question.get("kind") not in QuestionKind.values:
                raise DefinitionError(f"{name}：问题 {key} 的类型 {question.get('kind')!r} 未知")
            if not question.get("text"):
                raise DefinitionError(f"{name}：问题 {key} 缺少内容")
        for rule in section.get("rules", []):
            if rule.get("rule") not in RULE_KINDS | {"required_if_filled"}:
                raise DefinitionError(f"{name}：未知校验规则 {rule.get('rule')!r}")
            for ref in _rule_keys(rule):
                if ref not in keys:
                    raise DefinitionError(f"{name}：校验规则引用了不存在的问题 {ref}")
    return data


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
