"""The README says what is true: its commands parse, its example initiative is valid and
publishes, its quick start follows a peer, and every path it names answers on a running node.

One federation of two real nodes (each with its own nats-server) is built once for the module:
"lisboa", made as the quick start makes it, and a peer it follows.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
import shlex
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from helpers import eventually, initiative, new_node

from node.app import Node
from node.cli import build_parser
from protocol import registry

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXAMPLE = ROOT / "docs" / "examples" / "initiative.json"
CITYMESH = Path(sys.executable).parent / "citymesh"

MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")


def readme() -> str:
    return README.read_text(encoding="utf-8")


def blocks(language: str, text: str | None = None) -> list[str]:
    """The fenced code blocks in `language` of `text` (by default the README)."""
    return re.findall(rf"^```{language}\n(.*?)^```$", text or readme(), re.M | re.S)


def commands() -> list[str]:
    """Every `citymesh ...` command line in the README's shell blocks, without comments and
    redirections."""
    out = []
    for block in blocks("sh"):
        for line in block.splitlines():
            line = line.split(" #", 1)[0].split(" > ", 1)[0].strip()
            for prefix in (".venv/bin/citymesh ", "citymesh "):
                if line.startswith(prefix):
                    out.append(line[len(prefix) :])
    return out


def quick_start_lang() -> str:
    """The default language the quick start's `citymesh init` gives the node."""
    for line in commands():
        args = build_parser().parse_args(shlex.split(line))
        if args.command == "init":
            return str(args.lang)
    raise AssertionError("README.md has no `citymesh init` command")


def named_paths() -> set[str]:
    """Every HTTP path the README names in inline code, such as `/feeds/meetings.ics`."""
    return set(re.findall(r"`(/[^`\s]*)`", readme()))


def test_readme_test_command_is_the_one_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci in blocks("sh")[0].splitlines()


def test_every_citymesh_command_in_the_readme_parses():
    lines = commands()
    assert len(lines) >= 15, lines
    for line in lines:
        try:
            build_parser().parse_args(shlex.split(line))
        except SystemExit:
            pytest.fail(f"README.md: `citymesh {line}` is not a valid command", pytrace=False)


def test_every_file_the_readme_links_to_exists():
    links = re.findall(r"\]\(([^)#]+)\)", readme())
    assert "docs/architecture.md" in links, links
    missing = [link for link in links if "://" not in link and not (ROOT / link).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"


def test_every_test_the_guarantees_name_exists():
    """A guarantee is only as good as its test: each file, test and soak script named in the
    Guarantees section is there (in `tests/reliability/` unless a path is given)."""
    text = readme().split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    files = set()
    for path, test in re.findall(r"`((?:tests/[\w/]+/)?(?:test_)?[\w]+\.py)(?:::(\w+))?`", text):
        where = ROOT / path if path.startswith("tests/") else ROOT / "tests" / "reliability" / path
        if not where.exists():
            where = ROOT / "tests" / "soak" / path
        assert where.exists(), f"the Guarantees name {path}, which does not exist"
        files.add(where)
        assert not test or f"def {test}(" in where.read_text(), f"{path} has no {test}"
    for test in re.findall(r"`::(\w+)`", text):
        assert any(f"def {test}(" in f.read_text() for f in files), f"no test {test}"
    assert len(files) >= 10, files


def test_architecture_names_every_node_module_and_only_real_files():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:node|protocol)/[^`\s]*)`", text))
    assert not [n for n in named if not (ROOT / n).exists()], named
    modules = [p.relative_to(ROOT) for p in (ROOT / "node").rglob("*.py")]
    # A package below node/ (feeds/, demo/) may be placed whole.
    placed = {m for m in modules if str(m) in named or f"{m.parent}/" in named - {"node/"}}
    unnamed = [str(m) for m in modules if m not in placed and m != Path("node/__init__.py")]
    assert not unnamed, f"docs/architecture.md does not place these modules: {unnamed}"


def test_example_initiative_is_the_readmes_and_valid_in_its_language():
    body = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert [json.loads(b) for b in blocks("json")] == [body]
    spec = registry.get("initiative")
    assert spec is not None
    spec.validate(body, quick_start_lang())


def test_extension_guide_example_is_valid_for_the_example_kind(monkeypatch):
    source = ROOT / "protocol" / "example-extension" / "citymesh_legal_clinic" / "__init__.py"
    spec = importlib.util.spec_from_file_location("citymesh_legal_clinic", source)
    assert spec is not None and spec.loader is not None
    extension = importlib.util.module_from_spec(spec)
    # msgspec resolves the body's annotations through the module's entry in sys.modules.
    monkeypatch.setitem(sys.modules, "citymesh_legal_clinic", extension)
    spec.loader.exec_module(extension)
    guide = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    (example,) = blocks("json", guide)
    (kind,) = extension.KINDS
    assert f"citymesh publish ./lisboa {kind.name} " in guide
    kind.validate(json.loads(example), quick_start_lang())


@dataclass
class QuickStart:
    lisboa: Node
    peer: Node
    http: aiohttp.ClientSession
    published: str  # the id `citymesh publish` printed


async def cli(*args: str) -> str:
    """Run the `citymesh` command as a person does; its standard output (exit status 0)."""
    proc = await asyncio.create_subprocess_exec(
        str(CITYMESH),
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, f"citymesh {' '.join(args)}: {err.decode()}"
    return out.decode()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def quick_start(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[QuickStart]:
    root = tmp_path_factory.mktemp("quickstart")
    peer = await new_node(root, "movement", node_type="social_movement")
    lisboa = None
    try:
        await peer.publish("initiative", initiative("Rights desk"))
        lisboa = await new_node(root, "lisboa", lang=quick_start_lang())
        home = str(lisboa.home.root)
        printed = await cli("publish", home, "initiative", str(EXAMPLE.relative_to(ROOT)))
        await cli("follow", home, peer.http_url, "--all")
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
            yield QuickStart(lisboa, peer, http, printed.strip())
    finally:
        for node in (lisboa, peer):
            if node is not None:
                await node.stop()


@MODULE_LOOP
async def test_quick_start_publishes_the_example_and_follows_the_peer(quick_start):
    q = quick_start
    assert re.fullmatch(r"[0-9a-f]{64}", q.published), q.published

    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))["title"][quick_start_lang()]

    async def both_in_view() -> bool:
        async with q.http.get(q.lisboa.http_url + "/api/v1/view/initiatives") as r:
            items = (await r.json())["items"]
        titles = {t for i in items for t in i["body"]["title"].values()}
        return {example, "Rights desk"} <= titles

    await eventually(both_in_view, what="the example and the peer's initiative in lisboa's view")


@MODULE_LOOP
async def test_every_path_the_readme_names_answers_200(quick_start):
    q = quick_start
    paths = named_paths()
    assert {"/", "/api/v1/view/initiatives", "/feeds/meetings.csv"} <= paths, paths
    failed = {}
    for path in sorted(paths):
        # Only the head of the SSE stream is read: it stays open. A path template names the
        # node's own item; `/nats` answers WebSocket upgrades only, so it is merely there.
        url = q.lisboa.http_url + path.replace("{id}", q.lisboa.id)
        async with q.http.get(url) as response:
            if response.status != 200 and not (path == "/nats" and response.status != 404):
                failed[path] = response.status
    assert not failed, f"README.md names paths this node does not serve: {failed}"
