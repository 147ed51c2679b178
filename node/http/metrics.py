"""Prometheus metrics (text format 0.0.4) of acceptance, publishing, NATS, peers and the view."""

from __future__ import annotations

from aiohttp import web

from protocol.errors import CODES

from . import openapi
from .keys import NODE

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def escape(value: str) -> str:
    """A label value escaped as the text format requires (backslash, quote, newline)."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels: str) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{escape(v)}"' for k, v in labels.items()) + "}"


class _Text:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def family(self, name: str, type_: str, help_: str) -> None:
        self.lines += [f"# HELP {name} {help_}", f"# TYPE {name} {type_}"]

    def sample(self, name: str, value: int | float, **labels: str) -> None:
        self.lines.append(f"{name}{_labels(**labels)} {value}")


@openapi.describe(answers={200: openapi.text("text/plain", "Prometheus text format 0.0.4")})
async def metrics(request: web.Request) -> web.Response:
    """This node's counters and gauges for Prometheus."""
    node = request.app[NODE]
    out = _Text()
    ingest = node.ingest
    out.family("citymesh_events_accepted_total", "counter", "Events accepted into the store.")
    out.sample("citymesh_events_accepted_total", ingest.accepted)
    out.family("citymesh_events_duplicate_total", "counter", "Events received again.")
    out.sample("citymesh_events_duplicate_total", ingest.duplicates)
    out.family("citymesh_events_rejected_total", "counter", "Events rejected, by protocol code.")
    # Every known code, even at 0, so dashboards and rate() see stable series.
    for code in sorted(set(CODES) | set(ingest.rejected)):
        out.sample("citymesh_events_rejected_total", ingest.rejected.get(code, 0), code=code)
    out.family("citymesh_events_published_total", "counter", "Events published to NATS.")
    out.sample("citymesh_events_published_total", node.transport.published)
    out.family("citymesh_nats_connected", "gauge", "1 if connected to the node's NATS server.")
    out.sample("citymesh_nats_connected", int(node.transport.connected))
    peers = node.replicator.status()
    out.family("citymesh_peer_connected", "gauge", "1 if connected to the peer's NATS.")
    for peer in peers:
        out.sample("citymesh_peer_connected", int(peer["connected"]), peer=peer["url"])
    out.family("citymesh_peer_lag", "gauge", "Events the peer holds that we have not taken yet.")
    for peer in peers:
        for sub in peer["follows"]:
            out.sample("citymesh_peer_lag", sub["lag"], peer=peer["url"], filter=sub["filter"])
    counts = await node.store.read(
        lambda c: c.execute("SELECT kind, COUNT(*) FROM objects GROUP BY kind").fetchall()
    )
    out.family("citymesh_view_objects", "gauge", "Objects in the view, by kind.")
    for kind, count in counts:
        out.sample("citymesh_view_objects", count, kind=kind)
    body = "\n".join(out.lines) + "\n"
    return web.Response(body=body.encode(), headers={"Content-Type": CONTENT_TYPE})


def setup(app: web.Application) -> None:
    app.router.add_get("/metrics", metrics)
