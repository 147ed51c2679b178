"""Every subcommand, run as a user would, with the mistakes people make: wrong paths, wrong
files, wrong flags and values. Each must end with an exit code other than 0, no traceback,
and a message that names what is wrong.

The cases come from `build_parser()`: a new subcommand is covered as soon as it exists; one
whose arguments this file cannot place fails `test_every_argument_has_a_role` instead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import free_port

from node.cli import build_parser

EXE = str(Path(sys.executable).parent / "citymesh")

#: What each argument is, by (subcommand, name) first and by name alone otherwise.
ROLES: dict[tuple[str, str] | str, str] = {
    ("init", "dir"): "new_dir",
    ("restore", "dir"): "new_dir",
    ("backup", "dest"): "new_dir",
    ("demo", "--dir"): "new_dir",
    ("restore", "src"): "backup",
    "dir": "home",
    "file": "input",
    "--events": "input",
    "--out": "out_file",
    "kind": "kind",
    "--lang": "lang",
    "--type": "node_type",
    # Free text, addresses and paths on another machine: no value is a mistake here.
    **dict.fromkeys(
        ["target", "id", "--via", "--name", "--nats-url", "--tls-cert", "--tls-key"], "text"
    ),
    **dict.fromkeys(["--store-dir", "--listen", "--server-name", "--cluster-name"], "text"),
    **dict.fromkeys(["--cluster-listen", "--route", "--monitor", "--http-host"], "text"),
    **dict.fromkeys(["--public-url", "--advertise"], "text"),
}
#: Valid values for arguments that are not paths (the mistakes change one argument at a time).
TEXT = {
    "kind": "initiative",
    "target": "http://127.0.0.1:9",
    "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
}
#: Options a subcommand requires, with valid values (a required choice takes its first).
REQUIRED = {"init": ["--name", "Lisboa", "--type", "municipality"]}


@dataclass
class Case:
    name: str
    args: list[str]
    names: list[str]  # the message must name one of these (the argument, the value, the path)


def leaves(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every runnable subcommand (such as `deploy configure`) and its parser."""
    out = []
    for action in parser._actions:  # argparse has no public way to walk its subcommands
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.extend(leaves(sub, (*prefix, name)))
    return out or [(prefix, parser)]


def arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]


def key(action: argparse.Action) -> str:
    return action.option_strings[-1] if action.option_strings else action.dest


def role(command: tuple[str, ...], action: argparse.Action) -> str | None:
    name = key(action)
    if action.type is int:
        return "int"
    if action.choices is not None or action.nargs == 0:
        return "choice"
    return ROLES.get((command[-1], name)) or ROLES.get(name)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A node home (never run), a backup of it, and the wrong things people point at."""
    tmp = tmp_path_factory.mktemp("mistakes")
    home = tmp / "home"
    init = [EXE, "init", str(home), "--name", "Lisboa", "--type", "municipality"]
    ports = ["--http-port", str(free_port()), "--nats-port", str(free_port())]
    subprocess.run([*init, *ports], check=True, capture_output=True, timeout=60)
    subprocess.run([EXE, "backup", str(home), str(tmp / "backup")], check=True, timeout=60)
    (tmp / "empty-dir").mkdir()
    (tmp / "empty.json").write_bytes(b"")
    (tmp / "binary.bin").write_bytes(bytes(range(256)) * 8)
    body = {"title": {"en": "Welcome desk"}, "category": "welcoming_rights", "status": "active"}
    (tmp / "pretty.json").write_text("\n".join(json.dumps(body, indent=2) for _ in range(3)))
    (tmp / "bad-line-2.jsonl").write_text(json.dumps(body) + "\n{not json\n" + json.dumps(body))
    (tmp / "valid.json").write_text(json.dumps(body))
    (tmp / "a-file").write_text("not a directory\n")
    return tmp


def valid(
    command: tuple[str, ...], parser: argparse.ArgumentParser, tmp: Path, case: int
) -> dict[str, str]:
    """A valid value for each positional argument (a new directory is new to each case)."""
    values = {}
    for action in arguments(parser):
        if action.option_strings:
            continue
        r = role(command, action)
        values[action.dest] = {
            "home": str(tmp / "home"),
            "new_dir": str(tmp / "new" / f"{'-'.join(command)}-{case}" / action.dest),
            "backup": str(tmp / "backup"),
            "input": str(tmp / "valid.json"),
        }.get(r or "", TEXT.get(action.dest, "x"))
    return values


def mistakes(role: str, tmp: Path) -> list[tuple[str, str]]:
    """(what, wrong value) for an argument of this role."""
    missing, a_file, empty_dir = str(tmp / "nowhere"), str(tmp / "a-file"), str(tmp / "empty-dir")
    return {
        "home": [("missing", missing), ("a file", a_file)],
        "backup": [("missing", missing), ("not a backup", empty_dir)],
        "new_dir": [("a file", a_file), ("inside a file", a_file + "/home")],
        "input": [
            ("missing", str(tmp / "missing.jsonl")),
            ("a directory", empty_dir),
            ("empty", str(tmp / "empty.json")),
            ("binary", str(tmp / "binary.bin")),
            ("pretty-printed JSON", str(tmp / "pretty.json")),
            ("invalid JSON Lines", str(tmp / "bad-line-2.jsonl")),
        ],
        "out_file": [("a directory", empty_dir)],
        "int": [("not a number", "eight")],
        "kind": [("not a kind name", "Not A Kind!")],
        "lang": [("not a language tag", "portuguese")],
        "node_type": [("not a node type", "city")],
    }.get(role, [])


def generated_cases(tmp: Path) -> list[Case]:
    out = []
    for command, parser in leaves(build_parser()):
        words = " ".join(command)
        required = REQUIRED.get(command[-1]) or [
            word
            for a in arguments(parser)
            if a.required and a.option_strings and a.choices
            for word in (key(a), str(next(iter(a.choices))))
        ]
        values = valid(command, parser, tmp, len(out))
        args = [*command, *values.values(), *required, "--colour"]
        out.append(Case(f"{words}: an unknown flag", args, ["--colour"]))
        for action in arguments(parser):
            for what, wrong in mistakes(role(command, action) or "", tmp):
                values = valid(command, parser, tmp, len(out))
                flags = list(required)
                if action.option_strings:
                    flags += [key(action), wrong]
                else:
                    values[action.dest] = wrong
                args = [*command, *values.values(), *flags]
                names = [key(action), wrong]
                out.append(Case(f"{words} {key(action)}: {what}", args, names))
    return out


def run(case: Case) -> tuple[Case, subprocess.CompletedProcess[str]]:
    proc = subprocess.run(
        [EXE, *case.args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    return case, proc


def test_every_argument_has_a_role():
    unplaced = [
        f"{' '.join(command)} {key(action)}"
        for command, parser in leaves(build_parser())
        for action in arguments(parser)
        if role(command, action) is None
    ]
    assert not unplaced, f"add these arguments to ROLES in {Path(__file__).name}: {unplaced}"


@pytest.mark.slow
def test_no_mistake_ends_in_a_traceback(world):
    cases = generated_cases(world)
    assert len(cases) >= 50, len(cases)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, cases))
    wrong = []
    for case, proc in results:
        said = proc.stdout + proc.stderr
        problems = []
        if proc.returncode == 0:
            problems.append("exit 0")
        if "Traceback" in said:
            problems.append("a traceback")
        if not any(name in said for name in case.names):
            problems.append(f"names none of {case.names}")
        if "; " not in proc.stderr:  # every message is `what is wrong; the fix`
            problems.append("gives no fix")
        if problems:
            wrong.append(f"{case.name} ({', '.join(problems)}): {said.strip()[-300:]!r}")
    assert not wrong, "\n".join(wrong)
