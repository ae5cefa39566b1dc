"""How personal values look wherever they are shown without an explicit reveal."""


def mask_phone(value) -> str:
    """138****5678 for a mobile (first three, last four); a shorter number keeps its last two only."""
    text = "" if value is None else str(value)
    if len(text) >= 11:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    if len(text) > 2:
        return "*" * (len(text) - 2) + text[-2:]
    return "*" * len(text)
