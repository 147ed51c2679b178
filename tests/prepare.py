"""Install the parts the test suite needs that pip cannot: Debian's chromium, and axe-core
(the accessibility audit the browser tests inject into pages) from the npm registry.

Run by the README's test command before pytest. Does nothing when both are present.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
#: axe-core goes into a git-ignored folder beside the tests; the version is pinned.
AXE_DIR = Path(__file__).parent / ".npm"
AXE_VERSION = "4.14.1"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def axe() -> int:
    """npm install axe-core (pinned) into tests/.npm unless it is there already."""
    if AXE.exists():
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print(
            "npm is missing: the accessibility tests need axe-core from the npm registry.\n"
            "Install it with: sudo apt-get install -y npm",
            file=sys.stderr,
        )
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
    status = chromium()
    return status or axe()


def chromium() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium.\n"
            "Install it with: sudo apt-get update && sudo apt-get install -y chromium",
            file=sys.stderr,
        )
        return 1
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return 0 if os.path.exists(CHROMIUM) else 1


if __name__ == "__main__":
    sys.exit(main())
