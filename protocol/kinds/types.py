"""Shared field types of the core kinds: language maps, dates, places, references."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from .. import limits

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
    "Count",
    "Percent",
    "CountryCode",
    "Geo",
    "Address",
    "Place",
    "Party",
    "Body",
]

LangTag = Annotated[
    str,
    Meta(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", description="BCP 47 language tag"),
]
#: Text people read, keyed by language; it MUST contain the event's default language.
LangMap = Annotated[
    dict[LangTag, Annotated[str, Meta(min_length=1)]],
    Meta(min_length=1, extra_json_schema={"x-citymesh-langmap": True}),
]
EventId = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$", description="an event id")]
PublicId = Annotated[
    str,
    Meta(pattern=r"^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$", description="an Ed25519 did:key"),
]
Date = Annotated[str, Meta(pattern=r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]
PartialDate = Annotated[str, Meta(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]
#: Wall-clock time in the meeting's own time zone (no offset): YYYY-MM-DDTHH:MM[:SS].
LocalDateTime = Annotated[
    str,
    Meta(
        pattern=r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"
    ),
]
TimeZone = Annotated[
    str, Meta(pattern=r"^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2})$", description="IANA zone")
]
Url = Annotated[str, Meta(pattern=r"^https?://[^\s]+$", max_length=2048)]
#: Non-integer quantities are decimal strings (the protocol has no fractional numbers).
Decimal = Annotated[str, Meta(pattern=r"^-?\d{1,15}(\.\d{1,9})?$")]
Coordinate = Annotated[str, Meta(pattern=r"^-?\d{1,3}(\.\d{1,7})?$")]
Count = Annotated[int, Meta(ge=0, le=limits.MAX_INT)]
Percent = Annotated[int, Meta(ge=0, le=100)]
CountryCode = Annotated[str, Meta(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
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
