"""Install the parts the test suite needs that pip cannot: Debian's chromium, the npm packages
of the Fedify follower the Fediverse tests run (tests/fediverse/follower), and axe-core (the
accessibility audit the browser tests inject into pages).

Run by the README's test command before pytest. Does nothing when all are present.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FOLLOWER = Path(__file__).resolve().parent / "fediverse" / "follower"
#: axe-core goes into a git-ignored folder beside the tests; the version is pinned.
AXE_DIR = Path(__file__).resolve().parent / ".npm"
AXE_VERSION = "4.14.1"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def _apt(*packages: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def _can_apt() -> bool:
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def chromium() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if not _can_apt():
        print(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium.\n"
            "Install it with: sudo apt-get update && sudo apt-get install -y chromium",
            file=sys.stderr,
        )
        return 1
    _apt("chromium")
    return 0 if os.path.exists(CHROMIUM) else 1


def _npm(what: str) -> str | None:
    """npm's path, installing Node.js and npm from Debian if they are missing."""
    if shutil.which("npm") is None:
        if not _can_apt():
            print(
                f"npm is missing: {what} need Node.js (20 or later) and npm.\n"
                "Install them with: sudo apt-get update && sudo apt-get install -y nodejs npm",
                file=sys.stderr,
            )
            return None
        _apt("nodejs", "npm")
    return shutil.which("npm")


def fedify() -> int:
    """`npm ci` in the follower's folder, from its package-lock.json."""
    if (FOLLOWER / "node_modules" / "@fedify" / "fedify").is_dir():
        return 0
    npm = _npm("the Fediverse tests")
    if npm is None:
        return 1
    done = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLLOWER, check=False
    )
    return done.returncode


def axe() -> int:
    """npm install axe-core (pinned) into tests/.npm unless it is there already."""
    if AXE.exists():
        return 0
    npm = _npm("the accessibility tests")
    if npm is None:
        return 1
    AXE_DIR.mkdir(exist_ok=True)
    subprocess.run(
        [
            npm,
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(AXE_DIR),
            f"axe-core@{AXE_VERSION}",
        ],
        check=True,
    )
    return 0 if AXE.exists() else 1


def main() -> int:
    # All are tried, so one run says everything that is missing.
    return max(chromium(), fedify(), axe())


if __name__ == "__main__":
    sys.exit(main())
