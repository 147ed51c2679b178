"""The core kinds of protocol v1 (SPEC.md §Kinds). They only ever gain optional fields."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from msgspec import Meta

from .spec import KindSpec
from .types import (
    Address,
    AttendanceMode,
    Body,
    Count,
    CountryCode,
    Date,
    Decimal,
    EventId,
    LangMap,
    LangTag,
    LocalDateTime,
    PartialDate,
    Party,
    Percent,
    Place,
    PublicId,
    ShortText,
    TimeZone,
    Url,
    whole,
)

NodeType = Literal[
    "municipality",
    "regional_gov",
    "city_network",
    "social_movement",
    "migrant_association",
    "ngo",
]
Category = Literal[
    "welcoming_rights", "migrant_participation", "awareness_education", "durable_legislation"
]
Instrument = Literal[
    "programme",
    "service",
    "council_body",
    "campaign",
    "law",
    "decree",
    "plan",
    "status_declaration",
    "fund",
    "pledge",
]
InitiativeStatus = Literal["planned", "active", "suspended", "completed", "repealed", "withdrawn"]
TargetGroup = Literal[
    "all_residents",
    "migrants_any_status",
    "undocumented",
    "asylum_seekers",
    "refugees",
    "unaccompanied_minors",
    "women",
    "lgbtiq",
    "workers",
]
LegalType = Literal["law", "decree", "ordinance", "resolution", "regulation"]
MeetingStatus = Literal["tentative", "confirmed", "postponed", "cancelled", "held"]
DecisionType = Literal["resolution", "recommendation", "approval", "referral", "agreement"]
DecisionResult = Literal["adopted", "rejected", "consensus", "deferred"]
ActionStatus = Literal["open", "in_progress", "done", "dropped"]
DeclarationType = Literal[
    "final_declaration", "open_letter", "council_resolution", "charter", "manifesto", "position"
]
Stance = Literal["endorse", "sign", "support", "adopt_practice"]
RetractionReason = Literal[
    "withdrawn", "erroneous", "duplicate", "superseded", "privacy_request", "key_compromise"
]
RotationReason = Literal["scheduled", "administration_change", "compromise"]
ErasureReason = Literal["personal_data", "legal_order", "published_in_error"]
PartnershipType = Literal[
    "joint_program",
    "mou",
    "technical_assistance",
    "funding",
    "relocation_pledge",
    "network_membership",
    "twinning",
]
ProgressStatus = Literal["not_started", "on_track", "at_risk", "delayed", "done", "dropped"]
Key = Annotated[str, Meta(pattern=whole("[a-z0-9][a-z0-9_-]{0,63}"))]


class Profile(Body):
    name: LangMap
    node_type: NodeType
    country: CountryCode | None = None
    languages: list[LangTag] | None = None
    description: LangMap | None = None
    homepage: Url | None = None
    location: Place | None = None


class Legal(Body):
    identifier: ShortText
    type: LegalType | None = None
    adopted_on: Date | None = None
    adopted_by: ShortText | None = None
    in_force_from: Date | None = None
    url: Url | None = None


class Initiative(Body):
    title: LangMap
    summary: LangMap
    category: Category
    status: InitiativeStatus
    instrument: Instrument | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    places: list[Place] | None = None
    target_groups: list[TargetGroup] | None = None
    languages_offered: list[LangTag] | None = None
    partners: list[Party] | None = None
    legal: Legal | None = None
    progress: Percent | None = None
    homepage: Url | None = None


class AgendaItem(Body):
    title: LangMap
    description: LangMap | None = None


class Meeting(Body):
    title: LangMap
    start: LocalDateTime
    timezone: TimeZone
    status: MeetingStatus
    end: LocalDateTime | None = None
    attendance_mode: AttendanceMode | None = None
    place: Place | None = None
    online_url: Url | None = None
    organizers: list[Party] | None = None
    agenda: list[AgendaItem] | None = None
    description: LangMap | None = None


class Votes(Body):
    yes: Count | None = None
    no: Count | None = None
    abstain: Count | None = None


class Decision(Body):
    text: LangMap
    key: Key | None = None
    type: DecisionType | None = None
    result: DecisionResult | None = None
    votes: Votes | None = None


class ActionItem(Body):
    text: LangMap
    key: Key | None = None
    owner: Party | None = None
    due: Date | None = None
    status: ActionStatus | None = None


class Minutes(Body):
    url: Url
    sha256: Annotated[str, Meta(pattern=whole("[0-9a-f]{64}"))] | None = None


class MeetingOutcome(Body):
    meeting: EventId
    summary: LangMap
    attendees_count: Count | None = None
    decisions: list[Decision] | None = None
    action_items: list[ActionItem] | None = None
    minutes: Minutes | None = None


class Declaration(Body):
    title: LangMap
    text: LangMap
    type: DeclarationType | None = None
    adopted_on: Date | None = None
    adopted_by: list[Party] | None = None
    adopted_at: EventId | None = None


class Endorsement(Body):
    event: EventId
    stance: Stance
    statement: LangMap | None = None


class Update(Body):
    event: EventId
    body: dict[str, Any]
    note: LangMap | None = None


class Retraction(Body):
    event: EventId
    reason: RetractionReason
    explanation: LangMap | None = None


class KeyRotation(Body):
    new_key: PublicId
    #: The new key's signature over the rotation statement (SPEC.md §Key rotation).
    new_key_sig: Annotated[str, Meta(pattern=whole("[A-Za-z0-9_-]{86}"))]
    reason: RotationReason | None = None


class Erasure(Body):
    #: Earlier events of the same author whose bodies every node drops (SPEC.md §6.4).
    events: Annotated[list[EventId], Meta(min_length=1, max_length=64)]
    reason: ErasureReason


class Attestation(Body):
    #: The meeting outcome agreed with, and (after updates) the exact version: the id of
    #: the update whose content is attested; absent, the outcome as first published.
    event: EventId
    version: EventId | None = None
    note: LangMap | None = None


class Follow(Body):
    author: PublicId
    via: Url | None = None


class Commitment(Body):
    by: PublicId
    text: LangMap
    key: Key | None = None


class Partnership(Body):
    partners: Annotated[list[PublicId], Meta(min_length=1)]
    type: PartnershipType
    title: LangMap
    description: LangMap | None = None
    commitments: list[Commitment] | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


class PartnershipAnswer(Body):
    proposal: EventId
    note: LangMap | None = None


class Metric(Body):
    name: ShortText
    value: Decimal
    unit: ShortText | None = None


class ProgressReport(Body):
    about: EventId
    date: Date
    status: ProgressStatus
    item: Key | None = None
    progress: Percent | None = None
    narrative: LangMap | None = None
    metrics: list[Metric] | None = None


CORE_KINDS: tuple[KindSpec, ...] = (
    KindSpec("profile", 1, Profile, "Who the node is: name, type, country, languages."),
    KindSpec("initiative", 1, Initiative, "A policy, programme, service, law or pledge."),
    KindSpec("meeting", 1, Meeting, "A meeting, session, forum or assembly."),
    KindSpec("meeting.outcome", 1, MeetingOutcome, "What a meeting decided and who does what."),
    KindSpec("declaration", 1, Declaration, "A declaration, open letter or charter."),
    KindSpec("endorsement", 1, Endorsement, "This node's stance on another event."),
    KindSpec("update", 1, Update, "The full new body of an earlier event by the same author."),
    KindSpec("retraction", 1, Retraction, "Withdraws an earlier event by the same author."),
    KindSpec("key.rotation", 1, KeyRotation, "Hands the node's identity to a new key."),
    KindSpec("erasure", 1, Erasure, "Erases the bodies of earlier events by the same author."),
    KindSpec("attestation", 1, Attestation, "This node agrees with one exact meeting outcome."),
    KindSpec("follow", 1, Follow, "This node replicates another author's feed."),
    KindSpec("partnership", 1, Partnership, "A proposed partnership between named nodes."),
    KindSpec("partnership.accept", 1, PartnershipAnswer, "A partner accepts a proposal."),
    KindSpec("partnership.decline", 1, PartnershipAnswer, "A partner declines a proposal."),
    KindSpec("partnership.end", 1, PartnershipAnswer, "A partner ends an active partnership."),
    KindSpec("progress.report", 1, ProgressReport, "How an initiative or commitment stands."),
)

__all__ = ["CORE_KINDS", "Address"]
