"""A campaign's calendar: which windows apply to a piece of work, the warning when work is done outside
them, and the timeline the campaign page draws (an SVG whose geometry is computed here)."""

from dataclasses import dataclass
from datetime import date, timedelta

from .models import Phase
from .presets import link_of, phase_kinds_of


def windows(phases, kinds, link: str = "") -> list[Phase]:
    """The phases of these kinds that cover the link (a phase without a link covers every link)."""
    return [p for p in phases if p.kind in kinds and p.covers_link(link)]


def window_warning(phases, kinds, *, today: date, link: str = "", doing: str = "填报") -> str:
    """A warning (never a refusal) when `today` lies outside every window of these kinds; "" inside one,
    or when the campaign has no such window at all."""
    applicable = windows(phases, kinds, link)
    if not applicable or any(p.is_open_on(today) for p in applicable):
        return ""
    spans = "、".join(f"“{p.label}”（{p.dates}）" for p in applicable)
    when = "尚未开始" if all(today < p.starts_on for p in applicable) else "已经结束"
    return f"今天（{today:%Y-%m-%d}）不在{spans}时段内，该时段{when}。仍可{doing}，请注意方案规定的时限。"


def submission_warnings(submission, today: date) -> list[str]:
    """The guard campaigns registers for checklists: filling a form outside its campaign's window."""
    if submission.status in ("submitted", "approved"):
        return []
    template = submission.template
    message = window_warning(submission.campaign.phases.all(), phase_kinds_of(template), today=today,
                             link=link_of(template))
    return [message] if message else []


# The timeline: a 1000-wide SVG, names on the left, bars from LEFT to RIGHT.
WIDTH, LEFT, RIGHT, ROW, TOP = 1000, 260, 990, 26, 30


@dataclass(frozen=True)
class Bar:
    phase: Phase
    x: float
    y: int
    width: float
    state: str  # "done", "open", "later"

    @property
    def text_y(self) -> int:
        return self.y + 14


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    today: date
    today_x: float | None  # None when today lies outside the campaign's calendar
    height: int
    first: date
    last: date

    @property
    def today_note(self) -> str:
        if self.today_x is not None:
            return f"今天 {self.today:%Y-%m-%d}"
        side = "之前" if self.today < self.first else "之后"
        return f"今天 {self.today:%Y-%m-%d}，在各阶段{side}"

    @property
    def today_label_x(self) -> float:
        return min(self.today_x or 0, RIGHT - 120)


def _state(phase: Phase, today: date) -> str:
    if today > phase.ends_on:
        return "done"
    return "open" if phase.is_open_on(today) else "later"


def timeline(phases, today: date) -> Timeline | None:
    """Bars for the phases (one row each, in the plan's order), month ticks, and today's line."""
    phases = list(phases)
    if not phases:
        return None
    first = min(p.starts_on for p in phases)
    last = max(p.ends_on for p in phases)
    days = (last - first).days + 1

    def x_of(day: date) -> float:
        return round(LEFT + (RIGHT - LEFT) * (day - first).days / days, 1)

    bars = [Bar(p, x_of(p.starts_on), TOP + i * ROW,
                max(round(x_of(p.ends_on + timedelta(days=1)) - x_of(p.starts_on), 1), 2), _state(p, today))
            for i, p in enumerate(phases)]
    ticks, month = [], date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            ticks.append(Tick(x_of(month), f"{month.month}月" if month.month != 1 else f"{month.year}年1月"))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    inside = first <= today <= last
    today_x = round(x_of(today) + (RIGHT - LEFT) / days / 2, 1) if inside else None
    return Timeline(bars, ticks, today, today_x, TOP + len(phases) * ROW + 6, first, last)
