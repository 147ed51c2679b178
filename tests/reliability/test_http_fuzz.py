"""Fuzzing every route and parameter of the HTTP API, generated from the node's own OpenAPI
document: never a 5xx, every 4xx a problem+json with a code, and the node stays healthy."""

from __future__ import annotations

import json

import pytest
from httpfuzz import Fuzzer, operations, requests
from hypothesis import HealthCheck, given, settings
from nodeproc import NodeProc


@pytest.mark.slow
def test_every_route_and_parameter_survives_hostile_requests(tmp_path):
    node = NodeProc(tmp_path, "F")
    node.start()
    try:
        fuzzer = Fuzzer(node.url, node.token)
        document = fuzzer.document()
        assert len(operations(document)) >= 20

        @settings(
            max_examples=400,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(requests(document, node.token))
        def run(request) -> None:
            fuzzer.check(request)
            if fuzzer.sent % 50 == 0:
                assert fuzzer.healthy()

        run()
        assert fuzzer.healthy()
        print("http fuzz figures", json.dumps(fuzzer.figures()))
        assert fuzzer.sent >= 400
        assert "Traceback" not in node.log.read_text(errors="replace")
    finally:
        node.stop()
