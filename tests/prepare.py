"""Install the system parts the test suite needs that pip cannot: Debian's chromium.

Run by the README's test command before pytest. Does nothing when chromium is present.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
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
