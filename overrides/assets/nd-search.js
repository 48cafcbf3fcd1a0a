// newsdigest search: Material's search box, Pagefind's chunked index. A query downloads only
// the index chunks and page fragments it needs, never the whole index. No third-party code:
// pagefind.js is written into the site at build time (generator/render/search.py).
(() => {
  "use strict";
  const root = document.querySelector("[data-nd-search]");
  if (!root) return;
  const input = root.querySelector(".md-search__input");
  const status = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search");
  const bundle = new URL(root.dataset.ndSearch, location.href);
  // Only under `mkdocs serve --dirty`: a second, small index of the pages rendered or removed
  // since the whole one, and a manifest naming the whole index's results it replaces.
  const dirty = root.dataset.ndSearchDirty ? new URL(root.dataset.ndSearchDirty, location.href)
    : null;
  const MAX_RESULTS = 10;
  const DEBOUNCE_MS = 120;
  let pagefind = null;
  let latest = 0;

  // The whole index's results the second index replaces (pages changed or removed since).
  async function mergeChanges(module, baseUrl) {
    const response = await fetch(new URL("nd-dirty.json", dirty), { cache: "no-store" });
    if (!response.ok) return new Set();
    const manifest = await response.json();
    if (manifest.merge) await module.mergeIndex(dirty.pathname, { baseUrl });
    return new Set(manifest.hidden);
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(async (module) => {
        // Result URLs are site paths: resolve them under wherever the site is served.
        // noWorker: one query runs in a few milliseconds on the page's own thread, and the
        // worker would be a second copy of Pagefind's code to download (41 KB).
        const baseUrl = new URL("..", bundle).pathname;
        await module.options({ noWorker: true, baseUrl });
        await module.init();
        const hidden = dirty ? await mergeChanges(module, baseUrl) : new Set();
        return { module, hidden };
      });
      pagefind.catch(() => { pagefind = null; });
    }
    return pagefind;
  }

  // Each page once: a page rendered again unchanged is in both indexes under one id.
  function visible(results, hidden) {
    const seen = new Set();
    return results.filter((r) => !hidden.has(r.id) && !seen.has(r.id) && seen.add(r.id));
  }

  function count(n) {
    if (n === 0) return root.dataset.none;
    if (n === 1) return root.dataset.one;
    return root.dataset.other.replace("#", String(n));
  }

  // Pagefind's excerpt is the page's text with <mark> around matches. It is rebuilt here as
  // text nodes and <mark> elements only: nothing from the index becomes markup.
  function excerptNodes(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return [...template.content.childNodes].map((node) => {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        return mark;
      }
      return document.createTextNode(node.textContent);
    });
  }

  function item(result) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = result.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("h1");
    title.textContent = (result.meta && result.meta.title) || result.url;
    const text = document.createElement("p");
    text.append(...excerptNodes(result.excerpt || ""));
    article.append(title, text);
    a.append(article);
    li.append(a);
    return li;
  }

  async function search() {
    const query = input.value.trim();
    const mine = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = input.placeholder;
      return;
    }
    try {
      const { module, hidden } = await load();
      const found = await module.debouncedSearch(query, {}, DEBOUNCE_MS);
      if (found === null || mine !== latest) return;  // a newer keystroke took over
      const results = visible(found.results, hidden);
      const shown = await Promise.all(results.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (mine !== latest) return;
      status.textContent = count(results.length);
      list.replaceChildren(...shown.map(item));
    } catch (error) {
      status.textContent = "Search is unavailable on this copy of the site (no search index).";
    }
  }

  input.addEventListener("focus", () => {
    if (toggle) toggle.checked = true;
    load().catch(() => {});  // fetch the small entry files while the reader types
  });
  input.addEventListener("input", search);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle) {
      toggle.checked = false;
      input.blur();
    }
  });
  root.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  if (toggle) {
    toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
  }
})();
