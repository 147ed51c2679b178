"""The node's NATS client parses message headers as nats-py does, only faster."""

from __future__ import annotations

import pytest
from nats.aio.client import Client

from node.net.natsfence import PlainClient as _Client

BLOCKS = [
    # A direct get's reply, and the status that ends a batch.
    b"Nats-Stream: CITYMESH\r\nNats-Subject: citymesh.e.z6Mk\r\nNats-Sequence: 42\r\n"
    b"Nats-Time-Stamp: 2026-11-28T17:00:00.123456789Z\r\n\r\n",
    b"Nats-Num-Pending: 7\r\nNats-Last-Sequence: 99\r\n\r\n",
    b"Name:Value\r\nName2:\tspaced value \r\n",
    b"Bad Name: dropped\r\nTab\tName: dropped\r\n\x1cSep: dropped too\r\n",
    b"caf\xc3\xa9: a name that is not ASCII\r\nok: caf\xc3\xa9\r\nbroken: \xff\xfe\r\n",
    b": empty name\r\nno colon here\r\n\r\n",
    b"Dup: 1\r\nDup: 2\r\nunder_score: 1\r\ndot.name: 2\r\n",
]


@pytest.mark.parametrize("raw", BLOCKS)
def test_headers_parse_as_nats_py_parses_them(raw: bytes) -> None:
    assert _Client._parse_header_lines(raw) == Client._parse_header_lines(raw)
