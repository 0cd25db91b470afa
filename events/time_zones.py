"""The time zones an editor picks from: canonical IANA names, grouped by region.

`zoneinfo.available_timezones()` has ~600 names, many of them backward-compatible aliases
(“Asia/Calcutta”, “US/Eastern”, “Europe/Kiev”) or not places at all (“Factory”, “localtime”,
“Etc/GMT+8”). The list offered is the tz database's zone.tab (one zone per country and
region, the names editors know) plus UTC. The model's validator still accepts any valid name,
so events saved with an alias stay valid and keep their zone in the form.
"""

import functools
import importlib.resources
import zoneinfo
from pathlib import Path

UTC = "UTC"
NOT_PLACES = ("Etc/", "SystemV/", "posix/", "right/")
# Pre-1993 country and state aliases such as US/Eastern and Canada/Pacific (tz "backward" file).
LEGACY_REGIONS = ("US/", "Canada/", "Brazil/", "Chile/", "Mexico/")


def _zone_tab() -> str:
    """The text of zone.tab from the tzdata package, else from the system's tz database."""
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


@functools.cache
def canonical_zone_names() -> frozenset[str]:
    available = zoneinfo.available_timezones()
    listed = {line.split("\t")[2] for line in _zone_tab().splitlines() if line and not line.startswith("#")} & available
    if not listed:  # no zone.tab anywhere: fall back to what the names themselves tell
        listed = {
            name
            for name in available
            if "/" in name and not name.startswith(NOT_PLACES) and not name.startswith(LEGACY_REGIONS)
        }
    return frozenset(listed)


def _label(name: str) -> str:
    """“America/Argentina/Buenos_Aires” → “Argentina / Buenos Aires” (shown under its region)."""
    return name.partition("/")[2].replace("/", " / ").replace("_", " ")


MOST_USED = "Most used"


def time_zone_choices(*, current: str = "", first: list[str] = ()) -> list:
    """Choices for a select: the zones in `first` (e.g. the site's and the most used ones) as a
    “Most used” group, then UTC, then every zone grouped by region and sorted by city.

    `current` (the zone an existing event was saved with) is kept as a choice even when it is an
    alias, so opening and saving the event does not change it. A zone in `first` appears again in
    its region, where an editor who does not look at the top finds it.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(canonical_zone_names(), key=_label):
        groups.setdefault(name.partition("/")[0], []).append((name, _label(name)))
    choices = []
    top = [name for name in dict.fromkeys(first) if name == UTC or name in canonical_zone_names()]
    if top:
        choices.append((MOST_USED, [(name, name.replace("_", " ")) for name in top]))
    choices.append((UTC, "UTC (online events, no local time)"))
    if current and current != UTC and current not in canonical_zone_names():
        choices.append((current, f"{current} (as saved)"))
    return choices + sorted(groups.items())
