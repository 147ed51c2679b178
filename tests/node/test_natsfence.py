"""nats-py's private names that node/net/natsfence.py relies on are still there, with the
parameters it uses: an upgrade of nats-py that moves one fails here, not in production."""

import ast
import inspect
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
    source = inspect.getsource(parser.Parser.parse)
    assert "self.needed" in source and "AWAITING_MSG_PAYLOAD" in source


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
