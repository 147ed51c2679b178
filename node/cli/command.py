"""The `citymesh` command line."""

from __future__ import annotations

import argparse
import asyncio
import errno
import http.client
import json
import logging
import shlex
import signal
import sqlite3
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

import msgspec

from protocol import SigningKey
from protocol.errors import ProtocolError
from protocol.explain import CODES
from protocol.kinds.core import NodeType
from protocol.kinds.types import LangTag
from protocol.verify import verify_lines

from .. import redact
from ..config import Config, ConfigError, Home, HttpConfig, NatsConfig
from . import deploy

Handler = Callable[[argparse.Namespace], int]


def fail(message: str, code: int = 2) -> int:
    print(f"citymesh: {message}", file=sys.stderr)
    return code


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a JSON Lines file of events; exit 0 only if every event is valid."""
    try:
        stream = sys.stdin.buffer if args.file == "-" else Path(args.file).open("rb")
    except OSError as exc:
        return fail(path_error(exc))
    with stream:
        hint = _not_json_lines(stream) if stream is not sys.stdin.buffer else None
        if hint:
            return fail(f"{args.file}: {hint}", 1)
        count, problems = verify_lines(stream, now=datetime.now(UTC))
    for p in problems:
        print(f"line {p.line}: {p.id or '-'}: {p.error}")
    if count == 0:
        return fail(f"{args.file}: holds no events; give a JSON Lines file (`citymesh export`)", 1)
    if any(str(p.error).startswith("bad_json") for p in problems):
        print(
            f"citymesh: {args.file}: some lines are not JSON; a JSON Lines file holds one event "
            "per line, as `citymesh export` writes it",
            file=sys.stderr,
        )
    # The summary is the last line, as SPEC.md §verify documents it.
    print(
        f"{count} events, {count - len(problems)} valid, {len(problems)} invalid", file=sys.stderr
    )
    return 1 if problems else 0


JSON_LINES_HINT = (
    "expects JSON Lines, one event per line, but this is {what}; "
    "use the output of `citymesh export`, or convert it with `jq -c {jq} FILE > events.jsonl`"
)


def _not_json_lines(stream: Any) -> str | None:
    """Why a file is not JSON Lines at a glance (one JSON array, or pretty-printed JSON)."""
    head = stream.peek(64 * 1024)[: 64 * 1024] if hasattr(stream, "peek") else b""
    first = next((line.strip() for line in head.splitlines() if line.strip()), b"")
    if first.startswith(b"["):
        return JSON_LINES_HINT.format(what="a JSON array", jq="'.[]'")
    if first == b"{":  # how jq and json.dumps(indent=...) begin
        return JSON_LINES_HINT.format(what="JSON spread over several lines", jq=".")
    return None


def cmd_keygen(args: argparse.Namespace) -> int:
    """Print a new keypair's public id (and write its seed to --out, mode 0600)."""
    key = SigningKey.generate()
    if args.out:
        out = Path(args.out)
        if out.exists():
            return fail(f"{out} exists; refusing to overwrite it")
        out.touch(mode=0o600)
        out.write_bytes(key.seed.hex().encode() + b"\n")
    print(key.public_id)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from ..app import create_node

    for flag, check, value in (("--type", node_type, args.type), ("--lang", language, args.lang)):
        try:
            check(value)
        except argparse.ArgumentTypeError as exc:
            return fail(f"{flag}: {exc}")

    home = Home(args.dir)
    profile = {"name": {args.lang: args.name}, "node_type": args.type, "languages": [args.lang]}
    nats = NatsConfig(urls=[args.nats_url] if args.nats_url else [])
    if args.nats_port:
        nats.port = args.nats_port
    config = Config(
        name=args.name,
        type=args.type,
        lang=args.lang,
        http=HttpConfig(port=args.http_port),
        nats=nats,
    )
    if not home.config_file.exists():  # an existing home is refused below, ports aside
        _check_ports(config)
    try:
        node_id = asyncio.run(create_node(home, config, profile))
    except ProtocolError as exc:
        return fail(f"invalid profile: {exc}")
    print(node_id)  # alone on standard output, for scripts: `id=$(citymesh init ...)`
    print(next_steps(home.root, config.lang), end="", file=sys.stderr)
    return 0


def _check_ports(config: Config) -> None:
    """A new node's ports must be free now: a home whose node cannot start helps nobody."""
    from .. import preflight
    from ..config import check

    check(config, "citymesh init")
    fix = "choose another with {} (each node on a machine needs its own)"
    preflight.check_port(
        Path("citymesh init"),
        "http.port",
        config.http.host,
        config.http.port,
        fix.format("--http-port"),
    )
    if not config.nats.urls:
        preflight.check_port(
            Path("citymesh init"),
            "nats.port",
            config.nats.host,
            config.nats.port,
            fix.format("--nats-port"),
        )


def next_steps(home: Path, lang: str) -> str:
    """What to do after `citymesh init`: run the node, publish a first event, follow a peer."""
    root = shlex.quote(str(home))  # pasted into a shell
    return (
        f"Created the node home {root}. Next:\n"
        f"  1. run the node:        citymesh run {root}\n"
        f"  2. publish an example:  citymesh new initiative --lang {lang} > initiative.json\n"
        f"                          citymesh publish {root} initiative initiative.json\n"
        f"  3. follow a peer:       citymesh follow {root} https://peer.example.org\n"
    )


def cmd_run(args: argparse.Namespace) -> int:
    from ..app import Node, tune_collector

    node = Node(Home(args.dir), http_port=args.http_port)  # ConfigError: one line, exit 2

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        # A signal stops the node also while it starts: the start is cancelled, not awaited.
        starting = asyncio.create_task(node.start(), name="node-start")
        stopping = asyncio.create_task(stop.wait(), name="stop-signal")
        try:
            await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if starting.done():
                starting.result()  # a failed start raises here
                tune_collector()
                print(
                    f"citymesh node {node.id} ({node.config.name}) on {node.http_url}", flush=True
                )
                await stopping
        finally:
            stopping.cancel()
            # nats-py's connect can swallow one cancellation (asyncio.wait_for on 3.11):
            # cancel again until the start has ended, for a bounded time.
            for _ in range(50):
                if starting.done():
                    break
                starting.cancel()
                await asyncio.wait({starting}, timeout=0.1)
            await node.stop()
            if starting.done() and not starting.cancelled():
                starting.exception()  # retrieved: a failed start was raised above

    try:
        asyncio.run(main())
    except ConfigError:
        raise
    except Exception as exc:  # a fault, not a setting: one line here, the details at DEBUG
        logging.getLogger("citymesh").debug("the node stopped on an error", exc_info=True)
        return fail(
            f"the node stopped on an unexpected error: {type(exc).__name__}: {exc}; "
            "run with --log-level DEBUG for details",
            1,
        )
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    """Write a new random admin token into the home (the running node needs a restart)."""
    home = Home(args.dir)
    if not home.config_file.exists():
        return fail(f"{home.config_file}: not found; is {home.root} a node home?")
    home.replace_token()
    print(f"wrote a new admin token to {home.token_file}; restart the node to use it")
    return 0


def _local_url(config: Config) -> str:
    host = config.http.host
    host = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    return f"http://{host}:{config.http.port}"


def api(home: Home, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
    """Call the running node's HTTP API with the admin token; (status, decoded body)."""
    config = home.load()
    data = None if payload is None else json.dumps(payload).encode()
    req = urllib.request.Request(
        _local_url(config) + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {home.token()}", "Content-Type": "application/json"},
    )
    url = _local_url(config)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, _json(resp.read(), url)
    except urllib.error.HTTPError as exc:
        return exc.code, _json(exc.read(), url)
    except urllib.error.URLError as exc:
        raise ConfigError(
            f"the node is not running at {url} ({exc.reason}); "
            f"start it with `citymesh run {home.root}`"
        ) from None
    except (OSError, http.client.HTTPException) as exc:
        # Reset, closed or timed out mid-answer: the node stopped (or hangs) under us.
        reason = str(exc) or type(exc).__name__
        raise ConfigError(
            f"the node at {url} stopped answering ({reason}); check it with "
            f"`citymesh status {home.root}` and start it again with `citymesh run {home.root}`"
        ) from None


def _json(data: bytes, url: str) -> Any:
    try:
        return json.loads(data or b"null")
    except ValueError:
        raise ConfigError(
            f"{url} did not answer as a citymesh node (not JSON); check http.port in "
            "citymesh.toml and that no other program uses that port"
        ) from None


def _bodies(source: str) -> list[tuple[int, Any]]:
    """(line number, body) of a JSON body or JSON Lines; `//` comment lines are skipped."""
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    lines = data.splitlines()
    kept = b"\n".join(b"" if line.lstrip().startswith(b"//") else line for line in lines)
    if not kept.strip():
        raise ValueError(f"{source}: holds no event body; `citymesh new KIND` prints an example")
    try:
        return [(1, json.loads(kept))]
    except ValueError:  # not one JSON value (or not UTF-8): JSON Lines
        pass
    out = []
    for number, line in enumerate(kept.splitlines(), 1):
        if line.strip():
            try:
                out.append((number, json.loads(line)))
            except ValueError as exc:
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8 text"
                raise ValueError(
                    f"{source}: line {number}: not JSON ({reason}); give one JSON body, or "
                    "JSON Lines (one body per line); `citymesh new KIND` prints an example"
                ) from None
    return out


def _problem_text(problem: dict[str, Any], lang: str) -> str:
    """One problem the node found in a body, for people: the field, what is expected, a fix."""
    field, code = problem.get("path") or "$.body", problem.get("code")
    if code == "missing_field":
        text = "required field missing; add it"
    elif code == "missing_language":
        text = f"has no text in the node's language {lang!r}; add a {lang!r} entry"
        if problem.get("copy_from"):
            text += f" (translate its {problem['copy_from']!r} text, or copy it)"
    elif code in CODES:
        text = f"expected {problem.get('expected')}"
    else:  # past the schema: a reference or the chain (the node says what is wrong)
        text = str(problem.get("expected"))
    example = problem.get("example")
    # Some expectations name their own example already; a second one only repeats it.
    if example is not None and code != "missing_language" and "such as" not in text:
        text += f", such as {json.dumps(example, ensure_ascii=False)[:120]}"
    return f"{field}: {text} ({code})"


def cmd_publish(args: argparse.Namespace) -> int:
    from protocol.kinds import check_kind_name

    try:
        check_kind_name(args.kind)
    except ProtocolError as exc:
        return fail(f"KIND: {exc.detail}; `citymesh new KIND` lists the kinds this node knows")
    home = Home(args.dir)
    lang = home.load().lang
    try:
        bodies = _bodies(args.file)
    except OSError as exc:
        return fail(path_error(exc))
    except ValueError as exc:
        return fail(str(exc))
    source = "standard input" if args.file == "-" else args.file
    # All or nothing: the node checks every body, then signs and stores them all in one
    # transaction or none, so a corrected rerun publishes each body exactly once.
    events = [{"kind": args.kind, "body": body} for _, body in bodies]
    status, answer = api(home, "POST", "/api/v1/events/batch", {"events": events})
    if status == 201:
        print("\n".join(answer["ids"]))
        return 0
    if not isinstance(answer, dict) or status == 401:
        detail = answer.get("detail") if isinstance(answer, dict) else answer
        return fail(f"the node refused the token ({detail})", 1)
    errors = answer.get("errors") or [answer]
    for problem in errors:
        index = problem.get("index")
        if index is None and len(bodies) == 1:
            index = 0
        where = f"{source}: line {bodies[index][0]}" if index is not None else source
        if "expected" not in problem:  # a problem with the request itself (size, count)
            print(
                f"citymesh: {where}: {problem.get('detail')} ({problem.get('code')})",
                file=sys.stderr,
            )
        else:
            print(f"citymesh: {where}: {_problem_text(problem, lang)}", file=sys.stderr)
    return fail(
        f"nothing was published; correct the {len(errors)} problem(s) above "
        f"(`citymesh new {args.kind} --lang {lang}` shows a valid body)",
        1,
    )


def cmd_follow(args: argparse.Namespace) -> int:
    home = Home(args.dir)
    if args.via:
        payload = {"url": args.via, "author": args.target}
    else:
        payload = {"url": args.target, "all": args.all}
    status, answer = api(home, "POST", "/api/v1/admin/follow", payload)
    if status >= 300:
        return fail(f"{answer.get('code')}: {answer.get('detail')}", 1)
    what = "everything" if answer["filter"] == "*" else answer["filter"]
    print(f"following {what} via {answer['name']} ({answer['peer']})")
    return 0


def cmd_unfollow(args: argparse.Namespace) -> int:
    home = Home(args.dir)
    status, answer = api(home, "POST", "/api/v1/admin/unfollow", {"author": args.id})
    if status == 404 and isinstance(answer, dict) and answer.get("code") == "not_following":
        return fail(
            f"this node does not follow {args.id}; nothing changed. "
            f"`citymesh status {home.root}` lists the authors it follows",
            1,
        )
    if status >= 300:
        return fail(f"{answer.get('code')}: {answer.get('detail')}", 1)
    print(f"unfollowed {args.id} ({answer['stopped']} subscriptions stopped)")
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    """Erase one event's body on this node (through the running node: effective at once)."""
    payload = {"event": args.id, "reason": args.reason}
    status, answer = api(Home(args.dir), "POST", "/api/v1/admin/erase", payload)
    if status >= 300:
        return fail(f"{answer.get('code')}: {answer.get('detail')}", 1)
    if "erasure" in answer:
        print(f"erased {args.id} on every node: published erasure {answer['erasure']}")
    else:
        print(f"erased {args.id} on this node ({args.reason})")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    status, answer = api(Home(args.dir), "GET", "/api/v1/status")
    if status != 200 or not isinstance(answer, dict):
        detail = answer.get("detail") if isinstance(answer, dict) else answer
        return fail(f"the node answered {status}: {detail}", 1)
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return 0
    print(
        f"node {answer['id']} ({answer['name']}), NATS "
        f"{'connected' if answer['nats_connected'] else 'DISCONNECTED'}"
    )
    print(
        f"events accepted {answer['accepted']}, rejected {sum(answer['rejected'].values())}"
        f" {answer['rejected'] or ''}"
    )
    names = answer.get("names") or {}
    for peer in answer["peers"]:
        print(f"peer {peer['name']} {peer['url']} {'up' if peer['connected'] else 'DOWN'}")
        for f in peer["follows"]:
            who = f"{names[f['filter']]} ({f['filter']})" if f["filter"] in names else f["filter"]
            print(f"  follows {who}: cursor {f['cursor']}, lag {f['lag']}")
    if answer.get("fediverse", {}).get("enabled"):
        fed = answer["fediverse"]
        print(f"fediverse {fed['account']}: followers {fed['followers']}, queued {fed['queue']}")
    print("heads:")
    for author, seq in sorted(answer["heads"].items(), key=lambda a: (names.get(a[0], ""), a)):
        print(f"  {names.get(author, '(no profile yet)')}  {author}  {seq}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    home = Home(args.dir)
    if not home.db.exists():
        return fail(
            f"{home.db}: not found; is {home.root} a node home? (`citymesh init` makes one)"
        )
    conn = sqlite3.connect(f"file:{home.db}?mode=ro", uri=True)
    out = sys.stdout.buffer
    for (raw,) in conn.execute("SELECT raw FROM events ORDER BY n"):
        out.write(raw + b"\n")
    out.flush()
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Print an example body of a kind: commented (JSON with `//` comments) or bare JSON."""
    from protocol import registry
    from protocol.examples import commented_example, example_body

    spec = registry.get(args.kind)
    if spec is None:
        kinds = ", ".join(s.name for s in registry)
        return fail(f"KIND: {args.kind!r} is not a kind this node knows; use one of {kinds}")
    if args.json:
        print(json.dumps(example_body(spec, args.lang), indent=2, ensure_ascii=False))
    else:
        print(commented_example(spec, args.lang), end="")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo.run import run_demo

    return run_demo(args)


LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
NODE_TYPES: tuple[str, ...] = get_args(NodeType)
HOME = "the node's home directory (made by `citymesh init`)"


def interface_languages() -> list[str]:
    """The languages the node's web page speaks (its `LANGS` table)."""
    i18n = Path(__file__).parents[1] / "http" / "static" / "i18n.js"
    try:
        table = i18n.read_text(encoding="utf-8").split("export const LANGS", 1)[1].split("];")[0]
    except (OSError, IndexError):
        return []
    return [part.split('"')[1] for part in table.split("code:")[1:]]


def language(value: str) -> str:
    """`--lang`: a BCP 47 language tag."""
    try:
        return msgspec.convert(value, LangTag)
    except msgspec.ValidationError:
        shown = ", ".join(interface_languages()) or "en"
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a language tag; use a BCP 47 tag such as pt-PT, es or de "
            f"(the web page's languages: {shown})"
        ) from None


def level(value: str) -> str:
    """`--log-level`: one of `LEVELS`, in any case."""
    if value.upper() not in LEVELS:
        raise argparse.ArgumentTypeError(f"{value!r} is not a level; use {', '.join(LEVELS)}")
    return value.upper()


def node_type(value: str) -> str:
    """`--type`: one of the protocol's node types."""
    if value not in NODE_TYPES:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a node type; use one of {', '.join(NODE_TYPES)}"
        )
    return value


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose errors also say where the valid arguments are listed."""

    def error(self, message: str) -> Any:  # argparse's own signature says NoReturn
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}; `{self.prog} --help` lists the arguments\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="citymesh", description=__doc__)
    parser.add_argument("--log-level", default="WARNING", type=level, help=", ".join(LEVELS))
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create a node home")
    p.add_argument("dir", help="the new node home (a directory that does not hold a node)")
    p.add_argument("--name", required=True, help="the node's name, e.g. Lisboa")
    # Checked when the command runs, not when it is parsed: deployment files template them.
    p.add_argument("--type", required=True, help=", ".join(NODE_TYPES))
    p.add_argument("--lang", default="en", help="the node's language, e.g. pt-PT (default en)")
    p.add_argument("--http-port", type=int, default=8080)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--nats-port", type=int)
    g.add_argument("--nats-url")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("run", help="run a node in the foreground")
    p.add_argument("dir", help=HOME)
    p.add_argument("--http-port", type=int, help="listen on this port instead of http.port")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("token", help="write a new admin token (restart the node afterwards)")
    p.add_argument("dir", help=HOME)
    p.set_defaults(handler=cmd_token)

    p = sub.add_parser("publish", help="sign and publish events through the running node")
    p.add_argument("dir", help=HOME)
    p.add_argument("kind", help="the kind of event, e.g. initiative (`citymesh new KIND`)")
    p.add_argument(
        "file",
        nargs="?",
        default="-",
        help="one JSON body, or JSON Lines (one body per line, all or none published); "
        "- for standard input",
    )
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser("follow", help="replicate a peer's events")
    p.add_argument("dir", help=HOME)
    p.add_argument("target", help="a peer's HTTP URL, or an author id with --via")
    p.add_argument("--all", action="store_true", help="every author the peer carries")
    p.add_argument("--via", help="the peer URL that relays the author")
    p.set_defaults(handler=cmd_follow)

    p = sub.add_parser("unfollow", help="stop replicating an author")
    p.add_argument("dir", help=HOME)
    p.add_argument("id", help="the author's id (did:key:...), as `citymesh status` lists it")
    p.set_defaults(handler=cmd_unfollow)

    p = sub.add_parser("erase", help="erase an event's body on this node (SPEC.md §6.4)")
    p.add_argument("dir", help=HOME)
    p.add_argument("id", help="the event id (64 hex digits)")
    p.add_argument(
        "--reason", required=True, choices=["personal_data", "legal_order", "published_in_error"]
    )
    p.set_defaults(handler=cmd_erase)

    p = sub.add_parser("status", help="peers, followed authors, heads and lag")
    p.add_argument("dir", help=HOME)
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("export", help="write all stored events as JSON Lines")
    p.add_argument("dir", help=HOME)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("verify", help="check a JSON Lines file of signed events")
    p.add_argument("file", help="JSON Lines file, or - for standard input")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("keygen", help="create an Ed25519 keypair and print its public id")
    p.add_argument("--out", help="write the secret seed (hex) to this new file")
    p.set_defaults(handler=cmd_keygen)

    p = sub.add_parser("new", help="print an example body of a kind, to edit and publish")
    p.add_argument("kind", help="the kind, e.g. initiative, meeting, org.example.legal-clinic")
    p.add_argument("--lang", default="en", type=language, help="the node's language (default en)")
    p.add_argument("--json", action="store_true", help="bare JSON, without the comments")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("demo", help="run a local federation of four nodes with seed data")
    p.add_argument("--dir", help="where the nodes live (default: a new temporary folder)")
    p.add_argument("--base-port", type=int, default=8400, help="first HTTP port (NATS: +100)")
    p.set_defaults(handler=cmd_demo)
    deploy.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(name)s %(message)s")
    redact.install()
    handler: Handler = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        return fail(str(exc))
    except OSError as exc:  # a path that is wrong for what it was given as
        return fail(path_error(exc))
    except KeyboardInterrupt:
        return 130


#: What to do about a path the system refused, by errno.
PATH_FIXES = {
    errno.ENOENT: "does not exist (or its directory does not); check the path",
    errno.ENOTDIR: "a part of this path is a file, not a directory; give a path in a directory",
    errno.EISDIR: "is a directory; give a file",
    errno.EEXIST: "exists already; give a new path",
    errno.EACCES: "may not be read or written by this user; check its permissions",
    errno.EPERM: "may not be read or written by this user; check its permissions",
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EROFS: "is on a read-only file system; give a writable path",
}


def path_error(exc: OSError) -> str:
    """An operating system error as one line naming the path and the fix."""
    where = exc.filename if exc.filename is not None else "a file"
    fix = PATH_FIXES.get(exc.errno or 0, f"{exc.strerror or exc}; check the path")
    return f"{where}: {fix}"


if __name__ == "__main__":
    sys.exit(main())
