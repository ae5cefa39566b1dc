"""Reading the seed plans (../shared/seeds/*.txt) the way a person reads their appendix tables.

Only whitespace and the ①② numbering are normalised away; every other character is compared.
"""

import re
from dataclasses import dataclass, field

from conftest import shared_data, unavailable

FUZHOU, QIEMO, FANGCHENG, CITY = "001", "002", "003", "004"

_BOX_MARK = r'(?:□|<input type="checkbox"/>)'
ANSWER_BOX = re.compile(rf"\(\s*(?:是|有)\s*{_BOX_MARK}\s*(?:否|无)\s*{_BOX_MARK}\s*\)")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
LEADING_SEPARATORS = " \t,，;；。、"


def squash(text: str) -> str:
    """The text without any whitespace (the seeds break lines and pages inside sentences)."""
    return re.sub(r"\s+", "", text)


def seed_text(number: str) -> str:
    """The seed plan's text. Missing: the test fails in CI, and skips where shared/ is not beside the checkout."""
    seeds = shared_data("seeds")
    path = next(iter(sorted(seeds.glob(f"{number}_*.txt"))), None)
    if path is None:
        unavailable(f"seed {number} not found in {seeds}")
    return path.read_text(encoding="utf-8")


@dataclass
class SeedItem:
    title: str
    content: str  # the 排查内容 cell as printed

    @property
    def questions(self) -> list[str]:
        """Each question: from the previous answer box (or its ①② number) to its own answer box."""
        result, start = [], 0
        for box in ANSWER_BOX.finditer(self.content):
            segment = self.content[start:box.start()]
            numbered = max(segment.rfind(c) for c in CIRCLED)
            if numbered >= 0:
                segment = segment[numbered + 1:]
            segment = re.sub(r"^\s*\d+\.\s*", "", segment.lstrip(LEADING_SEPARATORS))
            result.append(squash(segment))
            start = box.end()
        return result

    @property
    def blanks(self) -> list[str]:
        """The fill-in phrases (家里__口人 …), each between its separators."""
        text = ANSWER_BOX.sub(",", self.content)
        parts = re.split(rf"[{CIRCLED}();,；，]", text)
        return [squash(p).rstrip("。") for p in parts if "__" in p]


@dataclass
class SeedTable:
    title: str
    header_lines: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    items: list[SeedItem] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)


def fangcheng_appendix(number: int) -> SeedTable:
    """附件 `number` of the 方城县 plan: title, header lines, column heads, items, signature lines."""
    text = seed_text(FANGCHENG)
    start = text.index(f"\n附件 {number}\n")
    end = text.find("\n附件 ", start + 5)
    lines = [line for line in text[start:end if end > 0 else None].splitlines()[2:] if line.strip()]
    table = SeedTable(title=squash(lines[0]))
    level = ""
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) == 1:
            if table.columns:
                table.signatures.append(squash(line).removesuffix("：_____"))
            else:
                table.header_lines.append(squash(line))
        elif not table.columns:
            table.columns = [squash(c) for c in cells]
        elif table.columns[0] == "排查层级":  # 附件3: the level cell is printed once per level
            level = squash(cells[0]) or level
            table.items.append(SeedItem(level, cells[1]))
        else:
            table.items.append(SeedItem(re.sub(r"^\d+\.\s*", "", cells[0]).strip(), cells[1]))
    return table
