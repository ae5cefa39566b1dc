"""A household's audit rows as its page shows them: who, when, what (field, before → after), why."""

from dataclasses import dataclass, field

from auditlog.models import LogEntry

from .models import Household

ACTIONS = {LogEntry.Action.CREATE: "新增", LogEntry.Action.UPDATE: "修改", LogEntry.Action.DELETE: "删除",
           LogEntry.Action.ACCESS: "查看个人信息"}
BOOLEANS = {"True": "是", "False": "否", "None": "（空）", "": "（空）"}
KINDS = dict(Household.Kind.choices)


@dataclass
class Line:
    when: object
    who: str
    action: str
    source: str = ""
    reason: str = ""
    items: list = field(default_factory=list)  # (field label, before, after); a reveal: (field label, "", "")


def _label(name: str) -> str:
    if name in Household.PERSONAL_FIELDS:
        return Household.PERSONAL_FIELDS[name]
    try:
        return str(Household._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field since removed keeps its stored name
        return name


def _value(name: str, text) -> str:
    text = "" if text is None else str(text)
    if name == "kind" and text in KINDS:
        return KINDS[text]
    return BOOLEANS.get(text, text)


def presented(entries: list) -> list[Line]:
    lines = []
    for entry in entries:
        extra = entry.additional_data or {}
        line = Line(when=entry.timestamp, who=entry.actor.get_username() if entry.actor else "系统",
                    action=ACTIONS.get(entry.action, str(entry.action)), source=extra.get("source", ""))
        if entry.action == LogEntry.Action.ACCESS:
            line.reason = extra.get("reason", "")
            line.items = [(_label(extra.get("field", "")), "", "")]
        else:
            for name, pair in sorted((entry.changes or {}).items(), key=lambda item: _order(item[0])):
                before, after = (list(pair) + ["", ""])[:2] if isinstance(pair, (list, tuple)) else ("", pair)
                line.items.append((_label(name), _value(name, before), _value(name, after)))
        lines.append(line)
    return lines


def _order(name: str) -> int:
    names = [f.name for f in Household._meta.fields]
    return names.index(name) if name in names else len(names)
