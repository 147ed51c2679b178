"""Kind names, the registry and the core catalogue."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from protocol import KindSpec, ProtocolError, Registry, registry
from protocol.examples import example_body
from protocol.kinds import CORE_NAMES, check_kind_name, is_core_shaped
from protocol.kinds.core import CORE_KINDS
from protocol.kinds.types import Body, LangMap


class Note(Body):
    text: LangMap


@pytest.mark.parametrize(
    "name",
    ["profile", "meeting.outcome", "org.example.legal-clinic", "city.lisboa.notice", "a.b.c"],
)
def test_good_kind_names(name: str) -> None:
    check_kind_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Note",
        "meeting.minutes.",
        "meeting..minutes",
        "1note",
        "org.example\n",
        "org.example.note\n",
        "Org.Example.Note",
        "org..example.note",
        "org.example.-note",
        "org.example.note-",
        "org.exam_ple.note",
        "org.example." + "a" * 120,
        "org.example.nöte",
    ],
)
def test_bad_kind_names(name: str) -> None:
    with pytest.raises(ProtocolError, match="bad_kind_name"):
        check_kind_name(name)


@pytest.mark.parametrize("name", ["note", "meeting.minutes", "org.example", "a_b.c_d"])
def test_core_shaped_names_a_later_version_may_add_are_valid(name: str) -> None:
    """SPEC §7.1-7.2: a v1 node accepts a core kind added after v1, as an unknown kind."""
    check_kind_name(name)
    assert is_core_shaped(name)


def test_core_catalogue() -> None:
    assert len(CORE_KINDS) == 17
    assert {k.name for k in registry} >= CORE_NAMES
    assert all(k.version == 1 for k in CORE_KINDS)


def test_registry_rules() -> None:
    kinds = Registry(load_plugins=False)
    spec = KindSpec("org.example.note", 1, Note, "A note.")
    kinds.register(spec)
    kinds.register(spec)  # the same spec twice is harmless
    assert kinds.get("org.example.note") is spec and "org.example.note" in kinds
    with pytest.raises(ValueError, match="registered twice"):
        kinds.register(KindSpec("org.example.note", 2, Note, "Another note."))
    with pytest.raises(ValueError, match="reserved core kind"):
        kinds.register(KindSpec("meeting", 1, Note, "Not a meeting."))
    with pytest.raises(ValueError, match="reserved for core kinds"):
        kinds.register(KindSpec("note", 1, Note, "Too short a name."))
    with pytest.raises(ProtocolError, match="bad_kind_name"):
        kinds.register(KindSpec("Org.Example.Note", 1, Note, "Capitals."))
    assert kinds.get("org.example.other") is None


def test_extension_body_validation() -> None:
    spec = KindSpec("org.example.note", 1, Note, "A note.")
    assert spec.validate({"text": {"ca": "Hola"}, "extra": 1}, "ca").text == {"ca": "Hola"}  # type: ignore[attr-defined]
    with pytest.raises(ProtocolError) as caught:
        spec.validate({"text": {"es": "Hola"}}, "ca")
    assert (caught.value.code, caught.value.path) == ("missing_language", "$.body.text")
    with pytest.raises(ProtocolError, match="bad_value"):
        spec.validate({"text": {}}, "ca")


def _language_maps(value: object, path: str = "") -> list[str]:
    """The paths of the example's language maps (objects whose only member is "en")."""
    if isinstance(value, dict):
        if list(value) == ["en"]:
            return [path]
        return [p for k, v in value.items() for p in _language_maps(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _language_maps(v, f"{path}[{i}]")]
    return []


def _without_english(value: object, path: str, at: str = "") -> object:
    if at == path:
        return {"ca": "Text"}
    if isinstance(value, dict):
        return {k: _without_english(v, path, f"{at}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_without_english(v, path, f"{at}[{i}]") for i, v in enumerate(value)]
    return value


@pytest.mark.parametrize("spec", CORE_KINDS, ids=lambda s: s.name)
def test_each_language_map_lacking_the_default_language_is_named(spec: KindSpec) -> None:
    # The check first runs without paths, then walks again to name the map: both must find
    # every map, nested in objects and lists too.
    body = example_body(spec, "en")
    spec.validate(body, "en")
    for path in _language_maps(body):
        with pytest.raises(ProtocolError) as caught:
            spec.validate(_without_english(body, path), "en")  # type: ignore[arg-type]
        assert (caught.value.code, caught.value.path) == ("missing_language", f"$.body{path}")


def test_checking_core_kinds_never_searches_the_installed_packages() -> None:
    """A verifier worker meets core kinds: it starts without the search for extensions (the
    import of importlib.metadata and the scan of every installed package's metadata)."""
    code = textwrap.dedent(
        """
        import sys
        from protocol import SigningKey, build_event, decode_event, registry
        from protocol.examples import example_body
        spec = registry.get("initiative")
        raw = build_event(
            SigningKey(bytes([1]) * 32), seq=1, prev=None, kind=spec.name,
            body=example_body(spec), lang="en",
        ).raw
        decode_event(raw)
        print("importlib.metadata" in sys.modules)
        assert "org.example.absent" not in registry  # a kind it does not know: it looks
        print("importlib.metadata" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", "True"]
