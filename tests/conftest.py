"""Fixtures with real parts: nats-server processes, SQLite files, aiohttp on loopback.

Every test that starts a process (a nats-server, a node, Chromium, Node.js, pip, ruff) is
marked `nodes` here at collection; every other test that is not `slow`, `browser` or `soak` is
marked `fast`. `pytest -m fast` runs the quick part in seconds, and fails any test in it that
starts a process all the same, so the quick part stays quick as tests are added.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import types
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from helpers import new_node

from node.app import Node
from node.net.natsserver import find_binary

#: Fixtures that start a node, a nats-server, a Fedify follower or a network test bed (pytest
#: lists a fixture's own fixtures in the test's, so a fixture built on `nodes` counts too).
STARTING_FIXTURES = frozenset({"nodes", "node", "city", "followers", "bed", "nats_server"})
#: Names whose use in a test's own code starts a process.
STARTING_NAMES = frozenset(
    {
        "new_node",
        "Node",
        "NodeProc",
        "EmbeddedServer",
        "fediverse_node",
        "subprocess",
        "async_playwright",
        "create_subprocess_exec",
        "three_continents",
        "HostilePeer",
        # the node's checking worker: a process of its own
        "Verifier",
    }
)
TESTS = str(Path(__file__).parent)
#: Markers of tests left out of the quick part.
NOT_FAST = ("nodes", "slow", "browser", "soak")


def _names(code: types.CodeType) -> Iterator[str]:
    """The global and attribute names a function's code uses, nested functions included."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _names(const)


@functools.cache
def _functions(path: str) -> dict[str, types.CodeType]:
    """The code of each function a test file defines at its top (fixtures among them)."""
    try:
        code = compile(Path(path).read_text(encoding="utf-8"), path, "exec")
    except (OSError, SyntaxError, ValueError):
        return {}
    return {c.co_name: c for c in code.co_consts if isinstance(c, types.CodeType)}


def _starts_processes(item: pytest.Item) -> bool:
    """True if the test, a fixture of its file or a test helper it calls (followed through
    calls) uses a starting fixture or name."""
    fixtures = set(getattr(item, "fixturenames", ()))
    function = getattr(item, "function", None)
    module = getattr(item, "module", None)
    if STARTING_FIXTURES & fixtures or function is None or module is None:
        return bool(STARTING_FIXTURES & fixtures)
    local = _functions(module.__file__)
    todo = [(module.__dict__, function.__code__)]
    todo += [(module.__dict__, local[name]) for name in fixtures if name in local]
    seen: set[types.CodeType] = set()
    while todo:
        scope, code = todo.pop()
        if code in seen:
            continue
        seen.add(code)
        names = set(_names(code))
        if STARTING_NAMES & names:
            return True
        for name in names:
            called = getattr(scope.get(name), "__code__", None)
            if called is not None and called.co_filename.startswith(TESTS):
                todo.append((scope[name].__globals__, called))
            elif name in local and scope is module.__dict__:
                todo.append((scope, local[name]))
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _starts_processes(item):
            item.add_marker(pytest.mark.nodes)
        if not any(item.get_closest_marker(name) for name in NOT_FAST):
            item.add_marker(pytest.mark.fast)


#: Set while a test runs; the audit hook writes there what it started.
_started: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _started is not None and event in ("subprocess.Popen", "os.posix_spawn", "os.fork"):
        _started.append(str(args[0]) if args else event)


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def _quick_part_starts_no_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """In a run chosen with `-m`, a test marked `fast` that starts a process fails: it belongs
    to `nodes` (`@pytest.mark.nodes`), or the quick part would quietly become slow."""
    global _started
    watch = bool(request.config.getoption("markexpr")) and bool(
        request.node.get_closest_marker("fast")
    )
    _started = [] if watch else None
    yield
    started, _started = _started, None
    if started:
        pytest.fail(
            f"{request.node.nodeid} starts {started[0]} but is marked `fast`: mark it "
            "@pytest.mark.nodes (tests/conftest.py marks tests that use a starting fixture "
            "or name)",
            pytrace=False,
        )


@pytest.fixture(scope="session", autouse=True)
def nats_server_binary() -> str:
    """Fail (never skip) with what to install when the nats-server binary is missing."""
    try:
        return find_binary()
    except FileNotFoundError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest_asyncio.fixture
async def nodes(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """A factory for started nodes; every node it made is stopped at the end."""
    made: list[Node] = []

    async def make(name: str, **kwargs: Any) -> Node:
        node = await new_node(tmp_path, name, **kwargs)
        made.append(node)
        return node

    async def restart(old: Node) -> Node:
        """Start a new node process-equivalent on an existing (stopped) node's home."""
        node = Node(old.home)
        await node.start()
        made.append(node)
        return node

    make.restart = restart  # type: ignore[attr-defined]

    yield make
    for node in reversed(made):
        with contextlib.suppress(Exception):
            await node.stop()
