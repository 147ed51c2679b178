// Building the page from data without ever parsing data as HTML: every text from an event goes
// through textContent or an attribute, never innerHTML.

import { LANGS, lang, pick, setLang, t, translatePage } from "./i18n.js";

/** createElement with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * The text of a language map in the reader's language, as `tag` with its `lang` attribute set;
 * when only another language exists, that text is shown with a visible language badge.
 */
export function langText(tag, map, defaultLang, attrs = {}, badge = true) {
  const chosen = pick(map, defaultLang);
  // dir=auto: a text in a left-to-right language keeps its own direction on a right-to-left
  // page (and the other way round), so its punctuation stays where its author put it.
  const node = el(tag, { dir: "auto", ...attrs });
  const text = el("span", { lang: chosen.lang || null, text: chosen.text });
  node.append(text);
  if (chosen.fallback && badge) {
    node.classList.add("fallback");
    node.append(
      el("span", {
        class: "lang-badge",
        lang: "",
        title: t("fallback", { lang: chosen.lang }),
        text: `(${chosen.lang})`,
      }),
    );
  }
  return node;
}

/** The plain text of a language map for the reader (for labels and sorting). */
export function plain(map, defaultLang) {
  return pick(map, defaultLang).text || "";
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/** Fill the language switcher and re-render through `onChange` when the reader picks one. */
export function languageSwitcher(select, onChange) {
  clear(select);
  for (const { code, name } of LANGS) {
    select.append(el("option", { value: code, lang: code, text: name }));
  }
  select.value = lang();
  select.addEventListener("change", () => {
    setLang(select.value);
    translatePage();
    onChange();
  });
}

/** GET a JSON document; a problem+json answer becomes an Error carrying its code and detail. */
export async function getJSON(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    // A read the node could not finish in time (it may be catching up): said in the
    // reader's language, not in the server's English detail.
    const busy = data && data.code === "read_timeout";
    const err = new Error(busy ? t("error.busy") : (data && data.detail) || `${res.status} ${res.statusText}`);
    err.problem = data;
    throw err;
  }
  return data;
}

export function shortId(id) {
  if (!id) return "";
  return id.length > 24 ? `${id.slice(0, 16)}…${id.slice(-6)}` : id;
}
