"""The time zone names a `TimeZone` field may hold: IANA tz database names of one pinned
release, shipped as data (`zones.txt`) so that validity never depends on the tzdata a node
happens to have (SPEC.md §8.1).

`python -m protocol.kinds.zones` rewrites `zones.txt` from the installed `tzdata`
distribution; changing the list is a protocol change (SPEC.md §7.2).
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["RELEASE", "ZONES", "FILE", "read", "render"]

FILE = Path(__file__).with_name("zones.txt")
#: tzdata's placeholder zone for systems whose zone is not set: not a place.
_LEFT_OUT = frozenset({"Factory"})


def read(text: str) -> tuple[str, frozenset[str]]:
    """(release, names) of a zones file: a `# IANA tzdata <release>` line, then one name a line."""
    head, *names = text.splitlines()
    return head.removeprefix("# IANA tzdata "), frozenset(names)


def render(release: str, names: set[str] | frozenset[str]) -> str:
    """The zones file for `release`: every name but tzdata's placeholder, and `UTC`."""
    kept = sorted((set(names) - _LEFT_OUT) | {"UTC"})
    return "".join(f"{line}\n" for line in [f"# IANA tzdata {release}", *kept])


RELEASE, ZONES = read(FILE.read_text(encoding="ascii"))


def main() -> int:
    # Only to regenerate the list: nodes read the committed file, without these imports.
    from importlib import resources

    import tzdata

    names = resources.files("tzdata").joinpath("zones").read_text(encoding="ascii").split()
    FILE.write_text(render(tzdata.IANA_VERSION, frozenset(names)), encoding="ascii")
    print(f"{FILE.name}: tzdata {tzdata.IANA_VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
