// The admin page: token sign-in, and forms generated from each kind's JSON Schema
// (/api/v1/kinds) that publish through POST /api/v1/events.

import { append, clear, el, getJSON, langText, languageSwitcher, plain } from "./dom.js";
import { LANGS, fieldLabel, has, initLang, t, translatePage, vocab } from "./i18n.js";

const TOKEN_KEY = "citymesh.token";
// Following and key rotation have their own admin flows; the profile is the node's first event.
const HIDDEN_KINDS = new Set(["profile", "follow", "key.rotation"]);
const EVENT_ID = "^[0-9a-f]{64}$";
const NODE_ID = "^did:key:z6Mk";
const DATE = "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$";
const LOCAL_TIME = "T([01]\\d|2[0-3])";

const $ = (id) => document.getElementById(id);
const state = { kinds: [], card: null, lang: "en", known: new Map(), form: null };

// -- vocabulary names for enum options ---------------------------------------------------------

const GROUP_BY_FIELD = {
  category: "cat",
  instrument: "instrument",
  target_groups: "target",
  result: "dresult",
  stance: "stance",
  reason: "reason",
  attendance_mode: "attendance",
  node_type: "ntype",
};
const GROUP_BY_OWNER = {
  "Initiative.status": "istatus",
  "Meeting.status": "mstatus",
  "ProgressReport.status": "prog",
  "ActionItem.status": "astatus",
  "Decision.type": "dtype",
  "Declaration.type": "decltype",
  "Partnership.type": "ptype",
};

function optionLabel(owner, name, value) {
  const group = GROUP_BY_OWNER[`${owner}.${name}`] || GROUP_BY_FIELD[name];
  return group ? vocab(group, value) : vocab("", value).trim() || String(value);
}

// -- schema helpers ----------------------------------------------------------------------------

function resolve(schema, root) {
  let s = schema;
  while (s && s.$ref) s = root.$defs[s.$ref.split("/").pop()];
  return s;
}

/** The schema without its `null` alternative (optional fields are `anyOf [T, null]`). */
function nonNull(schema, root) {
  let s = resolve(schema, root);
  if (s && s.anyOf) {
    const options = s.anyOf.filter((x) => x.type !== "null");
    if (options.length === 1) s = resolve(options[0], root);
  }
  return s;
}

function labelFor(name, required, forId) {
  const attrs = forId ? { for: forId } : { class: "label" };
  const key = `field.${name}`;
  return el(
    forId ? "label" : "span",
    attrs,
    el("span", { dataset: has(key) ? { i18n: key } : {}, text: fieldLabel(name) }),
    required ? [" ", el("span", { class: "req", "data-i18n": "form.required", text: t("form.required") })] : "",
  );
}

let uid = 0;
const nextId = (name) => `f-${name}-${++uid}`;

// -- field builders: each returns {node, get(path)}; get() returns undefined when empty ----------

function build(name, schema, root, required, owner) {
  const s = nonNull(schema, root);
  if (s["x-citymesh-langmap"]) return langMapField(name, required);
  if (s.enum) return enumField(name, s, required, owner);
  if (s.type === "object" && s.properties) return objectField(name, s, root, required);
  if (s.type === "object") return jsonField(name, required);
  if (s.type === "array") {
    const items = nonNull(s.items, root);
    if (items.enum) return checksField(name, items, owner);
    if (items.type === "object") return repeatField(name, items, root, required);
    return listField(name, items, required);
  }
  if (s.type === "integer") return inputField(name, s, required, "integer");
  return inputField(name, s, required, "string");
}

function withPath(node, path, value) {
  if (value === undefined) delete node.dataset.path;
  else node.dataset.path = path;
  return value;
}

function inputField(name, s, required, type) {
  const id = nextId(name);
  const attrs = { id, name, "aria-required": required ? "true" : null };
  const pattern = s.pattern || "";
  if (type === "integer") Object.assign(attrs, { type: "number", inputmode: "numeric", step: 1, min: s.minimum, max: s.maximum });
  else if (pattern === DATE) attrs.type = "date";
  else if (pattern.includes(LOCAL_TIME)) attrs.type = "datetime-local";
  else if (pattern.startsWith("^https?")) attrs.type = "url";
  else if (pattern === EVENT_ID) Object.assign(attrs, { list: "known-events", placeholder: t("form.event_hint"), spellcheck: "false" });
  else if (pattern.startsWith(NODE_ID)) Object.assign(attrs, { list: "known-nodes", placeholder: "did:key:z6Mk…", spellcheck: "false" });
  if (name === "timezone") attrs.placeholder = "Europe/Lisbon";
  if (name === "country") Object.assign(attrs, { maxlength: 2, placeholder: "BR" });
  const input = el("input", attrs);
  const hint = s.description && !attrs.placeholder ? el("p", { class: "hint", text: s.description }) : "";
  const node = el("div", { class: "form-row" }, labelFor(name, required, id), input, hint);
  return {
    node,
    get(path) {
      const raw = input.value.trim();
      let value = raw === "" ? undefined : raw;
      if (value !== undefined && type === "integer" && /^-?\d+$/.test(raw)) value = Number(raw);
      return withPath(node, path, value);
    },
    set(value) {
      input.value = value ?? "";
    },
  };
}

function enumField(name, s, required, owner) {
  const id = nextId(name);
  const select = el(
    "select",
    { id, name, "aria-required": required ? "true" : null },
    el("option", { value: "", text: t("form.choose") }),
    s.enum.map((v) => el("option", { value: v, text: optionLabel(owner, name, v) })),
  );
  const node = el("div", { class: "form-row" }, labelFor(name, required, id), select);
  return { node, get: (path) => withPath(node, path, select.value || undefined) };
}

function checksField(name, items, owner) {
  const node = el(
    "fieldset",
    { class: "group" },
    el("legend", {}, labelFor(name, false)),
    el(
      "div",
      { class: "checks" },
      items.enum.map((v) =>
        el("label", {}, el("input", { type: "checkbox", value: v }), optionLabel(owner, name, v)),
      ),
    ),
  );
  return {
    node,
    get(path) {
      const values = [...node.querySelectorAll("input:checked")].map((i) => i.value);
      return withPath(node, path, values.length ? values : undefined);
    },
  };
}

function langMapField(name, required) {
  const rows = el("div");
  const legend = el("legend", {}, labelFor(name, required));
  const node = el("fieldset", { class: "group langmap", dataset: { field: name } }, legend, rows);
  const addRow = (tag = "", text = "") => {
    const langId = nextId(`${name}-lang`);
    const textId = nextId(`${name}-text`);
    const row = el(
      "div",
      { class: "langmap-row" },
      el(
        "div",
        {},
        el("label", { for: langId, class: "visually-hidden", "data-i18n": "form.lang", text: t("form.lang") }),
        el("input", { id: langId, class: "lm-lang", value: tag, list: "lang-tags", size: 8, spellcheck: "false", "aria-label": `${fieldLabel(name)}: ${t("form.lang")}` }),
      ),
      el(
        "div",
        {},
        el("label", { for: textId, class: "visually-hidden", text: `${fieldLabel(name)} (${tag || t("form.lang")})` }),
        el(name === "title" || name === "name" ? "input" : "textarea", {
          id: textId,
          class: "lm-text",
          name: `${name}.${tag}`,
          value: name === "title" || name === "name" ? text : null,
          "aria-required": required ? "true" : null,
        }),
      ),
      rows.childElementCount
        ? el("button", { type: "button", class: "link", "data-i18n": "form.remove", text: t("form.remove"), onclick: () => row.remove() })
        : el("span"),
    );
    rows.append(row);
    return row;
  };
  addRow(state.lang);
  node.append(
    el("button", { type: "button", class: "secondary", "data-i18n": "form.add_lang", text: t("form.add_lang"), onclick: () => addRow("").querySelector(".lm-lang").focus() }),
  );
  return {
    node,
    get(path) {
      const out = {};
      for (const row of rows.children) {
        const tag = row.querySelector(".lm-lang").value.trim();
        const text = row.querySelector(".lm-text").value.trim();
        if (tag && text) out[tag] = text;
      }
      return withPath(node, path, Object.keys(out).length ? out : undefined);
    },
  };
}

function objectField(name, s, root, required) {
  const fields = Object.entries(s.properties).map(([key, sub]) => [
    key,
    build(key, sub, root, (s.required || []).includes(key), s.title),
  ]);
  const node = el("fieldset", { class: "group" }, el("legend", {}, labelFor(name, required)), fields.map(([, f]) => f.node));
  return {
    node,
    get(path) {
      const out = {};
      for (const [key, field] of fields) {
        const value = field.get(`${path}.${key}`);
        if (value !== undefined) out[key] = value;
      }
      return withPath(node, path, Object.keys(out).length ? out : undefined);
    },
  };
}

function repeatField(name, items, root, required) {
  const list = el("div");
  const entries = [];
  const label = fieldLabel(name);
  const add = () => {
    const field = objectField(name, items, root, false);
    field.node.querySelector("legend").append(` ${entries.length + 1}`);
    const remove = el("button", {
      type: "button",
      class: "link",
      "data-i18n": "form.remove",
      text: t("form.remove"),
      onclick: () => {
        entries.splice(entries.indexOf(field), 1);
        field.node.remove();
      },
    });
    field.node.append(remove);
    entries.push(field);
    list.append(field.node);
    const first = field.node.querySelector("input, select, textarea");
    if (first) first.focus();
  };
  const node = el(
    "fieldset",
    { class: "group" },
    el("legend", {}, labelFor(name, required)),
    list,
    el("button", { type: "button", class: "secondary", dataset: { addField: name }, text: t("form.add", { what: label }), onclick: add }),
  );
  return {
    node,
    get(path) {
      const out = [];
      for (const field of entries) {
        const value = field.get(`${path}[${out.length}]`);
        if (value !== undefined) out.push(value);
      }
      return withPath(node, path, out.length ? out : undefined);
    },
  };
}

function listField(name, items, required) {
  const list = el("div");
  const inputs = [];
  const pattern = items.pattern || "";
  const add = () => {
    const id = nextId(name);
    const input = el("input", {
      id,
      list: pattern.startsWith(NODE_ID) ? "known-nodes" : pattern.startsWith("^[a-z]{2,3}") ? "lang-tags" : null,
      spellcheck: "false",
      "aria-label": `${fieldLabel(name)} ${inputs.length + 1}`,
    });
    inputs.push(input);
    list.append(el("div", { class: "form-row" }, input));
    return input;
  };
  add();
  const node = el(
    "fieldset",
    { class: "group" },
    el("legend", {}, labelFor(name, required)),
    list,
    el("button", { type: "button", class: "secondary", dataset: { addField: name }, text: t("form.add", { what: fieldLabel(name) }), onclick: () => add().focus() }),
  );
  return {
    node,
    get(path) {
      const values = inputs.map((i) => i.value.trim()).filter(Boolean);
      return withPath(node, path, values.length ? values : undefined);
    },
  };
}

function jsonField(name, required) {
  const id = nextId(name);
  const area = el("textarea", { id, name, class: "json", rows: 10, spellcheck: "false", "aria-required": required ? "true" : null });
  const node = el(
    "div",
    { class: "form-row" },
    labelFor(name, required, id),
    el("p", { class: "hint", "data-i18n": "form.json", text: t("form.json") }),
    area,
  );
  return {
    node,
    area,
    get(path) {
      const raw = area.value.trim();
      if (!raw) return withPath(node, path, undefined);
      withPath(node, path, true);
      let value;
      try {
        value = JSON.parse(raw);
      } catch {
        value = null;
      }
      if (!value || typeof value !== "object" || Array.isArray(value)) {
        const err = new Error(t("form.json_bad"));
        err.problem = { code: "bad_json", detail: t("form.json_bad"), path };
        throw err;
      }
      return value;
    },
  };
}

// -- the form ----------------------------------------------------------------------------------

function buildForm(kindName) {
  const kind = state.kinds.find((k) => k.name === kindName);
  const form = $("event-form");
  clear(form);
  clear($("result"));
  if (!kind) return;
  $("kind-description").textContent = kind.description;
  const root = kind.schema;
  const body = resolve(root, root);
  const required = body.required || [];
  const fields = Object.entries(body.properties).map(([name, s]) => [
    name,
    build(name, s, root, required.includes(name), body.title),
  ]);
  state.form = { kind: kindName, fields };
  append(form, [
    el("p", { class: "hint", text: t("form.default_lang", { lang: state.lang }) }),
    fields.map(([, f]) => f.node),
  ]);
  if (kindName === "update") addLoadBody(fields);
  form.append(el("div", { class: "actions-row" }, el("button", { type: "submit", "data-i18n": "form.submit", text: t("form.submit") })));
}

/** For updates: fill the body editor with the current body of the event being updated. */
function addLoadBody(fields) {
  const target = fields.find(([n]) => n === "event");
  const body = fields.find(([n]) => n === "body");
  if (!target || !body || !body[1].area) return;
  const button = el("button", {
    type: "button",
    class: "secondary",
    "data-i18n": "form.load_body",
    text: t("form.load_body"),
    onclick: async () => {
      const id = target[1].get("$.body.event");
      if (!id) return;
      const known = state.known.get(id);
      const current = known ? known.body : (await getJSON(`/api/v1/events/${id}`)).body;
      body[1].area.value = JSON.stringify(current, null, 2);
    },
  });
  body[1].node.append(button);
}

function collect() {
  const out = {};
  for (const [name, field] of state.form.fields) {
    const value = field.get(`$.body.${name}`);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function clearErrors() {
  const form = $("event-form");
  for (const e of form.querySelectorAll(".field-error")) e.remove();
  for (const e of form.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  for (const e of form.querySelectorAll(".invalid")) e.classList.remove("invalid");
}

/** The form element that owns a problem's JSONPath (or its nearest enclosing field). */
function fieldAt(path) {
  const form = $("event-form");
  let p = path || "";
  while (p && p !== "$.body" && p !== "$") {
    const found = form.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (found) return found;
    const fieldName = /\.([A-Za-z0-9_]+)$/.exec(p);
    if (fieldName && p.split(".").length === 3) {
      // a required field left empty has no path yet: find it by its name
      const entry = state.form.fields.find(([n]) => n === fieldName[1]);
      if (entry) return entry[1].node;
    }
    p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
  }
  return null;
}

function showProblem(problem) {
  const code = problem.code || "error";
  const message = has(`err.${code}`) ? t(`err.${code}`, { lang: state.lang }) : problem.detail || code;
  const target = fieldAt(problem.path);
  const errId = nextId("error");
  const result = clear($("result"));
  const summary = el(
    "div",
    { class: "notice bad", role: "alert" },
    el("p", {}, el("strong", { text: target ? t("form.failed") : t("err.other", { detail: problem.detail || code }) })),
  );
  if (target) {
    const label = target.querySelector("label, legend");
    const fieldName = label ? label.firstChild.textContent : problem.path;
    summary.append(
      el(
        "p",
        {},
        el("a", {
          href: `#${errId}`,
          text: `${t("form.field", { field: fieldName })}: ${message}`,
          onclick: (e) => {
            e.preventDefault();
            const input = target.querySelector("input, select, textarea");
            if (input) input.focus();
          },
        }),
      ),
    );
    const error = el(
      "p",
      { id: errId, class: "field-error", dataset: { path: problem.path || "", code } },
      message,
      problem.detail && problem.detail !== message ? el("span", { class: "hint", text: ` (${problem.detail})` }) : "",
    );
    const anchor = target.querySelector(":scope > legend, :scope > label");
    if (anchor) anchor.after(error);
    else target.prepend(error);
    target.classList.add("invalid");
    for (const input of target.querySelectorAll("input, select, textarea")) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", errId);
    }
  }
  result.append(summary);
  result.focus();
}

async function submit(event) {
  event.preventDefault();
  clearErrors();
  let body;
  try {
    body = collect();
  } catch (err) {
    showProblem(err.problem);
    return;
  }
  const res = await fetch("/api/v1/events", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}`,
    },
    body: JSON.stringify({ kind: state.form.kind, body }),
  });
  const data = await res.json().catch(() => ({}));
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(t("login.bad"));
    return;
  }
  if (!res.ok) {
    showProblem(data);
    return;
  }
  buildForm(state.form.kind);
  const id = data.id;
  clear($("result")).append(
    el(
      "div",
      { class: "notice ok", role: "status" },
      el("p", {}, t("form.published", { id: "" }), el("code", { id: "published-id", text: id })),
      el("p", {}, el("a", { href: `/api/v1/events/${id}`, text: t("raw") }), " · ", el("a", { href: "/", text: t("nav.view") })),
    ),
  );
  $("result").focus();
  loadKnown();
}

// -- sign-in and start ---------------------------------------------------------------------------

function showLogin(error) {
  $("publish").hidden = true;
  $("login").hidden = false;
  const box = $("login-error");
  box.hidden = !error;
  box.textContent = error || "";
  $("token").focus();
}

function showPublish() {
  $("login").hidden = true;
  $("publish").hidden = false;
}

function fillKinds() {
  const select = $("kind");
  const keep = select.value;
  clear(select);
  for (const kind of state.kinds) {
    const key = `kind.${kind.name}`;
    select.append(el("option", { value: kind.name, text: has(key) ? t(key) : kind.name }));
  }
  if (keep) select.value = keep;
}

async function loadKnown() {
  const views = ["initiatives", "meetings", "declarations", "partnerships", "outcomes"];
  const pages = await Promise.all(views.map((v) => getJSON(`/api/v1/view/${v}?limit=200`).catch(() => ({ items: [] }))));
  const events = clear($("known-events"));
  state.known = new Map();
  for (const item of pages.flatMap((p) => p.items)) {
    state.known.set(item.id, item);
    const title = plain(item.body.title || item.body.summary, item.lang);
    events.append(el("option", { value: item.id, label: `${t(`kind.${item.kind}`)}: ${title}` }));
  }
  const nodes = await getJSON("/api/v1/view/nodes?limit=200").catch(() => ({ items: [] }));
  const list = clear($("known-nodes"));
  for (const n of nodes.items) list.append(el("option", { value: n.id, label: plain(n.name, n.lang) }));
}

function retranslate() {
  fillKinds();
  for (const button of document.querySelectorAll("[data-add-field]")) {
    button.textContent = t("form.add", { what: fieldLabel(button.dataset.addField) });
  }
  renderNodeName();
}

function renderNodeName() {
  const c = state.card;
  if (!c || !c.profile || !c.profile.body) return;
  clear($("node-name")).append(t("node.this", { name: "" }).trim(), " ", langText("span", c.profile.body.name, c.profile.lang));
}

async function main() {
  initLang();
  translatePage();
  languageSwitcher($("lang"), retranslate);
  const tags = $("lang-tags");
  for (const { code, name } of LANGS) tags.append(el("option", { value: code, label: name }));
  for (const code of ["pt-PT", "fr", "nl", "ar", "uk"]) tags.append(el("option", { value: code }));

  const [kinds, card] = await Promise.all([getJSON("/api/v1/kinds"), getJSON("/.well-known/citymesh")]);
  state.kinds = kinds.filter((k) => !HIDDEN_KINDS.has(k.name));
  state.card = card;
  state.lang = (card.profile && card.profile.lang) || "en";
  renderNodeName();
  fillKinds();
  $("kind").addEventListener("change", () => buildForm($("kind").value));
  $("event-form").addEventListener("submit", submit);
  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("token").value.trim();
    if (!token) return showLogin(t("login.bad"));
    sessionStorage.setItem(TOKEN_KEY, token);
    $("token").value = "";
    showPublish();
    $("kind").focus();
  });
  $("logout").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin();
  });
  buildForm($("kind").value);
  if (sessionStorage.getItem(TOKEN_KEY)) showPublish();
  else showLogin();
  loadKnown();
  document.body.dataset.ready = "true";
}

main();
