"""What goes into a closed campaign's archive, from any app, without that app importing archives.

The archives app builds the archive at close (archives/builder.py) from every registered
contributor; an app adds its own files (the paperwork app's 通报 and reports, say) by calling
`add_contributor` in its `AppConfig.ready`. Like `core.guards`, no Django app is imported here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    """One file of the archive: where it goes, what it is (shown in the manifest), whose part it is."""

    path: str  # inside the archive, "/"-separated, e.g. "411322 方城县/台账/问题台账.xlsx"
    kind: str  # what it is, in Chinese: "签字排查表", "问题台账", "通报" …
    unit_code: str  # the unit whose part it is: a county office downloads the pieces of its subtree
    content: Callable[[], bytes]  # made when the builder reaches it, so progress moves file by file


@dataclass(frozen=True)
class Contributor:
    name: str
    count: Callable[[object], int]  # campaign -> how many pieces (for the progress bar)
    pieces: Callable[[object, object], Iterable[Piece]]  # (campaign, closing user) -> the pieces


_contributors: list[Contributor] = []


def add_contributor(contributor: Contributor) -> None:
    if all(c.name != contributor.name for c in _contributors):
        _contributors.append(contributor)


def contributors() -> list[Contributor]:
    return list(_contributors)
