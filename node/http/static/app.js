// The shared view page: initiatives, meetings with outcomes, declarations, partnerships and
// the network, from /api/v1/view/*, refreshed live from /api/v1/stream.

import { clear, el, getJSON, langText, languageSwitcher, plain, shortId } from "./dom.js";
import { formatDate, formatLocal, formatMonth, humanise, initLang, lang, t, translatePage, vocab } from "./i18n.js";

const LIMIT = 200;
// The values of the initiative's vocabularies, read from the kinds this node serves
// (/api/v1/kinds), so a value added to the protocol appears here without a copy in this file.
const VOCABULARIES = { category: [], status: [] };

const state = {
  nodes: [],
  byId: new Map(),
  initiatives: { items: [], next: null },
  meetings: [],
  outcomes: new Map(),
  declarations: [],
  partnerships: [],
  errors: {},
  // Filter values from the address, applied once their options exist.
  wanted: {},
};

const $ = (id) => document.getElementById(id);

// -- names and small pieces ------------------------------------------------------------------

function nodeName(id, fallbackMap) {
  const node = state.byId.get(id);
  if (node) return plain(node.name, node.lang);
  if (fallbackMap) return plain(fallbackMap);
  return shortId(id);
}

function nameEl(id, map) {
  const node = state.byId.get(id);
  // Names are proper nouns: the lang attribute is set, but no fallback badge is shown.
  if (node) return langText("span", node.name, node.lang, {}, false);
  if (map) return langText("span", map, undefined, {}, false);
  return el("span", { class: "id", title: id, text: shortId(id) });
}

function party(p) {
  if (!p) return "";
  if (p.node) return nameEl(p.node);
  return el("span", { text: p.name || "" });
}

function chip(text, cls = "") {
  return el("span", { class: `chip ${cls}`.trim(), text });
}

const TONE = {
  active: "good", completed: "good", held: "good", confirmed: "good", adopted: "good",
  consensus: "good", done: "good", on_track: "good", accepted: "good",
  suspended: "warn", postponed: "warn", tentative: "warn", deferred: "warn", at_risk: "warn",
  delayed: "warn", in_progress: "warn", proposed: "warn", pending: "plain", open: "plain",
  repealed: "bad", withdrawn: "bad", cancelled: "bad", rejected: "bad", dropped: "bad",
  declined: "bad", ended: "plain",
};

function statusChip(group, value) {
  return value ? chip(vocab(group, value), TONE[value] || "") : "";
}

function heading(level, map, lang, attrs = {}) {
  return langText(`h${Math.min(level, 6)}`, map, lang, attrs);
}

/** An item's title as a link to its own page (/items/{id}), which works without scripts. */
function itemHeading(item, level, map, lang) {
  const h = heading(level, map, lang);
  const a = el("a", { href: `/items/${encodeURIComponent(item.id)}`, class: "item-link" });
  while (h.firstChild) a.append(h.firstChild);
  h.append(a);
  return h;
}

/** Retracted items, folded away under one line that says how many there are. */
function withdrawnFold(items, build, level) {
  if (!items.length) return "";
  return el(
    "details",
    { class: "withdrawn" },
    el("summary", { text: t("withdrawn.n", { n: items.length }) }),
    el("div", { class: "grid" }, items.map((i) => build(i, level))),
  );
}

function placeText(place, lang) {
  if (!place) return "";
  const a = place.address || {};
  return [place.name ? plain(place.name, lang) : "", a.locality, a.country].filter(Boolean).join(", ");
}

/** The card footer: verified signature, publishing node, link to the raw signed event. */
function provenance(item, title) {
  const by = item.published_by || item.author;
  const byName = item.published_by_name || item.author_name;
  return el(
    "p",
    { class: "provenance" },
    el("span", { class: item.verified ? "ok" : "", text: t(item.verified ? "verified" : "unverified") }),
    el("span", {}, t("published_by", { name: "" }).trim(), " ", nameEl(by, byName)),
    item.version > 1
      ? el("span", { text: t("version", { n: item.version, date: formatDate(item.updated_at) }) })
      : "",
    item.id
      ? el("a", {
          href: `/items/${encodeURIComponent(item.id)}#trust-h`,
          text: t("trust"),
          "aria-label": t("trust.label", { title }),
        })
      : "",
    el("a", {
      href: item.event_url,
      text: t("raw"),
      "aria-label": t("raw.label", { title }),
      type: "application/json",
    }),
  );
}

function retraction(item) {
  const r = item.retracted;
  if (!r) return "";
  return el(
    "p",
    { class: "retraction", role: "note" },
    el("strong", { text: `${t("retracted")}: ${vocab("reason", r.reason)}` }),
    r.explanation ? [" — ", langText("span", r.explanation, item.lang)] : "",
  );
}

function erasedNote(item) {
  const e = item.body && item.body.erased;
  if (!e) return "";
  return el("p", { class: "erased", role: "note" }, el("strong", { text: e.note || "erased" }));
}

function card(item, level, children, extraClass = "") {
  const title = plain(item.body.title || item.body.name || item.body.summary, item.lang);
  return el(
    "article",
    {
      class: `card ${item.retracted ? "retracted" : ""} ${extraClass}`.trim(),
      dataset: { id: item.id },
    },
    children[0] && children[0].classList && children[0].classList.contains("cat-bar")
      ? [children[0], retraction(item), erasedNote(item), children.slice(1)]
      : [retraction(item), erasedNote(item), children],
    provenance(item, title),
  );
}

function meta(rows) {
  const dl = el("dl", { class: "meta" });
  for (const [label, value] of rows) {
    if (value == null || value === "" || (Array.isArray(value) && !value.length)) continue;
    // A value takes the direction of its own text (names, places, addresses), not the page's.
    dl.append(el("dt", { text: label }), el("dd", { dir: "auto" }, value));
  }
  return dl.childElementCount ? dl : "";
}

function join(nodes, sep = ", ") {
  const out = [];
  nodes.forEach((n, i) => {
    if (i) out.push(sep);
    out.push(n);
  });
  return out;
}

function externalLink(url, text) {
  return el("a", { href: url, rel: "noopener noreferrer external", text: text || url });
}

function progressBar(value, label) {
  if (value == null) return "";
  return el(
    "div",
    { class: "progress" },
    el("span", { text: label }),
    el(
      "div",
      {
        class: "track",
        role: "progressbar",
        "aria-valuemin": 0,
        "aria-valuemax": 100,
        "aria-valuenow": value,
        "aria-label": label,
      },
      el("div", { class: "fill", style: null, dataset: { w: value } }),
    ),
    el("span", { text: `${value}%` }),
  );
}

// A list of what refers to an item holds its newest entries only: say how many came before.
function earlier(total, shown) {
  const more = (total ?? shown.length) - shown.length;
  return more > 0 ? el("p", { class: "hint", text: t("earlier", { n: more }) }) : "";
}

/** The latest progress report; the item's own page lists them all. */
function reports(list, level, item) {
  if (!list || !list.length) return "";
  return [
    el(`h${Math.min(level, 6)}`, { class: "sub", text: t("i.reports") }),
    (item.progress_reports_total ?? list.length) > 1
      ? el("p", { class: "hint" }, el("a", { href: `/items/${encodeURIComponent(item.id)}`, text: t("i.all_reports", { n: item.progress_reports_total ?? list.length }) }))
      : "",
    el(
      "ul",
      { class: "plain" },
      [...list].reverse().slice(0, 1).map((r) =>
        el(
          "li",
          {},
          el(
            "div",
            { class: "report-head" },
            el("time", { datetime: r.date, text: formatDate(r.date) }),
            statusChip("prog", r.status),
            r.progress != null ? el("span", { text: `${r.progress}%` }) : "",
            el("span", {}, "· ", nameEl(r.author, r.author_name)),
          ),
          r.narrative ? langText("p", r.narrative) : "",
          r.metrics && r.metrics.length
            ? el(
                "p",
                { class: "hint" },
                join(r.metrics.map((m) => `${humanise(m.name)}: ${m.value}${m.unit ? ` ${m.unit}` : ""}`), " · "),
              )
            : "",
        ),
      ),
    ),
  ];
}

// Widths are set through the CSSOM: the page's CSP forbids inline style attributes.
function applyWidths(root) {
  for (const fill of root.querySelectorAll(".fill[data-w]")) {
    fill.style.width = `${Math.max(0, Math.min(100, Number(fill.dataset.w)))}%`;
  }
}

function showState(container, text, cls = "status-msg") {
  clear(container).append(el("p", { class: cls, text }));
  container.setAttribute("aria-busy", "false");
}

// -- initiatives -----------------------------------------------------------------------------

function initiativeCard(item, level) {
  const b = item.body;
  const latest = item.progress_reports && item.progress_reports.at(-1);
  const progress = b.progress ?? (latest ? latest.progress : null);
  const period =
    b.start || b.end
      ? b.end
        ? `${formatDate(b.start) || "…"} – ${formatDate(b.end)}`
        : t("i.since", { date: formatDate(b.start) })
      : "";
  const legal = b.legal
    ? [
        b.legal.url ? externalLink(b.legal.url, b.legal.identifier) : b.legal.identifier,
        b.legal.type ? ` (${vocab("instrument", b.legal.type)})` : "",
        b.legal.adopted_on ? ` · ${formatDate(b.legal.adopted_on)}` : "",
      ]
    : "";
  return card(item, level, [
    el("div", { class: `cat-bar cat-${b.category}`, "aria-hidden": "true" }),
    el(
      "div",
      { class: "chips" },
      chip(vocab("cat", b.category), `cat-${b.category}`),
      statusChip("istatus", b.status),
      b.instrument ? chip(vocab("instrument", b.instrument), "plain") : "",
    ),
    itemHeading(item, level, b.title, item.lang),
    el("p", { class: "who" }, nameEl(item.author, item.author_name)),
    langText("p", b.summary, item.lang, { class: "summary" }),
    progressBar(progress, t("i.progress")),
    meta([
      [t("i.period"), period],
      [t("i.places"), (b.places || []).map((p) => placeText(p, item.lang)).filter(Boolean).join("; ")],
      [t("i.for"), (b.target_groups || []).map((g) => vocab("target", g)).join(", ")],
      [t("i.languages"), (b.languages_offered || []).join(", ")],
      [t("i.legal"), legal],
      [t("i.partners"), b.partners && b.partners.length ? join(b.partners.map(party)) : ""],
      [t("i.homepage"), b.homepage ? externalLink(b.homepage) : ""],
    ]),
    reports(item.progress_reports, level + 1, item),
  ]);
}

function renderInitiatives() {
  const box = $("initiatives-list");
  if (state.errors.initiatives) return showState(box, t("error.load", { detail: state.errors.initiatives }), "error-msg");
  const all = state.initiatives.items;
  const items = all.filter((i) => !i.retracted);
  const filtered = Boolean(currentFilters().toString());
  $("initiatives-count").textContent = t("count", { n: items.length });
  if (!all.length) return showState(box, t(filtered ? "empty.filtered" : "empty"));
  const groupBy = document.querySelector('input[name="group"]:checked').value;
  const groups = new Map();
  if (groupBy === "category") {
    for (const c of VOCABULARIES.category) groups.set(c, { title: vocab("cat", c), cls: `cat-${c}`, items: [] });
    for (const item of items) {
      const key = item.body.category;
      if (!groups.has(key)) groups.set(key, { title: vocab("cat", key), cls: "", items: [] });
      groups.get(key).items.push(item);
    }
  } else {
    for (const item of items) {
      if (!groups.has(item.author)) {
        groups.set(item.author, { author: item.author, name: item.author_name, items: [] });
      }
      groups.get(item.author).items.push(item);
    }
  }
  const out = [];
  for (const group of groups.values()) {
    if (!group.items.length) continue;
    const title = group.author ? nameEl(group.author, group.name) : el("span", { text: group.title });
    out.push(
      el(
        "h3",
        { class: "group-head" },
        group.cls ? el("span", { class: `chip ${group.cls}`, "aria-hidden": "true", text: "●" }) : "",
        title,
        el("span", { class: "n", text: `(${group.items.length})` }),
      ),
      el("div", { class: "grid" }, group.items.map((i) => initiativeCard(i, 4))),
    );
  }
  out.push(withdrawnFold(all.filter((i) => i.retracted), initiativeCard, 4));
  if (state.initiatives.next) {
    out.push(el("button", { type: "button", class: "secondary more", text: t("more"), onclick: loadMoreInitiatives }));
  }
  clear(box).append(...out);
  box.setAttribute("aria-busy", "false");
  applyWidths(box);
}

function currentFilters() {
  const form = $("filters");
  const params = new URLSearchParams();
  for (const name of ["q", "author", "category", "status"]) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

/** The filters every kind shares (words and who published): they apply to every section. */
function sharedFilters() {
  const all = currentFilters();
  const out = new URLSearchParams({ limit: LIMIT });
  for (const name of ["q", "author"]) if (all.has(name)) out.set(name, all.get(name));
  return out;
}

/** Keep the filters in the address, so a reload or a shared link shows the same selection. */
function saveFilters() {
  const params = currentFilters();
  const group = document.querySelector('input[name="group"]:checked').value;
  if (group !== "city") params.set("group", group);
  const query = params.toString();
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
}

function restoreFilters() {
  const params = new URLSearchParams(location.search);
  const form = $("filters");
  form.elements.q.value = (params.get("q") || "").slice(0, 500);
  for (const name of ["author", "category", "status"]) {
    if (params.get(name)) state.wanted[name] = params.get(name);
  }
  const group = form.querySelector(`input[name="group"][value="${params.get("group") === "category" ? "category" : "city"}"]`);
  group.checked = true;
}

function applyFilters() {
  saveFilters();
  loadInitiatives();
  loadMeetings();
  loadDeclarations();
  loadPartnerships();
}

/** Feed links in the reader's language (the one parameter the feeds take). */
function subscribeLinks() {
  const query = `?lang=${encodeURIComponent(lang())}`;
  $("sub-webcal").href = `webcal://${location.host}/feeds/meetings.ics${query}`;
  for (const a of document.querySelectorAll('.subscribe a:not(#sub-webcal)')) {
    a.href = `${new URL(a.href).pathname}${query}`;
  }
}

async function loadInitiatives() {
  const params = currentFilters();
  params.set("limit", LIMIT);
  try {
    state.initiatives = await getJSON(`/api/v1/view/initiatives?${params}`);
    delete state.errors.initiatives;
  } catch (err) {
    state.errors.initiatives = err.message;
  }
  renderInitiatives();
}

async function loadMoreInitiatives() {
  const params = currentFilters();
  params.set("limit", LIMIT);
  params.set("after", state.initiatives.next);
  const page = await getJSON(`/api/v1/view/initiatives?${params}`);
  state.initiatives = { items: [...state.initiatives.items, ...page.items], next: page.next };
  renderInitiatives();
}

function fillFilterOptions() {
  const form = $("filters");
  const fill = (select, options) => {
    const keep = select.value || state.wanted[select.name] || "";
    if (options.length) delete state.wanted[select.name];
    clear(select).append(el("option", { value: "", text: t("filter.any") }));
    for (const [value, label] of options) select.append(el("option", { value, text: label }));
    select.value = options.some(([v]) => v === keep) ? keep : "";
  };
  const places = state.nodes
    .map((n) => [n.id, plain(n.name, n.lang)])
    .sort((a, b) => a[1].localeCompare(b[1]));
  fill(form.elements.author, places);
  fill(form.elements.category, VOCABULARIES.category.map((c) => [c, vocab("cat", c)]));
  fill(form.elements.status, VOCABULARIES.status.map((s) => [s, vocab("istatus", s)]));
}

// -- meetings --------------------------------------------------------------------------------

function decisionItem(d, lang) {
  const v = d.votes;
  return el(
    "li",
    {},
    el(
      "div",
      { class: "chips" },
      d.type ? chip(vocab("dtype", d.type), "plain") : "",
      statusChip("dresult", d.result),
    ),
    langText("p", d.text, lang),
    v
      ? el(
          "p",
          { class: "votes" },
          `${t("m.votes")}: `,
          ["yes", "no", "abstain"]
            .filter((k) => v[k] != null)
            .map((k, i) => [i ? " · " : "", `${t(`m.${k}`)} `, el("b", { text: String(v[k]) })]),
        )
      : "",
  );
}

function actionTable(items, lang, level) {
  return [
    el(`h${Math.min(level, 6)}`, { class: "sub", text: t("m.actions") }),
    el(
      "div",
      { class: "table-scroll" },
      el(
        "table",
        { class: "actions" },
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            ["m.action", "m.owner", "m.due", "m.status"].map((k) => el("th", { scope: "col", text: t(k) })),
          ),
        ),
        el(
          "tbody",
          {},
          items.map((a) =>
            el(
              "tr",
              {},
              el("td", {}, langText("span", a.text, lang)),
              el("td", {}, party(a.owner)),
              el("td", {}, a.due ? el("time", { datetime: a.due, text: formatDate(a.due) }) : ""),
              el("td", {}, statusChip("astatus", a.status)),
            ),
          ),
        ),
      ),
    ),
  ];
}

/** Who attested this exact outcome, who of the invited has not, and attestations of earlier versions. */
function attestationBlock(att) {
  if (!att) return "";
  const names = (list) => join(list.map((a) => nameEl(a.author || a.id, a.author_name || a.name)));
  return el(
    "div",
    { class: "attestations" },
    att.current.length
      ? el("p", { class: "attested" }, el("strong", { text: t("m.attested_by") }), " ", names(att.current))
      : "",
    att.missing.length
      ? el("p", { class: "missing" }, el("strong", { text: t("m.not_attested") }), " ", names(att.missing))
      : "",
    att.earlier.map((a) =>
      el("p", { class: "hint earlier", text: t("m.attested_earlier", { name: nodeName(a.author, a.author_name), n: a.version }) }),
    ),
  );
}

function outcomeBlock(o, level) {
  const full = state.outcomes.get(o.id);
  const b = full ? full.body : { summary: o.summary };
  const lang = full ? full.lang : undefined;
  const title = t("m.outcome");
  return el(
    "div",
    { class: "outcome" },
    el(`h${Math.min(level, 6)}`, { class: "sub" }, el("a", { href: `/items/${encodeURIComponent(o.id)}`, text: title })),
    langText("p", b.summary, lang),
    b.attendees_count != null ? el("p", { class: "hint", text: t("m.attendees", { n: b.attendees_count }) }) : "",
    // Decisions and action items fold away on the overview; the outcome's own page shows them.
    (b.decisions && b.decisions.length) || (b.action_items && b.action_items.length)
      ? el(
          "details",
          { class: "more-details" },
          el("summary", {
            text: [
              b.decisions && b.decisions.length ? `${t("m.decisions")} (${b.decisions.length})` : "",
              b.action_items && b.action_items.length ? `${t("m.actions")} (${b.action_items.length})` : "",
            ]
              .filter(Boolean)
              .join(" · "),
          }),
          b.decisions && b.decisions.length
            ? [
                el(`h${Math.min(level + 1, 6)}`, { class: "sub", text: t("m.decisions") }),
                el("ul", { class: "plain" }, b.decisions.map((d) => decisionItem(d, lang))),
              ]
            : "",
          b.action_items && b.action_items.length ? actionTable(b.action_items, lang, level + 1) : "",
        )
      : "",
    b.minutes ? el("p", {}, externalLink(b.minutes.url, t("m.minutes"))) : "",
    attestationBlock(o.attestations),
    full ? provenance(full, title) : el("p", { class: "provenance" }, el("a", { href: o.event_url, text: t("raw") })),
  );
}

function meetingCard(item, level) {
  const b = item.body;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(b.start || "");
  const when = [
    formatLocal(b.start),
    b.end ? ` – ${formatLocal(b.end, b.end.slice(0, 10) !== (b.start || "").slice(0, 10))}` : "",
    ` (${b.timezone})`,
  ].join("");
  const place = b.place
    ? [b.place.name ? langText("span", b.place.name, item.lang) : "", b.place.address && b.place.address.locality && !b.place.name ? b.place.address.locality : ""]
    : "";
  const datebox = m
    ? el(
        "div",
        { class: "datebox", "aria-hidden": "true" },
        el("span", { class: "d", text: String(+m[3]) }),
        el("span", { class: "m", text: formatMonth(b.start).split(" ")[0].slice(0, 3) }),
        el("span", { class: "y", text: m[1] }),
      )
    : el("div");
  return card(item, level, [
    el(
      "div",
      { class: "meeting" },
      datebox,
      el(
        "div",
        {},
        el(
          "div",
          { class: "chips" },
          statusChip("mstatus", b.status),
          b.attendance_mode ? chip(vocab("attendance", b.attendance_mode), "plain") : "",
        ),
        itemHeading(item, level, b.title, item.lang),
        el("p", { class: "who" }, nameEl(item.author, item.author_name)),
        meta([
          [t("m.when"), el("time", { datetime: b.start, text: when })],
          [t("m.where"), place],
          [t("m.online"), b.online_url ? externalLink(b.online_url) : ""],
          [t("m.organizers"), b.organizers && b.organizers.length ? join(b.organizers.map(party)) : ""],
        ]),
        b.description ? langText("p", b.description, item.lang, { class: "summary long" }) : "",
        b.agenda && b.agenda.length
          ? [
              el(`h${Math.min(level + 1, 6)}`, { class: "sub", text: t("m.agenda") }),
              el("ol", {}, b.agenda.map((a) => el("li", {}, langText("span", a.title, item.lang)))),
            ]
          : "",
        item.outcomes && item.outcomes.length
          ? [earlier(item.outcomes_total, item.outcomes), item.outcomes.map((o) => outcomeBlock(o, level + 1))]
          : b.status === "held"
            ? el("p", { class: "hint", text: t("m.no_outcome") })
            : "",
      ),
    ),
  ]);
}

function renderMeetings() {
  const box = $("meetings-list");
  if (state.errors.meetings) return showState(box, t("error.load", { detail: state.errors.meetings }), "error-msg");
  if (!state.meetings.length) return showState(box, t(sharedFilters().size > 1 ? "empty.filtered" : "empty"));
  const today = new Date().toISOString().slice(0, 10);
  const meetings = state.meetings.filter((m) => !m.retracted);
  const upcoming = meetings
    .filter((m) => (m.body.start || "").slice(0, 10) >= today)
    .sort((a, b) => a.body.start.localeCompare(b.body.start));
  const past = meetings
    .filter((m) => (m.body.start || "").slice(0, 10) < today)
    .sort((a, b) => b.body.start.localeCompare(a.body.start));
  const out = [];
  for (const [key, list] of [["m.upcoming", upcoming], ["m.past", past]]) {
    if (!list.length) continue;
    out.push(el("h3", { class: "group-head", text: t(key) }));
    let month = null;
    let stack = null;
    for (const item of list) {
      const ym = item.body.start.slice(0, 7);
      if (ym !== month) {
        month = ym;
        stack = el("div", { class: "stack" });
        out.push(el("h4", { class: "group-head", text: formatMonth(item.body.start) }), stack);
      }
      stack.append(meetingCard(item, 5));
    }
  }
  out.push(withdrawnFold(state.meetings.filter((m) => m.retracted), meetingCard, 4));
  clear(box).append(...out);
  box.setAttribute("aria-busy", "false");
}

async function loadMeetings() {
  try {
    const [meetings, outcomes] = await Promise.all([
      getJSON(`/api/v1/view/meetings?${sharedFilters()}`),
      getJSON(`/api/v1/view/outcomes?limit=${LIMIT}`),
    ]);
    state.meetings = meetings.items;
    state.outcomes = new Map(outcomes.items.map((o) => [o.id, o]));
    delete state.errors.meetings;
  } catch (err) {
    state.errors.meetings = err.message;
  }
  renderMeetings();
}

// -- declarations ----------------------------------------------------------------------------

function declarationCard(item, level) {
  const b = item.body;
  const ends = item.endorsements || [];
  return card(item, level, [
    el(
      "div",
      { class: "chips" },
      b.type ? chip(vocab("decltype", b.type), "plain") : "",
      b.adopted_on ? chip(t("d.adopted", { date: formatDate(b.adopted_on) }), "plain") : "",
    ),
    itemHeading(item, level, b.title, item.lang),
    el("p", { class: "who" }, nameEl(item.author, item.author_name)),
    langText("p", b.text, item.lang, { class: "summary long" }),
    meta([[t("d.adopted_by"), b.adopted_by && b.adopted_by.length ? join(b.adopted_by.map(party)) : ""]]),
    el(`h${Math.min(level + 1, 6)}`, { class: "sub", text: `${t("d.endorsed")} (${item.endorsements_total ?? ends.length})` }),
    earlier(item.endorsements_total, ends),
    ends.length
      ? el(
          "ul",
          { class: "plain" },
          ends.map((e) =>
            el(
              "li",
              {},
              el(
                "div",
                { class: "report-head" },
                el("strong", {}, nameEl(e.author, e.author_name)),
                el("span", { text: vocab("stance", e.stance) }),
                el("a", { href: `/api/v1/events/${e.id}`, text: t("raw"), "aria-label": t("raw.label", { title: plain(e.author_name) }) }),
              ),
              e.statement ? langText("p", e.statement) : "",
            ),
          ),
        )
      : el("p", { class: "hint", text: t("d.none") }),
  ]);
}

async function loadDeclarations() {
  try {
    state.declarations = (await getJSON(`/api/v1/view/declarations?${sharedFilters()}`)).items;
    delete state.errors.declarations;
  } catch (err) {
    state.errors.declarations = err.message;
  }
  renderList("declarations", state.declarations, declarationCard);
}

// -- partnerships ----------------------------------------------------------------------------

function partnershipCard(item, level) {
  const b = item.body;
  const commitments = b.commitments || [];
  const answers = item.answers || {};
  const partners = [...new Set([...(b.partners || []), ...commitments.map((c) => c.by)])];
  return card(item, level, [
    el(
      "div",
      { class: "chips" },
      statusChip("pstatus", item.status),
      b.type ? chip(vocab("ptype", b.type), "plain") : "",
    ),
    itemHeading(item, level, b.title, item.lang),
    el("p", { class: "who" }, t("p.proposed_by", { name: "" }).trim(), " ", nameEl(item.author, item.author_name)),
    b.description ? langText("p", b.description, item.lang, { class: "summary" }) : "",
    el(`h${Math.min(level + 1, 6)}`, { class: "sub", text: t("p.partners") }),
    el(
      "ul",
      { class: "plain" },
      partners.map((p) => {
        const mine = commitments.filter((c) => c.by === p);
        const answer = p === item.author ? null : answers[p] || "pending";
        return el(
          "li",
          {},
          el("div", { class: "report-head" }, el("strong", {}, nameEl(p)), answer ? statusChip("answer", answer) : ""),
          mine.length
            ? el("ul", {}, mine.map((c) => el("li", {}, langText("span", c.text, item.lang))))
            : "",
        );
      }),
    ),
    meta([[t("i.period"), b.start ? `${formatDate(b.start)}${b.end ? ` – ${formatDate(b.end)}` : ""}` : ""]]),
    reports(item.progress_reports, level + 1, item),
  ]);
}

async function loadPartnerships() {
  try {
    state.partnerships = (await getJSON(`/api/v1/view/partnerships?${sharedFilters()}`)).items;
    delete state.errors.partnerships;
  } catch (err) {
    state.errors.partnerships = err.message;
  }
  renderList("partnerships", state.partnerships, partnershipCard);
}

// -- network ---------------------------------------------------------------------------------

function nodeCard(node, level) {
  const b = node.body || {};
  const names = (ids) => (ids && ids.length ? el("span", { class: "who-list" }, join(ids.map((id) => nameEl(id)))) : t("n.nobody"));
  const item = {
    ...node,
    author: node.id,
    author_name: node.name,
    published_by: node.id,
    published_by_name: node.name,
    body: { ...b, title: node.name },
    retracted: null,
  };
  return card(item, level, [
    el(
      "div",
      { class: "chips" },
      chip(vocab("ntype", node.node_type), "plain"),
      node.country ? chip(node.country, "plain") : "",
    ),
    itemHeading(node, level, node.name, node.lang),
    node.forked_at ? el("p", { class: "retraction", text: t("n.forked") }) : "",
    node.rotated_to ? el("p", { class: "hint", text: t("n.rotated") }) : "",
    b.description ? langText("p", b.description, node.lang, { class: "summary" }) : "",
    meta([
      [t("n.follows"), names(node.follows)],
      [t("n.followers"), names(node.followers)],
      [t("i.homepage"), b.homepage ? externalLink(b.homepage) : ""],
      [t("n.id"), el("span", { class: "id", text: node.id })],
    ]),
  ]);
}

/** The values a field of a kind's body may take: its JSON Schema enum (also inside anyOf). */
function enumOf(kind, field) {
  const root = kind.schema || {};
  const body = root.$ref ? (root.$defs || {})[root.$ref.split("/").pop()] || {} : root;
  const prop = (body.properties || {})[field] || {};
  return prop.enum || ((prop.anyOf || []).find((x) => x.enum) || {}).enum || [];
}

async function loadKinds() {
  try {
    const kinds = await getJSON("/api/v1/kinds");
    const initiative = kinds.find((k) => k.name === "initiative");
    if (initiative) {
      VOCABULARIES.category = enumOf(initiative, "category");
      VOCABULARIES.status = enumOf(initiative, "status");
    }
  } catch {
    // Without the kinds the filters offer "All" only; every section still loads.
  }
}

// -- the network as a graph --------------------------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text = "") {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text) node.textContent = text;
  return node;
}

/**
 * Who follows whom, drawn: each node a named dot on a circle, an arrow from a follower to the
 * node it follows. Names are text, set with textContent; the list of cards below says the same
 * in words for screen readers, so the drawing is one labelled image.
 */
function networkGraph(nodes) {
  const live = nodes.filter((n) => !n.retracted).slice(0, 40);
  if (live.length < 2) return "";
  // Wide enough for a 26-character name beside the dots on either side.
  const [width, height, rx, ry] = [680, 320, 130, 125];
  const at = new Map(
    live.map((n, i) => {
      const angle = (2 * Math.PI * i) / live.length - Math.PI / 2;
      return [n.id, [width / 2 + rx * Math.cos(angle), height / 2 + ry * Math.sin(angle), angle]];
    }),
  );
  const box = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "graph",
    role: "img",
    "aria-label": t("s.graph"),
  });
  const marker = svg("marker", {
    id: "arrow",
    viewBox: "0 0 10 10",
    refX: 10,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: "auto-start-reverse",
  });
  marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "graph-arrow" }));
  const defs = svg("defs");
  defs.append(marker);
  box.append(defs);
  for (const n of live) {
    const [x1, y1] = at.get(n.id);
    for (const target of n.follows || []) {
      if (!at.has(target) || target === n.id) continue;
      const [x2, y2] = at.get(target);
      const len = Math.hypot(x2 - x1, y2 - y1) || 1;
      const pad = 9 / len;
      box.append(
        svg("line", {
          x1: x1 + (x2 - x1) * pad,
          y1: y1 + (y2 - y1) * pad,
          x2: x2 - (x2 - x1) * pad,
          y2: y2 - (y2 - y1) * pad,
          class: "graph-edge",
          "marker-end": "url(#arrow)",
        }),
      );
    }
  }
  for (const n of live) {
    const [x, y, angle] = at.get(n.id);
    const link = svg("a", { href: `/items/${n.id}` });
    link.append(svg("circle", { cx: x, cy: y, r: 7, class: `graph-node ntype-${n.node_type || "other"}` }));
    const cos = Math.cos(angle);
    const label = svg(
      "text",
      {
        x: x + cos * 12,
        y: y + Math.sin(angle) * 14 + 4,
        "text-anchor": Math.abs(cos) < 0.3 ? "middle" : cos > 0 ? "start" : "end",
        direction: "ltr",
        class: "graph-label",
      },
      plain(n.name, n.lang).slice(0, 26) || shortId(n.id),
    );
    link.append(label);
    box.append(link);
  }
  return el("figure", { class: "graph-box" }, box, el("figcaption", { class: "hint", text: t("s.graph") }));
}

function renderNetwork() {
  renderList("network", state.nodes, nodeCard);
  if (!state.errors.network) $("network-list").prepend(networkGraph(state.nodes) || "");
}

async function loadNodes() {
  try {
    const page = await getJSON(`/api/v1/view/nodes?limit=${LIMIT}`);
    state.nodes = page.items;
    state.byId = new Map(page.items.map((n) => [n.id, n]));
    delete state.errors.network;
  } catch (err) {
    state.errors.network = err.message;
  }
  fillFilterOptions();
  renderNetwork();
}

function renderList(name, items, build) {
  const box = $(`${name}-list`);
  if (state.errors[name]) return showState(box, t("error.load", { detail: state.errors[name] }), "error-msg");
  if (!items.length) return showState(box, t(name !== "network" && sharedFilters().size > 1 ? "empty.filtered" : "empty"));
  const live = items.filter((i) => !i.retracted);
  clear(box).append(
    el("div", { class: "grid" }, live.map((i) => build(i, 3))),
    withdrawnFold(items.filter((i) => i.retracted), build, 3),
  );
  box.setAttribute("aria-busy", "false");
  applyWidths(box);
}

function renderNodeName() {
  const c = state.card;
  if (!c) return;
  const name = c.profile && c.profile.body ? c.profile.body.name : null;
  clear($("node-name")).append(
    t("node.this", { name: "" }).trim(),
    " ",
    name ? langText("span", name, c.profile.lang) : c.name,
  );
}

function renderAll() {
  subscribeLinks();
  renderNodeName();
  fillFilterOptions();
  renderInitiatives();
  renderMeetings();
  renderList("declarations", state.declarations, declarationCard);
  renderList("partnerships", state.partnerships, partnershipCard);
  renderNetwork();
  setLive($("live").dataset.state);
}

// -- live ------------------------------------------------------------------------------------

const LOADERS = {
  initiatives: loadInitiatives,
  meetings: loadMeetings,
  declarations: loadDeclarations,
  partnerships: loadPartnerships,
  network: loadNodes,
};

/** Which sections an event of `kind` can change. */
function affected(kind) {
  switch (kind) {
    case "initiative":
      return ["initiatives"];
    case "meeting":
    case "meeting.outcome":
      return ["meetings"];
    case "declaration":
    case "endorsement":
      return ["declarations"];
    case "partnership":
    case "partnership.accept":
    case "partnership.decline":
    case "partnership.end":
      return ["partnerships"];
    case "progress.report":
      return ["initiatives", "partnerships"];
    case "profile":
    case "follow":
    case "key.rotation":
      return Object.keys(LOADERS);
    default:
      // updates and retractions can touch any section
      return Object.keys(LOADERS);
  }
}

const pending = new Set();
let timer = null;

function schedule(sections) {
  for (const s of sections) pending.add(s);
  clearTimeout(timer);
  // A burst of events (a peer catching up) becomes one refresh per section.
  timer = setTimeout(async () => {
    const run = [...pending];
    pending.clear();
    if (run.includes("network")) await loadNodes();
    await Promise.all(run.filter((s) => s !== "network").map((s) => LOADERS[s]()));
  }, 250);
}

function setLive(stateName) {
  const live = $("live");
  live.dataset.state = stateName;
  $("live-text").textContent = t(
    stateName === "on" ? "live.on" : stateName === "off" ? "live.off" : "live.connecting",
  );
}

function connect() {
  const after = document.body.dataset.after || "0";
  const source = new EventSource(`/api/v1/stream?after=${encodeURIComponent(after)}`);
  source.addEventListener("open", () => setLive("on"));
  source.addEventListener("error", () => setLive(source.readyState === EventSource.CLOSED ? "off" : "connecting"));
  source.addEventListener("event", (message) => {
    let kind = null;
    try {
      kind = JSON.parse(message.data).kind;
    } catch {
      return;
    }
    schedule(affected(kind));
  });
}

// -- start -----------------------------------------------------------------------------------

async function main() {
  initLang();
  translatePage();
  setLive("connecting");
  languageSwitcher($("lang"), renderAll);
  const form = $("filters");
  restoreFilters();
  subscribeLinks();
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    applyFilters();
  });
  form.addEventListener("reset", () => setTimeout(applyFilters, 0));
  for (const name of ["author", "category", "status"]) form.elements[name].addEventListener("change", applyFilters);
  for (const radio of form.querySelectorAll('input[name="group"]')) {
    radio.addEventListener("change", () => {
      saveFilters();
      renderInitiatives();
    });
  }
  let typing = null;
  form.elements.q.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(applyFilters, 300);
  });
  for (const name of ["initiatives", "meetings", "declarations", "partnerships", "network"]) {
    showState($(`${name}-list`), t("loading"));
  }
  getJSON("/.well-known/citymesh")
    .then((c) => {
      state.card = c;
      renderNodeName();
    })
    .catch(() => {});
  connect();
  await loadKinds();
  await loadNodes();
  await Promise.all([loadInitiatives(), loadMeetings(), loadDeclarations(), loadPartnerships()]);
  document.body.dataset.ready = "true";
}

main();
