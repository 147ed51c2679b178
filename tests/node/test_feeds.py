"""Standard feeds (iCalendar, Atom, GeoJSON, CSV, ActivityStreams) read by independent parsers.

One federation of two real nodes is built once for the module (budget: under 10 s in all);
every test reads its feeds over HTTP on loopback.
"""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import feedparser
import icalendar
import pytest
import pytest_asyncio
from helpers import eventually, initiative, new_node

from node.app import Node

pytestmark = pytest.mark.asyncio(loop_scope="module")

ATOM = "{http://www.w3.org/2005/Atom}"
AT = "{http://purl.org/atompub/tombstones/1.0}"
SCRIPT = "<script>alert(1)</script>"
# A title that tries to close the VEVENT and open another one: it must stay one SUMMARY.
ICS_BREAKOUT = f"{SCRIPT}\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:forged"
FORMULAS = ('=HYPERLINK("http://127.0.0.1/x")', "+SUM(1;2)", "-2+3", "@cmd")


@dataclass
class Federation:
    a: Node  # Lisboa, default language pt: meetings, some initiatives
    b: Node  # Barcelona, default language en: initiatives (one retracted), endorsement
    http: aiohttp.ClientSession
    ids: dict[str, str] = field(default_factory=dict)
    times: dict[str, str] = field(default_factory=dict)
    ics_before_updates: bytes = b""

    async def get(self, node: Node, path: str, **headers: str) -> aiohttp.ClientResponse:
        response = await self.http.get(node.http_url + path, headers=headers)
        await response.read()
        return response

    async def body(self, node: Node, path: str, content_type: str) -> bytes:
        response = await self.get(node, path)
        assert response.status == 200, await response.text()
        assert response.content_type == content_type
        return await response.read()


def meeting(title: dict[str, str], start: str, tz: str, status: str, **extra: Any) -> dict:
    return {"title": title, "start": start, "timezone": tz, "status": status, **extra}


SAO_PAULO = {"name": {"pt": "Câmara Municipal"}, "geo": {"lat": "-23.5505", "lon": "-46.6333"}}
BARCELONA = {"name": {"en": "Plaça Sant Jaume"}, "geo": {"lat": "41.3829", "lon": "2.1774"}}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root: Path = tmp_path_factory.mktemp("feeds")
    a = await new_node(root, "Lisboa", lang="pt")
    b = await new_node(root, "Barcelona", lang="en")
    http = aiohttp.ClientSession()
    f = Federation(a, b, http)
    try:
        await a.follow(b.http_url)
        await b.follow(a.http_url)
        ids, times = f.ids, f.times

        m1 = await a.publish(
            "meeting",
            meeting(
                {"pt": "Assembleia de acolhimento", "en": "Welcome assembly"},
                "2030-05-01T18:00",
                "America/Sao_Paulo",
                "confirmed",
                end="2030-05-01T20:00",
                place=SAO_PAULO,
                description={"pt": "Aberta a todas as pessoas"},
            ),
        )
        ids["m1"] = m1.envelope.id
        f.ics_before_updates = await f.body(a, "/feeds/meetings.ics", "text/calendar")
        moved = meeting(
            {"pt": "Assembleia de acolhimento", "en": "Welcome assembly"},
            "2030-05-01T19:00",
            "America/Sao_Paulo",
            "confirmed",
            end="2030-05-01T21:00",
            place=SAO_PAULO,
        )
        await a.publish("update", {"event": ids["m1"], "body": moved})
        moved["title"] = {"pt": "Assembleia geral de acolhimento", "en": "General welcome assembly"}
        await a.publish("update", {"event": ids["m1"], "body": moved})

        m2_body = meeting(
            {"pt": "Fórum de Madrid"}, "2030-06-10T10:00", "Europe/Madrid", "confirmed"
        )
        m2 = await a.publish("meeting", m2_body)
        ids["m2"] = m2.envelope.id
        await a.publish("update", {"event": ids["m2"], "body": {**m2_body, "status": "cancelled"}})
        m3 = await a.publish(
            "meeting", meeting({"pt": ICS_BREAKOUT}, "2030-07-01T09:30", "UTC", "tentative")
        )
        ids["m3"] = m3.envelope.id
        m4 = await a.publish(
            "meeting", meeting({"pt": "Reunião privada"}, "2030-08-01T09:00", "UTC", "confirmed")
        )
        ids["m4"] = m4.envelope.id
        await a.publish("retraction", {"event": ids["m4"], "reason": "privacy_request"})

        i1 = await a.publish(
            "initiative",
            {
                **initiative("Plano municipal de acolhimento", lang="pt"),
                "title": {"pt": "Plano municipal de acolhimento", "en": "Municipal welcome plan"},
                "places": [SAO_PAULO],
            },
        )
        ids["i1"] = i1.envelope.id
        ids["i2"] = (await a.publish("initiative", initiative(SCRIPT, lang="pt"))).envelope.id
        formula = initiative(FORMULAS[0], lang="pt")
        formula["summary"] = {"pt": FORMULAS[1]}
        formula["places"] = [{"name": {"pt": FORMULAS[2]}}]
        formula["legal"] = {"identifier": FORMULAS[3]}
        ids["i3"] = (await a.publish("initiative", formula)).envelope.id
        outcome = {
            "meeting": ids["m1"],
            "summary": {"pt": "Aprovado o plano"},
            "decisions": [{"text": {"pt": "Aprovar"}, "result": "adopted"}],
        }
        ids["outcome"] = (await a.publish("meeting.outcome", outcome)).envelope.id
        declaration = {"title": {"pt": "Declaração de Lisboa"}, "text": {"pt": "Acolhemos"}}
        ids["declaration"] = (await a.publish("declaration", declaration)).envelope.id
        for week in range(10):  # enough activities for a second outbox page
            await a.publish(
                "progress.report",
                {"about": ids["i1"], "date": f"2030-01-{week + 10}", "status": "on_track"},
            )

        j1 = await b.publish(
            "initiative",
            {
                **initiative("Welcome centre"),
                "title": {"en": "Welcome centre", "es": "Centro de acogida"},
                "places": [BARCELONA, {"name": {"en": "Online"}}],
            },
        )
        ids["j1"] = j1.envelope.id
        j2 = await b.publish("initiative", initiative("Closed programme", places=[BARCELONA]))
        ids["j2"] = j2.envelope.id
        # Updated, then retracted: a retracted object keeps only its Delete, no Update.
        renamed = initiative("Closed programme (2026)", places=[BARCELONA])
        await b.publish("update", {"event": ids["j2"], "body": renamed})
        gone = await b.publish(
            "retraction",
            {"event": ids["j2"], "reason": "withdrawn", "explanation": {"en": "Funding ended"}},
        )
        ids["j2_retraction"] = gone.envelope.id
        times["j2_retracted"] = gone.envelope.created_at
        endorsement = {"event": ids["i1"], "stance": "support", "statement": {"en": "Yes"}}
        ids["endorsement"] = (await b.publish("endorsement", endorsement)).envelope.id
        partnership = {
            "partners": [a.id, b.id],
            "type": "twinning",
            "title": {"en": "Lisboa–Barcelona twinning"},
        }
        ids["partnership"] = (await b.publish("partnership", partnership)).envelope.id

        async def converged() -> bool:
            for author in (a.id, b.id):
                if await a.store.digest(author) != await b.store.digest(author):
                    return False
            return True

        await eventually(converged, timeout=10, what="both nodes hold both feeds")
        yield f
    finally:
        await http.close()
        await b.stop()
        await a.stop()


def vevents(raw: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(raw)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


async def test_meetings_ics_keeps_uids_bumps_sequence_and_keeps_cancelled(fed: Federation) -> None:
    before = vevents(fed.ics_before_updates)
    after = vevents(await fed.body(fed.a, "/feeds/meetings.ics", "text/calendar"))
    uid1, uid2 = f"{fed.ids['m1']}@citymesh", f"{fed.ids['m2']}@citymesh"
    assert set(before) == {uid1}
    uid3, uid4 = f"{fed.ids['m3']}@citymesh", f"{fed.ids['m4']}@citymesh"
    assert set(after) == {uid1, uid2, uid3, uid4}  # UID survives two updates
    assert before[uid1]["SEQUENCE"] == 0 and after[uid1]["SEQUENCE"] == 2
    assert before[uid1]["STATUS"] == "CONFIRMED"

    m1 = after[uid1]
    start = m1.decoded("DTSTART")
    assert m1["DTSTART"].params["TZID"] == "America/Sao_Paulo"
    assert start == datetime(2030, 5, 1, 19, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
    assert m1.decoded("DTEND") == datetime(2030, 5, 1, 21, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
    assert str(m1["SUMMARY"]) == "Assembleia geral de acolhimento"  # node language by default
    assert m1["SUMMARY"].params["LANGUAGE"] == "pt"
    assert "Câmara Municipal" in str(m1["LOCATION"])
    assert (m1["GEO"].latitude, m1["GEO"].longitude) == (-23.5505, -46.6333)
    assert m1.decoded("DTSTAMP").tzinfo is not None

    raw = await fed.get(fed.a, str(m1["URL"]).removeprefix(fed.a.http_url))
    assert raw.status == 200 and (await raw.json())["id"] == fed.ids["m1"]

    cancelled = after[uid2]
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 1
    assert cancelled["DTSTART"].params["TZID"] == "Europe/Madrid"
    # A retracted meeting stays, cancelled and without its content, so calendars drop it.
    retracted = after[uid4]
    assert retracted["STATUS"] == "CANCELLED" and retracted["SEQUENCE"] == 1
    assert str(retracted["SUMMARY"]) == "(retracted)" and "DESCRIPTION" not in retracted
    cal = icalendar.Calendar.from_ical(fed.ics_before_updates)
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {"America/Sao_Paulo"}

    english = vevents(await fed.body(fed.a, "/feeds/meetings.ics?lang=en", "text/calendar"))
    assert str(english[uid1]["SUMMARY"]) == "General welcome assembly"
    assert english[uid1]["SUMMARY"].params["LANGUAGE"] == "en"
    german = vevents(await fed.body(fed.a, "/feeds/meetings.ics?lang=de", "text/calendar"))
    assert str(german[uid2]["SUMMARY"]) == "Fórum de Madrid"  # falls back to the event's default

    # Replicated: B serves the same calendar entries for A's meetings.
    on_b = vevents(await fed.body(fed.b, "/feeds/meetings.ics", "text/calendar"))
    assert on_b[uid1]["SEQUENCE"] == 2 and on_b[uid2]["STATUS"] == "CANCELLED"


async def test_ics_title_with_markup_and_line_breaks_stays_one_summary(fed: Federation) -> None:
    raw = await fed.body(fed.a, "/feeds/meetings.ics", "text/calendar")
    events = vevents(raw)
    assert len(icalendar.Calendar.from_ical(raw).walk("VEVENT")) == 4  # nothing forged
    m3 = events[f"{fed.ids['m3']}@citymesh"]
    assert str(m3["SUMMARY"]) == ICS_BREAKOUT.replace("\r\n", "\n")
    assert b"\r\nSUMMARY:forged" not in raw
    assert m3.decoded("DTSTART") == datetime(2030, 7, 1, 9, 30, tzinfo=ZoneInfo("UTC"))


async def test_initiatives_atom_languages_ids_and_tombstone(fed: Federation) -> None:
    raw = await fed.body(fed.a, "/feeds/initiatives.atom?lang=es", "application/atom+xml")
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.language == "es"
    entries = {e.id: e for e in parsed.entries}
    urn = {k: f"urn:citymesh:event:{fed.ids[k]}" for k in ("i1", "i2", "i3", "j1", "j2")}
    assert set(entries) == {urn["i1"], urn["i2"], urn["i3"], urn["j1"]}  # j2 was retracted
    assert entries[urn["j1"]].title == "Centro de acogida"
    assert entries[urn["j1"]].title_detail.language == "es"
    assert entries[urn["i1"]].title == "Plano municipal de acolhimento"  # no es: default pt
    assert entries[urn["i1"]].title_detail.language == "pt"
    assert entries[urn["j1"]].author == "Barcelona"
    alternate = [x for x in entries[urn["j1"]].links if x.rel == "alternate"]
    assert [x.href for x in alternate] == [f"{fed.a.http_url}/api/v1/events/{fed.ids['j1']}"]

    english = feedparser.parse(
        await fed.body(fed.a, "/feeds/initiatives.atom?lang=en", "application/atom+xml")
    )
    assert {e.id: e.title for e in english.entries}[urn["i1"]] == "Municipal welcome plan"

    root = ET.fromstring(raw)
    tombstones = root.findall(f"{AT}deleted-entry")
    assert [t.get("ref") for t in tombstones] == [urn["j2"]]
    assert tombstones[0].get("when") == fed.times["j2_retracted"]
    assert "Funding ended" in (tombstones[0].findtext(f"{AT}comment") or "")
    for entry in root.findall(f"{ATOM}entry"):
        updated = entry.findtext(f"{ATOM}updated") or ""
        assert datetime.fromisoformat(updated.replace("Z", "+00:00")).tzinfo is not None

    # The same object has the same entry id on every node that carries it.
    on_b = feedparser.parse(
        await fed.body(fed.b, "/feeds/initiatives.atom", "application/atom+xml")
    )
    assert {e.id for e in on_b.entries} == set(entries)


async def test_atom_title_with_script_is_text_not_markup(fed: Federation) -> None:
    raw = await fed.body(fed.a, "/feeds/initiatives.atom", "application/atom+xml")
    assert SCRIPT.encode() not in raw and b"&lt;script&gt;" in raw
    root = ET.fromstring(raw)
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert SCRIPT in titles
    parsed = feedparser.parse(raw)
    assert SCRIPT in [e.title for e in parsed.entries]


def check_rfc7946(doc: Any) -> list[dict]:
    """A small RFC 7946 validator for FeatureCollections of Points; returns the features."""
    assert isinstance(doc, dict) and doc.get("type") == "FeatureCollection"
    assert "crs" not in doc  # RFC 7946 §4: no crs member
    assert isinstance(doc.get("features"), list)
    for feature in doc["features"]:
        assert feature.get("type") == "Feature"
        assert isinstance(feature.get("properties"), dict)
        assert isinstance(feature.get("id", ""), str | int)
        geometry = feature.get("geometry")
        assert isinstance(geometry, dict) and geometry.get("type") == "Point"
        position = geometry.get("coordinates")
        assert isinstance(position, list) and len(position) in (2, 3)
        assert all(type(x) in (int, float) and math.isfinite(x) for x in position)
        lon, lat = position[0], position[1]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    return doc["features"]


async def test_initiatives_geojson_points_are_lon_lat_numbers(fed: Federation) -> None:
    raw = await fed.body(fed.a, "/feeds/initiatives.geojson?lang=es", "application/geo+json")
    features = check_rfc7946(json.loads(raw))
    by_object = {f["properties"]["id"]: f for f in features}
    # i1 and one of j1's two places have coordinates; j2 is retracted; i2, i3 have no place.
    assert set(by_object) == {fed.ids["i1"], fed.ids["j1"]} and len(features) == 2
    assert by_object[fed.ids["i1"]]["geometry"]["coordinates"] == [-46.6333, -23.5505]
    j1 = by_object[fed.ids["j1"]]
    assert j1["geometry"]["coordinates"] == [2.1774, 41.3829]
    assert j1["properties"]["title"] == "Centro de acogida"
    assert j1["properties"]["author"] == fed.b.id
    assert j1["properties"]["category"] == "welcoming_rights"
    assert j1["properties"]["status"] == "active"
    assert j1["properties"]["url"] == f"{fed.a.http_url}/api/v1/events/{fed.ids['j1']}"


async def read_csv(fed: Federation, node: Node, table: str, query: str = "") -> list[dict]:
    raw = await fed.body(node, f"/feeds/{table}.csv{query}", "text/csv")
    return list(csv.DictReader(io.StringIO(raw.decode(), newline="")))


async def test_csv_tables_round_trip_and_are_injection_safe(fed: Federation) -> None:
    rows = {r["id"]: r for r in await read_csv(fed, fed.a, "initiatives", "?lang=en")}
    assert set(rows) == {fed.ids[k] for k in ("i1", "i2", "i3", "j1")}
    i1 = rows[fed.ids["i1"]]
    assert i1["title"] == "Municipal welcome plan"
    assert json.loads(i1["title_langs"]) == {
        "pt": "Plano municipal de acolhimento",
        "en": "Municipal welcome plan",
    }
    assert (float(i1["lat"]), float(i1["lon"])) == (-23.5505, -46.6333)  # numbers stay numbers
    assert i1["author_name"] == "Lisboa" and i1["version"] == "1"
    i3 = rows[fed.ids["i3"]]
    assert i3["title"] == "'" + FORMULAS[0] and i3["summary"] == "'" + FORMULAS[1]
    assert i3["place"] == "'" + FORMULAS[2] and i3["legal_identifier"] == "'" + FORMULAS[3]
    assert json.loads(i3["title_langs"]) == {"pt": FORMULAS[0]}
    assert rows[fed.ids["i2"]]["title"] == SCRIPT
    for row in rows.values():
        for value in row.values():
            assert not value or value[0] not in "=+@" and not value.startswith("-2+")

    meetings = {r["id"]: r for r in await read_csv(fed, fed.a, "meetings")}
    assert meetings[fed.ids["m1"]]["version"] == "3"
    assert meetings[fed.ids["m2"]]["status"] == "cancelled"
    assert meetings[fed.ids["m1"]]["timezone"] == "America/Sao_Paulo"
    assert fed.ids["m4"] not in meetings  # retracted: its content is no longer shown
    expected = {
        "outcomes": ("outcome", "meeting", fed.ids["m1"]),
        "declarations": ("declaration", "title", "Declaração de Lisboa"),
        "endorsements": ("endorsement", "stance", "support"),
        "partnerships": ("partnership", "partners", f"{fed.a.id};{fed.b.id}"),
    }
    for table, (key, column, value) in expected.items():
        table_rows = await read_csv(fed, fed.b, table)
        assert [r["id"] for r in table_rows] == [fed.ids[key]], table
        assert table_rows[0][column] == value, table
    nodes = {r["id"]: r for r in await read_csv(fed, fed.a, "nodes")}
    assert {nodes[fed.a.id]["name"], nodes[fed.b.id]["name"]} == {"Lisboa", "Barcelona"}
    assert nodes[fed.a.id]["node_type"] == "municipality"


async def test_activitystreams_outbox_pages_creates_updates_and_tombstone(fed: Federation) -> None:
    response = await fed.get(fed.a, "/feeds/outbox")
    assert response.status == 200 and response.content_type == "application/activity+json"
    outbox = json.loads(await response.read())
    assert outbox["@context"] == "https://www.w3.org/ns/activitystreams"
    assert outbox["type"] == "OrderedCollection"
    # By A 8 Creates, 3 Updates, 10 progress reports and 1 Delete; by B 3 Creates, 1 Delete.
    assert outbox["totalItems"] == 26

    items: list[dict] = []
    url: str | None = outbox["first"]
    pages = 0
    while url:
        page = json.loads(
            await fed.body(fed.a, url.removeprefix(fed.a.http_url), "application/activity+json")
        )
        assert page["type"] == "OrderedCollectionPage" and page["partOf"] == outbox["id"]
        assert page["@context"] == outbox["@context"]
        items += page["orderedItems"]
        url, pages = page.get("next"), pages + 1
    assert pages == 2 and len(items) == outbox["totalItems"]
    assert len({i["id"] for i in items}) == len(items)
    stamps = [i["published"] for i in items]
    assert stamps == sorted(stamps, reverse=True)  # newest first

    def about(key: str) -> list[dict]:
        object_url = f"{fed.a.http_url}/api/v1/events/{fed.ids[key]}"
        return [i for i in items if i["object"]["id"] == object_url]

    m1 = about("m1")
    assert sorted(i["type"] for i in m1) == ["Create", "Update", "Update"]
    create = next(i for i in m1 if i["type"] == "Create")
    assert create["published"] < min(i["published"] for i in m1 if i["type"] == "Update")
    event = create["object"]
    assert event["type"] == "Event"
    assert event["startTime"] == "2030-05-01T18:00:00-03:00"  # as first published
    latest = max((i for i in m1 if i["type"] == "Update"), key=lambda i: i["published"])
    assert latest["object"]["nameMap"]["en"] == "General welcome assembly"
    assert latest["object"]["location"]["latitude"] == -23.5505

    deleted = about("j2")
    assert [i["type"] for i in deleted] == ["Delete"]
    assert deleted[0]["object"]["type"] == "Tombstone"
    assert deleted[0]["object"]["formerType"] == "Article"
    assert deleted[0]["object"]["deleted"] == fed.times["j2_retracted"]
    assert deleted[0]["actor"] == fed.b.id

    script = about("i2")[0]["object"]
    assert script["type"] == "Article" and script["nameMap"] == {"pt": SCRIPT}
    assert "<script>" not in json.dumps(script["contentMap"])
    j1 = about("j1")[0]["object"]
    assert j1["nameMap"] == {"en": "Welcome centre", "es": "Centro de acogida"}
    assert about("endorsement")[0]["object"]["inReplyTo"].endswith(fed.ids["i1"])


async def test_feed_errors_are_problems_and_unchanged_feeds_are_not_resent(
    fed: Federation,
) -> None:
    cases = [
        ("/feeds/initiatives.atom?lang=not%20a%20tag", 400, "bad_parameter", "lang"),
        ("/feeds/secrets.csv", 404, "unknown_feed", "kind"),
        ("/feeds/outbox?page=0", 400, "bad_parameter", "page"),
        ("/feeds/outbox?page=two", 400, "bad_parameter", "page"),
    ]
    for path, status, code, where in cases:
        response = await fed.get(fed.a, path)
        assert response.status == status, path
        assert response.content_type == "application/problem+json", path
        problem = await response.json(content_type=None)
        assert (problem["code"], problem.get("path")) == (code, where), path

    first = await fed.get(fed.a, "/feeds/initiatives.geojson")
    again = await fed.get(
        fed.a, "/feeds/initiatives.geojson", **{"If-None-Match": first.headers["ETag"]}
    )
    assert again.status == 304 and await again.read() == b""
    beyond = json.loads(await fed.body(fed.a, "/feeds/outbox?page=99", "application/activity+json"))
    assert beyond["orderedItems"] == [] and "next" not in beyond


async def test_whole_collections_are_read_a_page_at_a_time_and_sent_from_a_file(
    fed: Federation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export holds one page of rows at a time, and once larger than the spool's memory
    goes through a temporary file: the same bytes and ETag as read in one page, and 304."""
    from node.feeds import rows
    from node.http import spool

    exports = {
        "/feeds/meetings.ics": "text/calendar",
        "/feeds/meetings.geojson": "application/geo+json",
        "/feeds/initiatives.geojson": "application/geo+json",
        "/feeds/meetings.csv": "text/csv",
        "/feeds/initiatives.csv": "text/csv",
    }
    whole = {}
    for path in exports:
        response = await fed.get(fed.a, path)
        assert response.status == 200
        whole[path] = (await response.read(), response.headers["ETag"])

    batches: list[int] = []
    object_rows = rows.object_rows
    monkeypatch.setattr(
        rows,
        "object_rows",
        lambda c, page, cls: batches.append(len(page)) or object_rows(c, page, cls),
    )
    files: list[object] = []
    temporary_file = spool.tempfile.TemporaryFile
    monkeypatch.setattr(rows, "PAGE", 2)
    monkeypatch.setattr(spool, "MEMORY", 200)
    monkeypatch.setattr(spool, "SLICE", 100)
    monkeypatch.setattr(
        spool.tempfile, "TemporaryFile", lambda: files.append(1) or temporary_file()
    )
    for path, content_type in exports.items():
        body, etag = whole[path]
        assert await fed.body(fed.a, path, content_type) == body, path
        again = await fed.get(fed.a, path, **{"If-None-Match": etag})
        assert again.status == 304 and again.headers["ETag"] == etag
        async with fed.http.head(fed.a.http_url + path) as head:
            assert head.status == 200 and head.headers["ETag"] == etag
            assert int(head.headers["Content-Length"]) == len(body)
    assert max(batches) == 2 and batches.count(2) >= len(exports)
    assert len(files) == 3 * len(exports)  # GET, its 304 and HEAD: each spooled
