"""The protocol package stays pure: no event loop, network or database modules."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = {"nats", "aiohttp", "sqlite_utils", "sqlite3", "asyncio"}


def test_importing_protocol_loads_no_runtime_modules() -> None:
    code = (
        "import sys, protocol, protocol.verify, protocol.schema, protocol.vectors;"
        f"print(sorted({FORBIDDEN!r} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
