"""nats-py's private names that node/net/natsfence.py relies on are still there, with the
parameters it uses: an upgrade of nats-py that moves one fails here, not in production. And
the fence's own parse of a catch-up's replies hands over what nats-py's would."""

import ast
import inspect
import random
from pathlib import Path

import pytest

from node.net import natsfence
from node.net.natsfence import PRIVATE_NAMES

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(PRIVATE_NAMES))
def test_private_name_still_exists_with_its_parameters(name):
    owner, attribute, parameters = PRIVATE_NAMES[name]
    assert hasattr(owner, attribute), f"nats-py no longer has {name}: see node/net/natsfence.py"
    found = list(inspect.signature(getattr(owner, attribute)).parameters)
    assert found[: len(parameters)] == parameters, f"{name} now takes {found}"


def test_parser_still_announces_a_message_size_before_its_payload():
    from nats.protocol import parser

    assert isinstance(parser.AWAITING_MSG_PAYLOAD, int)
    assert isinstance(parser.AWAITING_CONTROL_LINE, int)
    source = inspect.getsource(parser.Parser.parse)
    assert "self.needed" in source and "AWAITING_MSG_PAYLOAD" in source
    # The short way cuts what it took from the front of the same buffer.
    assert isinstance(parser.Parser().buf, bytearray) and "self.buf" in source


def test_client_still_keeps_its_parser_and_subscriptions_where_the_fence_reaches():
    source = inspect.getsource(natsfence.Client.__init__)
    assert "self._ps" in source, "nats-py's Client no longer keeps its parser in _ps"
    source = inspect.getsource(natsfence.Subscription.__init__)
    assert "self._id" in source, "nats-py's Subscription no longer keeps its id in _id"


def test_no_module_but_the_fence_uses_a_private_name_of_a_nats_object():
    """Outside natsfence.py, no `x._name` where x is a nats client, subscription or context."""
    wrong = []
    for path in (ROOT / "node").rglob("*.py"):
        if path.name == "natsfence.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name | ast.Attribute | ast.Call)
                and _nats_object(node.value)
            ):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert not wrong, wrong


def _nats_object(value: ast.expr) -> bool:
    text = ast.unparse(value)
    return text.split(".")[-1] in ("nc", "sub", "js") or text.endswith("jetstream()")


def _hmsg(sid: int, headers: bytes, payload: bytes, reply: bytes = b"") -> bytes:
    size = len(headers) + len(payload)
    reply_part = reply + b" " if reply else b""
    return b"HMSG s.%d %d %b%d %d\r\n%b%b\r\n" % (
        sid,
        sid,
        reply_part,
        len(headers),
        size,
        headers,
        payload,
    )


#: What a connection reads during a catch-up, and what else may come between: direct-get
#: replies to a plain subscription (1), with a reply subject, a status ending the batch; a
#: message of an ordinary subscription (2), with and without headers; PING and +OK.
_STREAM = b"".join(
    [
        _hmsg(1, b"NATS/1.0\r\nNats-Sequence: 1\r\n\r\n", b'{"a":1}'),
        _hmsg(1, b"NATS/1.0\r\nNats-Sequence: 2\r\n\r\n", b'{"b":"\xc3\xa9"}'),
        b"PING\r\n",
        _hmsg(2, b"NATS/1.0\r\nX: y\r\n\r\n", b"live"),
        b"MSG s.2 2 5\r\nhello\r\n",
        b"+OK\r\n",
        _hmsg(1, b"NATS/1.0\r\nNats-Sequence: 3\r\n\r\n", b"x" * 300, reply=b"_INBOX.r"),
        _hmsg(1, b"NATS/1.0\r\nNats-Sequence: 4\r\n\r\n", b""),
        _hmsg(1, b"NATS/1.0 204 EOB\r\nNats-Num-Pending: 0\r\n\r\n", b""),
    ]
)


class _Recording(natsfence.PlainClient):
    """Records what the parser hands over, in order; sid 1 is a plain subscription."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[object, ...]] = []
        self.per_message = 0
        self._plain[1] = lambda headers, data: self.seen.append(("plain", headers, data))

    async def _process_msg(self, sid, subject, reply, data, headers):  # type: ignore[no-untyped-def]
        self.per_message += 1
        if sid in self._plain:
            await super()._process_msg(sid, subject, reply, data, headers)
        else:
            self.seen.append(("msg", sid, subject, reply, data, headers))

    async def _process_ping(self) -> None:
        self.seen.append(("ping",))


async def _parse_in_pieces(cuts: list[int]) -> _Recording:
    client = _Recording()
    edges = [0, *sorted(cuts), len(_STREAM)]
    for start, end in zip(edges, edges[1:], strict=False):
        await client._ps.parse(_STREAM[start:end])
    assert not client._ps.buf
    return client


async def test_the_short_way_hands_over_what_nats_py_would_however_the_bytes_arrive():
    from nats.protocol.parser import Parser

    expected = _Recording()
    await Parser(expected).parse(_STREAM)  # nats-py's own parse, all at once
    assert [s[0] for s in expected.seen].count("plain") == 5
    rng = random.Random(7)
    cuts = [[i] for i in range(1, len(_STREAM))]
    cuts += [rng.sample(range(1, len(_STREAM)), rng.randint(2, 40)) for _ in range(300)]
    for pieces in cuts:
        assert (await _parse_in_pieces(pieces)).seen == expected.seen, pieces


async def test_a_catch_ups_replies_skip_the_per_message_path():
    client = _Recording()
    replies = b"".join(
        _hmsg(1, b"NATS/1.0\r\nNats-Sequence: %d\r\n\r\n" % i, b"{}") for i in range(50)
    )
    await client._ps.parse(replies[:1000])
    await client._ps.parse(replies[1000:])
    assert len(client.seen) == 50 and client.per_message == 0


async def test_a_message_too_large_or_a_control_line_without_end_ends_the_connection():
    from nats.errors import ProtocolError

    huge = natsfence.MAX_MESSAGE_BYTES + 1
    with pytest.raises(ProtocolError):
        await _Recording()._ps.parse(b"HMSG s.1 1 10 %d\r\nNATS/1.0\r\n" % huge)
    client = _Recording()
    await client._ps.parse(b"HMSG s.1 1 " + b"9" * 4000)  # may still end: waited for
    with pytest.raises(ProtocolError):
        await client._ps.parse(b"9" * 200)
