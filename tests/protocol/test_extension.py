"""The example extension, installed for real, registers its kind through the entry point."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SOURCE = Path(__file__).parents[2] / "protocol" / "example-extension"
ROOT = Path(__file__).parents[2]


def _can_build_offline() -> bool:
    """setuptools builds wheels by itself from 70.1; before that it needs `wheel` installed."""
    import setuptools

    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the installed extension (built from a copy, keeping the tree clean)."""
    base = tmp_path_factory.mktemp("extension")
    source = base / "src"
    shutil.copytree(SOURCE, source)
    target = base / "site"
    # Without a wheel-capable setuptools in this venv, pip fetches the backend into isolation.
    isolation = ["--no-build-isolation"] if _can_build_offline() else []
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            *isolation,
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def _run(code: str, *path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*map(str, path), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        cwd=path[0],
        timeout=60,
    )


def test_installed_extension_registers_its_kind(site: Path) -> None:
    result = _run(
        """
        from protocol import ProtocolError, Registry, SigningKey, build_event, decode_event
        kinds = Registry()
        spec = kinds.get("org.example.legal-clinic")
        assert spec is not None and spec.version == 1, list(kinds)
        body = {
            "title": {"pt": "Consultas jurídicas gratuitas", "en": "Free legal advice"},
            "schedule": [{"weekday": "tue", "opens": "17:00", "closes": "20:00"}],
            "timezone": "Europe/Lisbon",
            "languages": ["pt", "en", "ar"],
            "topics": ["asylum", "residence_permits"],
            "access": "walk_in",
        }
        key = SigningKey(bytes([1]) * 32)
        event = build_event(
            key, seq=1, prev=None, kind=spec.name, body=body, lang="pt", kinds=kinds
        )
        assert decode_event(event.raw, kinds=kinds).payload.schedule[0].weekday == "tue"
        assert decode_event(event.raw).payload is not None  # the default registry loads it too
        for bad, code in [
            ({**body, "schedule": []}, "bad_value"),
            ({**body, "topics": ["tourism"]}, "bad_value"),
            ({**body, "title": {"en": "Free legal advice"}}, "missing_language"),
            ({k: v for k, v in body.items() if k != "timezone"}, "missing_field"),
            ({**body, "languages": "pt"}, "bad_field_type"),
        ]:
            try:
                spec.validate(bad, "pt")
            except ProtocolError as exc:
                assert exc.code == code, (exc, code)
            else:
                raise AssertionError(bad)
        print("ok")
        """,
        site,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_extension_cannot_take_a_core_name(site: Path, tmp_path: Path) -> None:
    (tmp_path / "squatter.py").write_text(
        "from protocol.kinds import KindSpec\n"
        "from citymesh_legal_clinic import LegalClinic\n"
        "def kinds():\n"
        "    return [KindSpec('meeting', 1, LegalClinic, 'Not a meeting.')]\n"
    )
    info = tmp_path / "squatter-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: squatter\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[citymesh.kinds]\nsquatter = squatter:kinds\n")
    # The squatting entry point is skipped with a warning; everything else still loads.
    result = _run(
        "import protocol\n"
        "from protocol.kinds import core\n"
        "assert protocol.registry.get('meeting').body is core.Meeting\n"
        "assert 'org.example.legal-clinic' in protocol.registry\n"
        "print(protocol.registry.refused['squatter'])\n",
        tmp_path,
        site,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ValueError: 'meeting' is a reserved core kind"
    assert "citymesh.kinds entry point 'squatter' skipped" in result.stderr
