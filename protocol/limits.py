"""Normative limits (SPEC.md §Limits). A receiver rejects anything beyond them."""

from __future__ import annotations

MAX_EVENT_BYTES = 64 * 1024
MAX_STRING_CHARS = 16 * 1024
MAX_LIST_ITEMS = 256
MAX_DEPTH = 12
MAX_MEMBER_NAME = 64
MAX_INT = 2**53 - 1
#: How far an event's creation time may lie ahead of the receiver's clock.
MAX_CLOCK_SKEW_SECONDS = 600
