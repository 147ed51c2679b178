"""The `org.example.legal-clinic` kind: a free legal clinic for migrants.

An example of a third-party kind: a reverse-DNS name, a `Body` built from the protocol's
shared field types, and an entry point in the `citymesh.kinds` group naming `KINDS`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from protocol.kinds import KindSpec
from protocol.kinds.types import Body, LangMap, LangTag, Party, Place, TimeZone, Url, whole

__all__ = ["KINDS", "LegalClinic", "Session"]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Clock = Annotated[str, Meta(pattern=whole("(?:[01][0-9]|2[0-3]):[0-5][0-9]"))]
Topic = Literal[
    "asylum",
    "residence_permits",
    "family_reunification",
    "labour_rights",
    "housing",
    "citizenship",
    "detention",
    "appeals",
]
Access = Literal["walk_in", "appointment", "both"]


class Session(Body):
    """A weekly opening, in the clinic's own time zone."""

    weekday: Weekday
    opens: Clock
    closes: Clock


class LegalClinic(Body):
    title: LangMap
    schedule: Annotated[list[Session], Meta(min_length=1)]
    timezone: TimeZone
    languages: Annotated[list[LangTag], Meta(min_length=1)]
    place: Place | None = None
    online_url: Url | None = None
    topics: list[Topic] | None = None
    access: Access | None = None
    organizer: Party | None = None
    contact: Url | None = None
    description: LangMap | None = None


KINDS = [
    KindSpec(
        "org.example.legal-clinic",
        1,
        LegalClinic,
        "A free legal clinic for migrants: when, where, in which languages, on which topics.",
    )
]
