"""The questions of a form as HTML, written by a plain Python loop.

This is the hot path of the busiest page (every checker opens a form and saves it many
times): the same markup through Django's template engine cost ~20 variable lookups per
question, about 8 ms for 附件1's 39 questions; this loop takes well under 1 ms.
The markup is the one templates/checklists/_questions.html used to hold.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import QuestionKind


def _attr(flag: bool, text: str) -> str:
    return text if flag else ""


def _input(q, value: str, disabled: str) -> str:
    name = escape(q.key)
    if q.kind in (QuestionKind.FLAG, QuestionKind.YES_NO):
        yes, no = (escape(label) for label in q.yes_no_labels)
        return (f'<label class="radio"><input type="radio" name="{name}" value="yes"'
                f'{_attr(value == "yes", " checked")}{disabled}> {yes}</label>\n'
                f'<label class="radio"><input type="radio" name="{name}" value="no"'
                f'{_attr(value == "no", " checked")}{disabled}> {no}</label>')
    if q.kind in (QuestionKind.NUMBER, QuestionKind.MONEY):
        return (f'<input type="text" inputmode="decimal" name="{name}" value="{escape(value)}"{disabled}> '
                f'{escape(q.unit)}')
    if q.kind == QuestionKind.CHOICE:
        options = "".join(f'<option{_attr(choice == value, " selected")}>{escape(choice)}</option>'
                          for choice in q.choices)
        return f'<select name="{name}"{disabled}><option value="">请选择</option>{options}</select>'
    if q.kind == QuestionKind.DATE:
        return f'<input type="date" name="{name}" value="{escape(value)}"{disabled}>'
    placeholder = ' placeholder="签字（姓名）"' if q.kind == QuestionKind.SIGNATURE else ""
    return f'<input type="text" name="{name}" value="{escape(value)}"{placeholder}{disabled}>'


def _row(row, disabled: str) -> str:
    q = row.question
    unit = f"（{escape(q.unit)}）" if q.unit else ""
    parts = [f'<div class="q{_attr(bool(row.error or row.description_error), " has-error")}" id="q-{escape(q.key)}">',
             f'<div class="q-text">{escape(q.text)}{unit}</div>',
             f'<div class="q-input">{_input(q, row.value, disabled)}</div>']
    if row.error:
        parts.append(f'<p class="field-error">{escape(row.error)}</p>')
    if q.kind == QuestionKind.FLAG:
        parts.append(f'<textarea name="{escape(q.key)}__desc" rows="1" placeholder="问题描述（选“是”时必填）"{disabled}>'
                     f'{escape(row.description)}</textarea>')
        if row.description_error:
            parts.append(f'<p class="field-error">{escape(row.description_error)}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def questions_html(sections, may_fill: bool) -> SafeString:
    """`sections` as engine.layout gives them: (section, rows) pairs."""
    disabled = "" if may_fill else " disabled"
    html = []
    for section, rows in sections:
        html.append(f'<fieldset class="item">\n<legend>{section.position}. {escape(section.title)}</legend>')
        html.extend(_row(row, disabled) for row in rows)
        html.append("</fieldset>")
    return mark_safe("\n".join(html))
