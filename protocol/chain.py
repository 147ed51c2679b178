"""Per-author hash chains: sequence, `prev` links, forks, key rotation (SPEC.md §Chains)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from .envelope import UNERASABLE_KINDS, Envelope, Event, Head
from .errors import ChainError, ProtocolError, SchemaError
from .kinds import Registry, registry

__all__ = ["check_erasure", "check_link", "check_target", "ChainVerifier", "TARGETED_KINDS"]

#: Kinds whose `body.event` MUST name an earlier event of the same author.
TARGETED_KINDS = frozenset({"update", "retraction"})


def check_link(env: Head, prev_id: str | None) -> None:
    """`env` follows the author's event `prev_id` (the one at `env.seq - 1`).

    Raises:
        ChainError: `chain_gap` when the predecessor is unknown, `bad_prev` when it differs.
    """
    if env.seq == 1:
        return
    if prev_id is None:
        raise ChainError("chain_gap", f"event {env.seq - 1} of this author is missing", "$.seq")
    if env.prev != prev_id:
        raise ChainError("bad_prev", f"prev is not the id of event {env.seq - 1}", "$.prev")


def check_target(env: Envelope, target: Envelope | None, kinds: Registry = registry) -> None:
    """An update or retraction names an earlier event of its own author; an update's new body
    passes the schema of the target's kind.

    A skeleton names nothing any more: its references were checked while it had a body.

    Raises:
        SchemaError: `not_author` or `bad_reference`.
    """
    if env.kind not in TARGETED_KINDS or not isinstance(env.body, dict):
        return
    if target is None:
        raise SchemaError("bad_reference", "the event it names is not known", "$.body.event")
    if target.author != env.author:
        raise SchemaError(
            "not_author", "only the author of an event may update or retract it", "$.body.event"
        )
    if target.seq >= env.seq or target.kind in TARGETED_KINDS:
        raise SchemaError(
            "bad_reference",
            "it must name an earlier event that is not an update or retraction",
            "$.body.event",
        )
    spec = kinds.get(target.kind)
    if env.kind == "update" and spec is not None:
        spec.validate(env.body["body"], env.lang, "$.body.body")


def check_erasure(env: Envelope, lookup: Callable[[str], Head | None]) -> None:
    """An erasure names earlier events of its own author, none of a kind that keeps its body
    (SPEC.md §6.4); `lookup` gives a held event's head by id, or None.

    Raises:
        SchemaError: `not_author` or `bad_reference`, at the first failing item.
    """
    if env.kind != "erasure" or not isinstance(env.body, dict):
        return
    for i, named in enumerate(env.body["events"]):
        path = f"$.body.events[{i}]"
        target = lookup(named)
        if target is None:
            raise SchemaError("bad_reference", "the event it names is not known", path)
        if target.author != env.author:
            raise SchemaError("not_author", "only the author of an event may erase it", path)
        if target.seq >= env.seq or target.kind in UNERASABLE_KINDS:
            raise SchemaError(
                "bad_reference",
                "it must name an earlier event that is not a key rotation, retraction or erasure",
                path,
            )


class ChainVerifier:
    """Checks the chains of a set of events given in any order (used by `citymesh verify`)."""

    def __init__(self) -> None:
        self._by_author: dict[str, dict[int, list[Event]]] = defaultdict(lambda: defaultdict(list))
        self._by_id: dict[str, Envelope] = {}

    def add(self, event: Event) -> None:
        """Add an event that passed `decode_event`."""
        env = event.envelope
        self._by_author[env.author][env.seq].append(event)
        self._by_id.setdefault(env.id, env)

    def errors(self) -> Iterator[tuple[Event, ProtocolError]]:
        """Yield each event that breaks a chain rule, with the error."""
        for chain in self._by_author.values():
            rotated_at: int | None = None
            missing: int | None = None  # the first event missing from the chain
            for seq in sorted(chain):
                first, *others = chain[seq]
                for other in others:
                    if other.envelope.id != first.envelope.id:
                        yield (
                            other,
                            ChainError(
                                "fork", f"another event already has sequence {seq}", "$.seq"
                            ),
                        )
                env = first.envelope
                try:
                    if rotated_at is not None:
                        raise ChainError(
                            "key_rotated", f"the key was rotated at sequence {rotated_at}", "$.seq"
                        )
                    if missing is None and seq > 1 and seq - 1 not in chain:
                        missing = seq - 1
                    if missing is not None:  # every event after a gap follows it
                        raise ChainError(
                            "chain_gap", f"event {missing} of this author is missing", "$.seq"
                        )
                    check_link(env, chain[seq - 1][0].envelope.id if seq > 1 else None)
                    target = None
                    if env.kind in TARGETED_KINDS and isinstance(env.body, dict):
                        target = self._by_id.get(env.body.get("event", ""))
                    check_target(env, target)
                    check_erasure(env, self._by_id.get)
                except ProtocolError as exc:
                    yield first, exc
                if env.kind == "key.rotation":
                    rotated_at = seq


def distinct(events: Iterable[Event]) -> list[Event]:
    """Drop repeated copies of the same event (same id), keeping the first."""
    seen: set[str] = set()
    out = []
    for e in events:
        if e.envelope.id not in seen:
            seen.add(e.envelope.id)
            out.append(e)
    return out
