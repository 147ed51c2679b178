"""The versioned catalogue of event kinds and its extension point.

Core kinds have short reserved names. Third-party kinds use reverse-DNS names and register
through the `citymesh.kinds` entry-point group: an entry point names a list (or a function
returning a list) of `KindSpec`s. See SPEC.md §Extensions.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterable

from ..errors import SchemaError
from .core import CORE_KINDS
from .spec import KindSpec, check_languages, schema_error
from .types import Body, whole

__all__ = [
    "KindSpec",
    "Body",
    "Registry",
    "registry",
    "check_kind_name",
    "is_core_shaped",
    "KIND_NAME",
    "MAX_KIND_NAME",
    "check_languages",
    "schema_error",
    "CORE_NAMES",
    "ENTRY_POINT_GROUP",
]

ENTRY_POINT_GROUP = "citymesh.kinds"
CORE_NAMES = frozenset(k.name for k in CORE_KINDS)
#: Core kinds, present and future: one or two lowercase labels.
CORE_SHAPE = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
#: Third-party kinds: a reverse-DNS name of at least three labels.
REVERSE_DNS = rf"{_LABEL}(?:\.{_LABEL}){{2,}}"
#: Every kind name (SPEC.md §7.1), at most `MAX_KIND_NAME` characters; see `types.whole`.
KIND_NAME = whole(f"{CORE_SHAPE}|{REVERSE_DNS}")
MAX_KIND_NAME = 128
_CORE_SHAPE, _KIND_NAME = re.compile(whole(CORE_SHAPE)), re.compile(KIND_NAME)


def check_kind_name(name: str) -> None:
    """A kind name is a core-shaped name (one or two lowercase labels: a core kind, maybe one
    added after this version) or a reverse-DNS name of at least three labels.

    Raises:
        SchemaError: `bad_kind_name`.
    """
    if name in CORE_NAMES or (len(name) <= MAX_KIND_NAME and _KIND_NAME.search(name)):
        return
    raise SchemaError(
        "bad_kind_name",
        f"{name[:80]!r} is not a core kind name (like meeting.outcome) and not a reverse-DNS"
        " name like org.example.thing",
        "$.kind",
    )


def is_core_shaped(name: str) -> bool:
    """Whether `name` has the shape of a core kind's name, reserved for this specification."""
    return _CORE_SHAPE.search(name) is not None


class Registry:
    """Kinds by name: the core kinds plus those from installed extensions.

    Installed extensions are looked for when first needed (a kind that is not a core kind,
    the list of kinds, `refused`), or when `load_extensions` is called: the search through
    the installed packages costs more than importing the rest of the protocol, and a process
    that meets only core kinds (a verifier worker) never needs it."""

    def __init__(self, specs: Iterable[KindSpec] = CORE_KINDS, *, load_plugins: bool = True):
        self._kinds: dict[str, KindSpec] = {}
        for spec in specs:
            self.register(spec, core=True)
        self._refused: dict[str, str] = {}
        self._pending = load_plugins
        # Verify threads may meet their first extension kind at once: one of them loads.
        self._loading = threading.Lock()

    @property
    def refused(self) -> dict[str, str]:
        """Extension entry points that were refused, with the reason (they are skipped: a
        broken or squatting extension must not stop a node that has it installed)."""
        self.load_extensions()
        return self._refused

    def load_extensions(self) -> None:
        """Register the kinds of the `citymesh.kinds` entry points, once."""
        if not self._pending:
            return
        with self._loading:
            if not self._pending:
                return
            from importlib.metadata import entry_points

            for ep in entry_points(group=ENTRY_POINT_GROUP):
                try:
                    loaded = ep.load()
                    specs = list(loaded() if callable(loaded) else loaded)
                    for spec in specs:  # check them all before taking any
                        self._check_extension(spec)
                except Exception as exc:  # any failure of third-party code: skip it, say why
                    self._refused[ep.name] = f"{type(exc).__name__}: {exc}"
                    warnings.warn(
                        f"citymesh.kinds entry point {ep.name!r} skipped: {exc}",
                        RuntimeWarning,
                        stacklevel=3,
                    )
                    continue
                for spec in specs:
                    self._add(spec)
            self._pending = False

    def _check_extension(self, spec: KindSpec) -> None:
        if not isinstance(spec, KindSpec):
            raise TypeError(f"{spec!r} is not a KindSpec")
        self._check_name(spec.name)
        if spec.name in self._kinds:
            raise ValueError(f"kind {spec.name!r} is registered twice")

    @staticmethod
    def _check_name(name: str) -> None:
        if name in CORE_NAMES:
            raise ValueError(f"{name!r} is a reserved core kind")
        check_kind_name(name)
        if is_core_shaped(name):
            raise ValueError(f"{name!r} is reserved for core kinds: use a reverse-DNS name")

    def register(self, spec: KindSpec, *, core: bool = False) -> None:
        """Add a kind; extensions may not take core names or replace a kind."""
        if not core:
            self.load_extensions()  # an installed extension comes first, as it always did
            self._check_name(spec.name)
        self._add(spec)

    def _add(self, spec: KindSpec) -> None:
        if spec.name in self._kinds and self._kinds[spec.name] is not spec:
            raise ValueError(f"kind {spec.name!r} is registered twice")
        self._kinds[spec.name] = spec

    def get(self, name: str) -> KindSpec | None:
        """The kind's spec, or None for a kind this node does not know (still valid)."""
        spec = self._kinds.get(name)
        if spec is None and self._pending:
            self.load_extensions()
            spec = self._kinds.get(name)
        return spec

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.load_extensions()
        return iter(sorted(self._kinds.values(), key=lambda s: s.name))

    def __contains__(self, name: object) -> bool:
        if name not in self._kinds:
            self.load_extensions()
        return name in self._kinds


registry = Registry()
