"""JSON Schemas of the envelope and of each core kind's body, generated with msgspec.

`python -m protocol.schema [OUT_DIR]` rewrites `protocol/schemas/`; a test checks that the
committed files equal a fresh generation. The Python types stay the source of truth: the
schemas describe them for other languages and cannot express cross-field rules (language
maps holding the default language, ids, signatures, chains).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from .envelope import UNERASABLE_KINDS, VERSION, Envelope
from .kinds import KIND_NAME, KindSpec, Registry
from .kinds.core import CORE_KINDS

__all__ = ["DIRECTORY", "DIALECT", "envelope_schema", "kind_schema", "build", "write"]

DIRECTORY = Path(__file__).parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def envelope_schema() -> dict[str, Any]:
    """The schema of a v1 envelope (the body is any object; its kind's schema applies)."""
    schema = {"$schema": DIALECT, **msgspec.json.schema(Envelope)}
    envelope = schema["$defs"]["Envelope"]
    envelope["properties"]["v"] = {"const": VERSION}
    # Rules the reference checks outside the types (SPEC.md §5 steps 8 and 9), written here
    # so that a schema validator decides them too.
    envelope["properties"]["kind"]["pattern"] = KIND_NAME
    envelope["if"] = {"properties": {"seq": {"const": 1}}}
    envelope["then"] = {"properties": {"prev": {"type": "null"}}}
    envelope["else"] = {"properties": {"prev": {"type": "string"}}}
    # The two forms (SPEC.md §2): a full event, or its skeleton.
    envelope["oneOf"] = [
        {"required": ["body", "salt"], "not": {"required": ["body_digest"]}},
        {
            "required": ["body_digest"],
            "not": {"anyOf": [{"required": ["body"]}, {"required": ["salt"]}]},
            # §5 step 10: these kinds keep their bodies.
            "properties": {"kind": {"not": {"enum": sorted(UNERASABLE_KINDS)}}},
        },
    ]
    return schema


def kind_schema(spec: KindSpec) -> dict[str, Any]:
    """The schema of one kind's body, tagged with the kind's name and schema version."""
    return {
        "$schema": DIALECT,
        "title": spec.name,
        "description": spec.description,
        "x-citymesh-kind": spec.name,
        "x-citymesh-kv": spec.version,
        **msgspec.json.schema(spec.body),
    }


def _dump(schema: dict[str, Any]) -> bytes:
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def build(kinds: Registry | None = None) -> dict[str, bytes]:
    """Schema files by name: `envelope.json` and `<kind>.json` per kind (core kinds by default)."""
    kinds = kinds or Registry(CORE_KINDS, load_plugins=False)
    files = {"envelope.json": _dump(envelope_schema())}
    for spec in kinds:
        files[f"{spec.name}.json"] = _dump(kind_schema(spec))
    return files


def write(directory: Path = DIRECTORY, kinds: Registry | None = None) -> list[str]:
    """Write the schema files into `directory`; return their names."""
    directory.mkdir(parents=True, exist_ok=True)
    files = build(kinds)
    for name, data in files.items():
        (directory / name).write_bytes(data)
    return sorted(files)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for name in write(Path(args[0]) if args else DIRECTORY):
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
