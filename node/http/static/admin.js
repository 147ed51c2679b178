// The admin page: token sign-in (checked by the node), and forms generated from each kind's
// JSON Schema (/api/v1/kinds, which names each field's form and what a reference may name),
// checked as a whole by the node before they publish through POST /api/v1/events.

import { append, clear, el, getJSON, langText, languageSwitcher, plain } from "./dom.js";
import { LANGS, fieldLabel, has, initLang, t, translatePage, vocab } from "./i18n.js";

const TOKEN_KEY = "citymesh.token";
// Following and key rotation have their own admin flows; the profile is the node's first event.
const HIDDEN_KINDS = new Set(["profile", "follow", "key.rotation"]);

const $ = (id) => document.getElementById(id);
const state = { kinds: [], card: null, lang: "en", known: new Map(), form: null, pickers: [] };
// The field object behind a form node (for the problems shown at it: copy a language's text).
const FIELDS = new WeakMap();

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
    el("span", { class: "field-name", dataset: has(key) ? { i18n: key } : {}, text: fieldLabel(name) }),
    required ? [" ", el("span", { class: "req", "data-i18n": "form.required", text: t("form.required") })] : "",
  );
}

let uid = 0;
const nextId = (name) => `f-${name}-${++uid}`;

// -- field builders: each returns {node, get(path)}; get() returns undefined when empty ----------

/** A field's form of text and an example (from the kind's example body), in the reader's words. */
function hintFor(s, example) {
  const format = s["x-citymesh-format"];
  const parts = [];
  if (format && has(`fmt.${format}`)) {
    const words = t(`fmt.${format}`);
    parts.push(words.charAt(0).toUpperCase() + words.slice(1));
  }
  const shown = format !== "event_id" && format !== "public_id" && format !== "timezone";
  if (shown && (typeof example === "number" || (typeof example === "string" && format))) {
    parts.push(t("form.example", { example }));
  }
  return parts.length ? el("p", { class: "hint", id: nextId("hint"), text: parts.join(". ") }) : null;
}

function build(name, schema, root, required, owner, example) {
  const refers = schema["x-citymesh-refers"];
  const s = nonNull(schema, root);
  let field;
  if (s["x-citymesh-langmap"]) field = langMapField(name, required);
  else if (s.enum) field = enumField(name, s, required, owner);
  else if (s.type === "object" && s.properties) field = objectField(name, s, root, required, example);
  else if (s.type === "object") field = jsonField(name, required);
  else if (s.type === "array") {
    const items = nonNull(s.items, root);
    const first = Array.isArray(example) ? example[0] : undefined;
    if (items.enum) field = checksField(name, items, owner);
    else if (items.type === "object") field = repeatField(name, items, root, required, first);
    else field = listField(name, items, required, first);
  } else field = inputField(name, s, required, s.type === "integer" ? "integer" : "string", example, refers);
  FIELDS.set(field.node, field);
  return field;
}

function withPath(node, path, value) {
  if (value === undefined) delete node.dataset.path;
  else node.dataset.path = path;
  return value;
}

function inputField(name, s, required, type, example, refers) {
  const id = nextId(name);
  const attrs = { id, name, "aria-required": required ? "true" : null };
  const format = s["x-citymesh-format"];
  let picker = null;
  if (type === "integer") Object.assign(attrs, { type: "number", inputmode: "numeric", step: 1, min: s.minimum, max: s.maximum });
  else if (format === "date") attrs.type = "date";
  else if (format === "local_datetime") attrs.type = "datetime-local";
  else if (format === "url") attrs.type = "url";
  else if (format === "event_id" && refers) {
    // Only events of the kinds this field may name, in the state it needs (see fillPickers).
    picker = el("datalist", { id: nextId(`${name}-choices`), dataset: { refers: refers.kinds.join(" ") } });
    Object.assign(attrs, { list: picker.id, placeholder: t("form.pick"), spellcheck: "false" });
  } else if (format === "event_id") Object.assign(attrs, { list: "known-events", placeholder: t("form.event_hint"), spellcheck: "false" });
  else if (format === "public_id") Object.assign(attrs, { list: "known-nodes", placeholder: "did:key:z6Mk…", spellcheck: "false" });
  if (name === "country") Object.assign(attrs, { maxlength: 2, placeholder: "BR" });
  const hint = hintFor(s, example);
  const none = picker ? el("p", { class: "hint", id: nextId("none") }) : null;
  attrs["aria-describedby"] = [hint && hint.id, none && none.id].filter(Boolean).join(" ") || null;
  const input = el("input", attrs);
  const node = el("div", { class: "form-row" }, labelFor(name, required, id), input, hint, none, picker);
  if (picker) state.pickers.push({ list: picker, none, refers });
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
  const node = el("div", { class: "form-row", dataset: { owner: owner || "" } }, labelFor(name, required, id), select);
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
  const short = name === "title" || name === "name";
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
        el(short ? "input" : "textarea", {
          id: textId,
          class: "lm-text",
          name: `${name}.${tag}`,
          value: short ? text : null,
          "aria-required": required ? "true" : null,
        }),
      ),
      rows.childElementCount
        ? el("button", { type: "button", class: "link", "data-i18n": "form.remove", text: t("form.remove"), onclick: () => row.remove() })
        : el("span"),
    );
    if (!short) row.querySelector(".lm-text").value = text;
    rows.append(row);
    return row;
  };
  const rowOf = (tag) => [...rows.children].find((r) => r.querySelector(".lm-lang").value.trim() === tag);
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
    /** Copy the text written in `from` into the `to` row (made if missing), to be translated. */
    copy(from, to) {
      const source = rowOf(from);
      if (!source) return;
      const target = rowOf(to) || addRow(to);
      const text = target.querySelector(".lm-text");
      text.value = source.querySelector(".lm-text").value;
      text.focus();
    },
  };
}

function objectField(name, s, root, required, example) {
  const sample = example && typeof example === "object" ? example : {};
  const fields = Object.entries(s.properties).map(([key, sub]) => [
    key,
    build(key, sub, root, (s.required || []).includes(key), s.title, sample[key]),
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

function repeatField(name, items, root, required, example) {
  const list = el("div");
  const entries = [];
  const label = fieldLabel(name);
  const add = () => {
    const field = objectField(name, items, root, false, example);
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
    fillPickers();
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

function listField(name, items, required, example) {
  const list = el("div");
  const inputs = [];
  const format = items["x-citymesh-format"];
  const hint = hintFor(items, example);
  const add = () => {
    const id = nextId(name);
    const input = el("input", {
      id,
      list: format === "public_id" ? "known-nodes" : format === "lang_tag" ? "lang-tags" : format === "event_id" ? "known-events" : null,
      spellcheck: "false",
      "aria-label": `${fieldLabel(name)} ${inputs.length + 1}`,
      "aria-describedby": hint ? hint.id : null,
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
    hint,
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
        err.problem = { code: "bad_json", path };
        throw err;
      }
      return value;
    },
  };
}

// -- pickers: only events of the kinds a field may name, in the state it needs -----------------

/** Whether a known item may be named by a field that `refers` to kinds in a state. */
function fits(item, refers) {
  const me = state.card && state.card.id;
  if (!refers.kinds.includes(item.kind) || item.retracted) return false;
  if (refers.state === "own") return item.author === me;
  if (refers.state === "partner") return item.author !== me && (item.body.partners || []).includes(me);
  return true;
}

function fillPickers() {
  state.pickers = state.pickers.filter((p) => p.list.isConnected);
  for (const { list, none, refers } of state.pickers) {
    clear(list);
    for (const item of state.known.values()) {
      if (!fits(item, refers)) continue;
      const title = plain(item.body.title || item.body.summary, item.lang);
      list.append(el("option", { value: item.id, label: `${t(`kind.${item.kind}`)}: ${title}` }));
    }
    none.textContent = list.childElementCount ? "" : t("form.pick_none");
  }
}

// -- the form ----------------------------------------------------------------------------------

function describeKind(kind) {
  const key = `kdesc.${kind.name}`;
  $("kind-description").textContent = has(key) ? t(key) : kind.description;
}

function buildForm(kindName) {
  const kind = state.kinds.find((k) => k.name === kindName);
  const form = $("event-form");
  clear(form);
  clear($("result"));
  if (!kind) return;
  describeKind(kind);
  const root = kind.schema;
  const body = resolve(root, root);
  const required = body.required || [];
  const example = kind.example || {};
  const fields = Object.entries(body.properties).map(([name, s]) => [
    name,
    build(name, s, root, required.includes(name), body.title, example[name]),
  ]);
  state.form = { kind: kindName, fields };
  append(form, [
    el("p", { class: "hint", text: t("form.default_lang", { lang: state.lang }) }),
    fields.map(([, f]) => f.node),
  ]);
  if (kindName === "update") addLoadBody(fields);
  form.append(el("div", { class: "actions-row" }, el("button", { type: "submit", "data-i18n": "form.submit", text: t("form.submit") })));
  fillPickers();
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
  for (const e of form.querySelectorAll("[data-hint-ids]")) {
    e.setAttribute("aria-describedby", e.dataset.hintIds);
    delete e.dataset.hintIds;
  }
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

/** A problem in the reader's words, from its code (the node's `expected` is for programs). */
function message(problem, target) {
  const name = (/\.([A-Za-z_][\w-]*)(?:\[\d+\])*$/.exec(problem.path || "") || [])[1] || "";
  const owner = target && target.dataset.owner;
  const vars = {
    lang: problem.lang || state.lang,
    min: problem.min,
    max: problem.max,
    code: problem.code,
    format: t(`fmt.${has(`fmt.${problem.format}`) ? problem.format : "pattern"}`),
    allowed: (problem.allowed || []).map((v) => optionLabel(owner, name, v)).join(", "),
  };
  if (problem.code === "bad_json") return t("form.json_bad");
  if (problem.code === "not_allowed" && !problem.allowed) return t("problem.bad_format", vars);
  const key = `problem.${problem.code}`;
  return has(key) ? t(key, vars) : t("problem.other", vars);
}

function fieldName(target, path) {
  const label = target && target.querySelector(".field-name");
  return label ? label.textContent.trim() : path;
}

/** Show every problem at once: a summary linking to each, and each at its own field. */
function showProblems(problems) {
  const result = clear($("result"));
  const list = el("ul");
  const summary = el(
    "div",
    { class: "notice bad", role: "alert" },
    el("p", {}, el("strong", { text: t("form.problems", { n: problems.length }) })),
    list,
  );
  for (const problem of problems) {
    const target = fieldAt(problem.path);
    const text = message(problem, target);
    const example = problem.example;
    const errId = nextId("error");
    const error = el(
      "p",
      { id: errId, class: "field-error", dataset: { path: problem.path || "", code: problem.code } },
      text,
      typeof example === "string" || typeof example === "number"
        ? el("span", { class: "hint", text: ` ${t("form.example", { example })}` })
        : "",
    );
    const field = target && FIELDS.get(target);
    if (problem.code === "missing_language" && problem.copy_from && field && field.copy) {
      error.append(
        " ",
        el("button", {
          type: "button",
          class: "secondary",
          text: t("form.copy_lang", { from: problem.copy_from, lang: problem.lang || state.lang }),
          onclick: () => field.copy(problem.copy_from, problem.lang || state.lang),
        }),
      );
    }
    list.append(
      el(
        "li",
        {},
        el("a", {
          href: `#${errId}`,
          text: `${t("form.field", { field: fieldName(target, problem.path) })}: ${text}`,
          onclick: (e) => {
            e.preventDefault();
            const input = target && target.querySelector("input, select, textarea");
            if (input) input.focus();
          },
        }),
      ),
    );
    if (!target) continue;
    const anchor = target.querySelector(":scope > legend, :scope > label");
    if (anchor) anchor.after(error);
    else target.prepend(error);
    target.classList.add("invalid");
    for (const input of target.querySelectorAll("input, select, textarea")) {
      input.setAttribute("aria-invalid", "true");
      if (!("hintIds" in input.dataset)) input.dataset.hintIds = input.getAttribute("aria-describedby") || "";
      input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${errId}`.trim());
    }
  }
  result.append(summary);
  result.focus();
}

/** POST JSON with the admin token: {status, data}; status 0 when the node did not answer. */
async function post(path, payload) {
  try {
    const res = await fetch(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ""}`,
      },
      body: JSON.stringify(payload),
    });
    return { status: res.status, data: await res.json().catch(() => ({})) };
  } catch {
    return { status: 0, data: {} };
  }
}

async function submit(event) {
  event.preventDefault();
  clearErrors();
  let body;
  try {
    body = collect();
  } catch (err) {
    showProblems([err.problem]);
    return;
  }
  const payload = { kind: state.form.kind, body };
  // Every problem first, in one answer; only a body without any is published.
  const checked = await post("/api/v1/admin/check", payload);
  const res = checked.status === 200 && !checked.data.problems.length ? await post("/api/v1/events", payload) : checked;
  if (res.status === 0) return showLogin(t("login.unreachable"));
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    return showLogin(t("login.wrong"));
  }
  if (res.status === 200) return showProblems(res.data.problems);
  if (res.status !== 201) return showProblems(res.data.errors || [res.data]);
  buildForm(state.form.kind);
  const id = res.data.id;
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
  const token = $("token");
  if (error) token.setAttribute("aria-invalid", "true");
  else token.removeAttribute("aria-invalid");
  token.focus();
}

function showPublish() {
  $("login").hidden = true;
  $("publish").hidden = false;
}

/** Ask the node whether the token is its admin token before keeping it. */
async function signIn(token) {
  let status = 0;
  try {
    const res = await fetch("/api/v1/admin/session", { headers: { Authorization: `Bearer ${token}` } });
    status = res.status;
  } catch {
    status = 0;
  }
  if (status === 204) {
    sessionStorage.setItem(TOKEN_KEY, token);
    showPublish();
    $("kind").focus();
    return;
  }
  sessionStorage.removeItem(TOKEN_KEY);
  showLogin(status === 0 ? t("login.unreachable") : t("login.wrong"));
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
  fillPickers();
  const nodes = await getJSON("/api/v1/view/nodes?limit=200").catch(() => ({ items: [] }));
  const list = clear($("known-nodes"));
  for (const n of nodes.items) list.append(el("option", { value: n.id, label: plain(n.name, n.lang) }));
  document.body.dataset.known = "true";
}

function retranslate() {
  fillKinds();
  // Labels, hints and examples are in the reader's language: the form is built again.
  if (state.form) buildForm(state.form.kind);
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
    $("token").value = "";
    if (!token) return showLogin(t("login.wrong"));
    signIn(token);
  });
  $("logout").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin();
  });
  buildForm($("kind").value);
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) await signIn(saved);
  else showLogin();
  loadKnown();
  document.body.dataset.ready = "true";
}

main();
