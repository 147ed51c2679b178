// The map page: initiatives and meetings from this node's GeoJSON feeds as markers, over
// the configured tiles or, with none, the bundled Natural Earth land outline (works offline).
// Popups and the list are built as elements: no event text is ever parsed as HTML.

import { el, getJSON } from "./dom.js";

// The server rendered this page in the reader's language; texts and dates follow it.
const LANG = document.documentElement.lang || "en";

function when(start) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(start || "");
  if (!m) return start || "";
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0)));
  const opts = { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" };
  if (m[4]) Object.assign(opts, { hour: "2-digit", minute: "2-digit" });
  return new Intl.DateTimeFormat(LANG, opts).format(date);
}

const COLORS = { initiative: "#1f5f8b", meeting: "#b45309" };

function popup(p) {
  return el(
    "div",
    {},
    el("a", { href: new URL(p.page, location.href).pathname, text: p.title || p.id }),
    p.place ? el("p", { text: p.place }) : "",
    p.start ? el("p", { text: when(p.start) }) : "",
  );
}

async function main() {
  const body = document.body;
  const box = document.getElementById("map");
  const map = L.map(box, { worldCopyJump: true, zoomSnap: 0.5 }).setView([20, 0], 1.5);
  if (body.dataset.tiles) {
    L.tileLayer(body.dataset.tiles, { maxZoom: 18, attribution: "" })
      .on("tileerror", () => box.classList.add("offline"))
      .addTo(map);
    // The attribution is text from the node's settings: added as text, never as HTML.
    if (body.dataset.attribution) {
      const note = el("p", { class: "attribution hint", text: body.dataset.attribution });
      box.after(note);
    }
  } else {
    box.classList.add("offline");
    const land = await getJSON("/static/vendor/land-110m.geojson");
    L.geoJSON(land, {
      interactive: false,
      style: { color: "#8a97a6", weight: 1, fillColor: "#eef1f4", fillOpacity: 1 },
    }).addTo(map);
  }
  const [initiatives, meetings] = await Promise.all([
    getJSON(`/feeds/initiatives.geojson?lang=${encodeURIComponent(LANG)}`),
    getJSON(`/feeds/meetings.geojson?lang=${encodeURIComponent(LANG)}`),
  ]);
  const list = document.getElementById("places");
  const points = [];
  for (const feature of [...initiatives.features, ...meetings.features]) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const kind = p.kind === "meeting" ? "meeting" : "initiative";
    // Meetings are drawn smaller and after initiatives: one in the same place stays visible.
    L.circleMarker([lat, lon], {
      radius: kind === "meeting" ? 6 : 10,
      color: "#ffffff",
      weight: 2,
      fillColor: COLORS[kind],
      fillOpacity: 0.95,
      className: `marker marker-${kind}`,
    })
      .bindPopup(() => popup(p))
      .addTo(map);
    points.push([lat, lon]);
    list.append(
      el(
        "li",
        { class: `place-${kind}` },
        el("a", { href: new URL(p.page, location.href).pathname, text: p.title || p.id }),
        p.place ? ` — ${p.place}` : "",
      ),
    );
  }
  if (points.length) map.fitBounds(points, { padding: [30, 30], maxZoom: 11 });

  body.dataset.ready = "true";
}

main();
