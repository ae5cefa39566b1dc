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


def _input(q, value: str, disabled: str, described: str) -> str:
    """The answer's control; every one is named by its question: radios by the fieldset's legend,
    the others by the question's <label for> (ids "f-<key>"); `described` points at its error."""
    name = escape(q.key)
    if q.kind in (QuestionKind.FLAG, QuestionKind.YES_NO):
        yes, no = (escape(label) for label in q.yes_no_labels)
        return (f'<label class="radio"><input type="radio" name="{name}" value="yes"'
                f'{_attr(value == "yes", " checked")}{described}{disabled}> {yes}</label>\n'
                f'<label class="radio"><input type="radio" name="{name}" value="no"'
                f'{_attr(value == "no", " checked")}{described}{disabled}> {no}</label>')
    named = f'id="f-{name}" name="{name}"{described}'
    if q.kind in (QuestionKind.NUMBER, QuestionKind.MONEY):
        return (f'<input type="text" inputmode="decimal" {named} value="{escape(value)}"{disabled}> '
                f'{escape(q.unit)}')
    if q.kind == QuestionKind.CHOICE:
        options = "".join(f'<option{_attr(choice == value, " selected")}>{escape(choice)}</option>'
                          for choice in q.choices)
        return f'<select {named}{disabled}><option value="">请选择</option>{options}</select>'
    if q.kind == QuestionKind.DATE:
        return f'<input type="date" {named} value="{escape(value)}"{disabled}>'
    placeholder = ' placeholder="签字（姓名）"' if q.kind == QuestionKind.SIGNATURE else ""
    return f'<input type="text" {named} value="{escape(value)}"{placeholder}{disabled}>'


def _row(row, disabled: str) -> str:
    """One question: a fieldset whose legend is the question when it is answered 是/否 (so a
    screen reader reads the question with each answer), else a div whose label is the question."""
    q = row.question
    key = escape(q.key)
    unit = f"（{escape(q.unit)}）" if q.unit else ""
    described = f' aria-invalid="true" aria-describedby="e-{key}"' if row.error else ""
    radios = q.kind in (QuestionKind.FLAG, QuestionKind.YES_NO)
    tag, text = ("fieldset", "legend") if radios else ("div", f'label for="f-{key}"')
    parts = [f'<{tag} class="q{_attr(bool(row.error or row.description_error), " has-error")}" id="q-{key}">',
             f'<{text} class="q-text">{escape(q.text)}{unit}</{text.split()[0]}>',
             f'<div class="q-input">{_input(q, row.value, disabled, described)}</div>']
    if row.error:
        parts.append(f'<p class="field-error" id="e-{key}">{escape(row.error)}</p>')
    if q.kind == QuestionKind.FLAG:
        desc_error = f' aria-invalid="true" aria-describedby="e-{key}__desc"' if row.description_error else ""
        parts.append(f'<textarea name="{key}__desc" rows="1" placeholder="问题描述（选“是”时必填）"'
                     f' aria-label="{escape(q.text)}：问题描述"{desc_error}{disabled}>{escape(row.description)}</textarea>')
        if row.description_error:
            parts.append(f'<p class="field-error" id="e-{key}__desc">{escape(row.description_error)}</p>')
    parts.append(f"</{tag}>")
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
