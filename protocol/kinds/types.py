"""Shared field types of the core kinds: language maps, dates, places, references."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import msgspec
from msgspec import Meta

from .. import limits
from .zones import RELEASE, ZONES

__all__ = [
    "LangTag",
    "LangMap",
    "EventId",
    "PublicId",
    "Date",
    "PartialDate",
    "LocalDateTime",
    "TimeZone",
    "Url",
    "Decimal",
    "Coordinate",
    "whole",
    "Count",
    "Percent",
    "CountryCode",
    "Geo",
    "Address",
    "Place",
    "Party",
    "Body",
]

# Patterns are written to mean the same under Python's `re` (as msgspec applies them, by
# search) and ECMA-262 (as JSON Schema validators do): ASCII classes only (`[0-9]`, never
# `\d`, whose Python meaning takes any script's digits), and the end of the string as
# `$(?!\n)`, because Python's `$` also matches before a final line break.
END = r"$(?!\n)"
#: A calendar date that exists (proleptic Gregorian, years 0000-9999): months of 28 to 31
#: days, and February 29 in years divisible by 4, except centuries not divisible by 400.
DATE = (
    r"(?:[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)"
    r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)"
)
#: Hours and minutes of a 24-hour clock (no 24:00, no leap second).
CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
#: What a Url may not contain: controls, space, and the Unicode White_Space characters.
NOT_IN_URL = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def whole(pattern: str) -> str:
    """A pattern that matches the whole string, under Python's `re` and ECMA-262 alike."""
    return f"^(?:{pattern}){END}"


LangTag = Annotated[
    str,
    Meta(pattern=whole(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"), description="BCP 47 language tag"),
]
#: Text people read, keyed by language; it MUST contain the event's default language.
LangMap = Annotated[
    dict[LangTag, Annotated[str, Meta(min_length=1)]],
    Meta(min_length=1, extra_json_schema={"x-citymesh-langmap": True}),
]
EventId = Annotated[str, Meta(pattern=whole("[0-9a-f]{64}"), description="an event id")]
PublicId = Annotated[
    str,
    Meta(pattern=whole("did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}"), description="an Ed25519 did:key"),
]
Date = Annotated[str, Meta(pattern=whole(DATE))]
PartialDate = Annotated[str, Meta(pattern=whole(f"{DATE}|[0-9]{{4}}(?:-(?:0[1-9]|1[0-2]))?"))]
#: Wall-clock time in the meeting's own time zone (no offset): YYYY-MM-DDTHH:MM[:SS].
LocalDateTime = Annotated[str, Meta(pattern=whole(f"{DATE}T{CLOCK}(?::[0-5][0-9])?"))]
if TYPE_CHECKING:
    TimeZone = str
else:
    #: A name of the pinned IANA tz database release (`zones.txt`), `UTC` among them.
    TimeZone = Annotated[
        Literal[tuple(sorted(ZONES))],
        Meta(description=f"an IANA time zone name (tzdata {RELEASE})"),
    ]
Url = Annotated[str, Meta(pattern=whole(f"https?://[^{NOT_IN_URL}]+"), max_length=2048)]
#: Non-integer quantities are decimal strings (the protocol has no fractional numbers).
Decimal = Annotated[str, Meta(pattern=whole(r"-?[0-9]{1,15}(?:\.[0-9]{1,9})?"))]
Coordinate = Annotated[str, Meta(pattern=whole(r"-?[0-9]{1,3}(?:\.[0-9]{1,7})?"))]
Count = Annotated[int, Meta(ge=0, le=limits.MAX_INT)]
Percent = Annotated[int, Meta(ge=0, le=100)]
CountryCode = Annotated[str, Meta(pattern=whole("[A-Z]{2}"), description="ISO 3166-1 alpha-2")]
ShortText = Annotated[str, Meta(min_length=1, max_length=300)]


class Body(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Base of every kind's body: unknown fields are ignored, absent ones are None."""


class Geo(Body):
    """WGS 84 coordinates as decimal strings."""

    lat: Coordinate
    lon: Coordinate


class Address(Body):
    street: ShortText | None = None
    locality: ShortText | None = None
    region: ShortText | None = None
    postal_code: ShortText | None = None
    country: CountryCode | None = None


class Place(Body):
    name: LangMap | None = None
    address: Address | None = None
    geo: Geo | None = None


class Party(Body):
    """A node (by public id) or an organisation or person named in text."""

    node: PublicId | None = None
    name: ShortText | None = None


AttendanceMode = Literal["in_person", "online", "hybrid"]
