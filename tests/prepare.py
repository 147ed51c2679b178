"""Install the system parts the test suite needs that pip cannot: Debian's chromium, and the
npm packages of the Fedify follower the Fediverse tests run (tests/fediverse/follower).

Run by the README's test command before pytest. Does nothing when both are present.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FOLLOWER = Path(__file__).resolve().parent / "fediverse" / "follower"


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


def fedify() -> int:
    """`npm ci` in the follower's folder, from its package-lock.json."""
    if (FOLLOWER / "node_modules" / "@fedify" / "fedify").is_dir():
        return 0
    if shutil.which("npm") is None:
        if not _can_apt():
            print(
                "npm is missing: the Fediverse tests need Node.js (20 or later) and npm.\n"
                "Install them with: sudo apt-get update && sudo apt-get install -y nodejs npm",
                file=sys.stderr,
            )
            return 1
        _apt("nodejs", "npm")
    done = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLLOWER, check=False
    )
    return done.returncode


def main() -> int:
    # Both are tried, so one run says everything that is missing.
    return max(chromium(), fedify())


if __name__ == "__main__":
    sys.exit(main())
