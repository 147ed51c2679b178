"""The `citymesh` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from protocol import SigningKey
from protocol.verify import verify_lines

Handler = Callable[[argparse.Namespace], int]


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a JSON Lines file of events; exit 0 only if every event is valid."""
    path = Path(args.file)
    try:
        stream = sys.stdin.buffer if args.file == "-" else path.open("rb")
    except OSError as exc:
        print(f"citymesh verify: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    with stream:
        count, problems = verify_lines(stream, now=datetime.now(timezone.utc))
    for p in problems:
        print(f"line {p.line}: {p.id or '-'}: {p.error}")
    print(f"{count} events, {count - len(problems)} valid, {len(problems)} invalid", file=sys.stderr)
    return 1 if problems else 0


def cmd_keygen(args: argparse.Namespace) -> int:
    """Print a new keypair's public id (and write its seed to --out, mode 0600)."""
    key = SigningKey.generate()
    if args.out:
        out = Path(args.out)
        if out.exists():
            print(f"citymesh keygen: {out} exists; refusing to overwrite", file=sys.stderr)
            return 2
        out.touch(mode=0o600)
        out.write_bytes(key.seed.hex().encode() + b"\n")
    print(key.public_id)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citymesh", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("verify", help="check a JSON Lines file of signed events")
    p.add_argument("file", help="JSON Lines file, or - for standard input")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("keygen", help="create an Ed25519 keypair and print its public id")
    p.add_argument("--out", help="write the secret seed (hex) to this new file")
    p.set_defaults(handler=cmd_keygen)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
