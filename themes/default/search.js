// Full-text search over every briefing, in the browser, with no server. The index is in
// search/<year>.js, loaded with <script src> (browsers refuse fetch on file: addresses).
// Reading the site never needs this script; it only powers the search page. Under Node it
// exports its core, so the tests run this very file against the real index.
(function (global) {
  "use strict";

  // Combining marks of the Latin script (all Vietnamese tone and vowel marks are in the first
  // block). A plain class rather than \p{M}: about 1.5 times as fast on a large index.
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

  // Diacritics and case folded away, the same for the text and the query:
  // "Đắk Lắk" → "dak lak", "phủ XANH" → "phu xanh".
  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  // The query as it is matched: folded, white space collapsed.
  function foldQuery(query) {
    return fold(query).split(/\s+/).filter(Boolean).join(" ");
  }

  function isWordChar(ch) {
    return /[0-9a-z]/.test(ch) || (ch > "\u00bf" && ch.toLowerCase() !== ch.toUpperCase());
  }

  // Where `q` occurs in `hay` at the start of a word, or -1: "bang" finds "Bằng", not "Abang".
  function findWord(hay, q) {
    var wordStart = isWordChar(q.charAt(0));
    var at = hay.indexOf(q);
    while (at > 0 && wordStart && isWordChar(hay.charAt(at - 1))) {
      at = hay.indexOf(q, at + 1);
    }
    return at;
  }

  // One registered year index, with every string folded once and its days newest first.
  function loadPart(raw) {
    return {
      pages: raw.pages.map(function (p) { return { path: p[0], label: p[1] }; }),
      strings: raw.strings,
      folded: raw.strings.map(fold),
      days: raw.days.map(function (d) {
        return { dir: d[0], date: d[1], entries: d[2].map(entry) };
      }).reverse()
    };
  }

  // Every registered year index, newest first.
  function load(registered) {
    var parts = registered.map(loadPart);
    parts.sort(function (a, b) {
      var x = a.days.length ? a.days[0].dir : "", y = b.days.length ? b.days[0].dir : "";
      return x < y ? 1 : x > y ? -1 : 0;
    });
    return parts;
  }

  // [page, anchor, title, start, length, …] → runs of absolute string numbers. A start ≥ 0 is
  // the gap after the previous forward run; -(n + 1) is string n, further back.
  function entry(e) {
    var runs = [], frontier = 0;
    for (var i = 3; i + 1 < e.length; i += 2) {
      var start = e[i] >= 0 ? frontier + e[i] : -e[i] - 1;
      if (e[i] >= 0) { frontier = start + e[i + 1]; }
      runs.push(start, e[i + 1]);
    }
    return { page: e[0], anchor: e[1], title: e[2], runs: runs };
  }

  // Every part of every day that contains the query, newest day first, then in page order.
  // A result names the first matching block (null when only the title matches).
  function search(parts, query) {
    return parts.reduce(function (all, part) { return all.concat(searchPart(part, query)); }, []);
  }

  function searchPart(part, query) {
    var q = foldQuery(query), results = [];
    if (!q) { return results; }
    var n = part.folded.length, hits = new Uint8Array(n), before = new Int32Array(n + 1);
    for (var i = 0; i < n; i++) {
      hits[i] = findWord(part.folded[i], q) >= 0 ? 1 : 0;
      before[i + 1] = before[i] + hits[i];
    }
    part.days.forEach(function (day) {
      day.entries.forEach(function (e) {
        var block = firstHit(e.runs, hits, before);
        if (block >= 0 || hits[e.title]) {
          var page = part.pages[e.page], anchor = part.strings[e.anchor];
          results.push({
            href: day.dir + page.path + "index.html" + (anchor ? "#" + anchor : ""),
            date: day.date,
            page: page.label,
            title: part.strings[e.title],
            block: block >= 0 ? part.strings[block] : null
          });
        }
      });
    });
    return results;
  }

  function firstHit(runs, hits, before) {
    for (var r = 0; r < runs.length; r += 2) {
      var start = runs[r], end = start + runs[r + 1];
      if (before[end] - before[start] > 0) {
        while (!hits[start]) { start++; }
        return start;
      }
    }
    return -1;
  }

  // The text split around the first match: {before, match, after}, cut to about `width`
  // characters around the match; null when the query is not in it.
  function highlight(text, query, width) {
    var q = foldQuery(query), folded = "", origin = [];
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i)), f = fold(ch);
      for (var k = 0; k < f.length; k++) { origin.push(i); }
      folded += f;
      i += ch.length;
    }
    origin.push(text.length);
    var at = q ? findWord(folded, q) : -1;
    if (at < 0) { return null; }
    var start = origin[at], end = origin[at + q.length];
    var from = 0, to = text.length;
    if (width && text.length > width) {
      var room = Math.max(0, width - (end - start));
      from = cutAt(text, Math.max(0, start - Math.floor(room / 3)), -1);
      to = cutAt(text, Math.min(text.length, end + room - (start - from)), 1);
    }
    return {
      before: (from > 0 ? "…" : "") + text.slice(from, start),
      match: text.slice(start, end),
      after: text.slice(end, to) + (to < text.length ? "…" : "")
    };
  }

  // Moves a cut to the nearest space in `direction`, within 15 characters.
  function cutAt(text, at, direction) {
    for (var i = 0; i < 15; i++) {
      var p = at + i * direction;
      if (p <= 0 || p >= text.length) { return Math.max(0, Math.min(text.length, p)); }
      if (text.charAt(p) === " ") { return direction < 0 ? p + 1 : p; }
    }
    return at;
  }

  // "1234" → "1.234"
  function vnNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // ---- The search page -------------------------------------------------------------------

  var PAGE_SIZE = 50, SNIPPET = 220;

  function start(document) {
    var box = document.getElementById("tim-kiem");
    if (!box) { return; }
    var input = box.querySelector("input[name=q]"), button = box.querySelector(".search-row button");
    var status = box.querySelector(".search-status"), list = box.querySelector(".search-results");
    var more = box.querySelector(".search-more");
    var root = box.getAttribute("data-root") || "";
    // The year indexes, newest first, loaded one after another so recent results come first.
    var sources = (box.getAttribute("data-index") || "").split(" ").filter(Boolean);
    var parts = [], loading = sources.length > 0, failed = false;
    var query = "", results = [], shown = 0, timer = null;

    function message(name, values) {
      return (box.getAttribute("data-msg-" + name) || "").replace(/\{(\w+)\}/g, function (m, key) {
        return values && key in values ? values[key] : m;
      });
    }

    function text(tag, className, content) {
      var el = document.createElement(tag);
      if (className) { el.className = className; }
      if (content) { el.textContent = content; }
      return el;
    }

    function marked(tag, className, content, width) {
      var el = text(tag, className), pieces = highlight(content, query, width);
      if (!pieces) {
        el.textContent = width && content.length > width ? content.slice(0, width) + "…" : content;
        return el;
      }
      el.appendChild(document.createTextNode(pieces.before));
      el.appendChild(text("mark", "", pieces.match));
      el.appendChild(document.createTextNode(pieces.after));
      return el;
    }

    function item(result) {
      var li = text("li", "search-result");
      var link = text("a", "search-link");
      link.href = root + result.href;
      link.appendChild(text("span", "search-date", result.date));
      link.appendChild(text("span", "search-page", result.page));
      if (result.title) { link.appendChild(marked("span", "search-title", result.title, 0)); }
      li.appendChild(link);
      if (result.block) { li.appendChild(marked("p", "search-snippet", result.block, SNIPPET)); }
      return li;
    }

    function showMore() {
      var end = Math.min(results.length, shown + PAGE_SIZE);
      for (; shown < end; shown++) { list.appendChild(item(results[shown])); }
      more.hidden = shown >= results.length;
      more.textContent = message("more", { n: vnNumber(Math.min(PAGE_SIZE, results.length - shown)) });
    }

    function report() {
      var q = foldQuery(query), says = "";
      if (q.length === 1) {
        says = message("short");
      } else if (q && results.length) {
        var days = {};
        results.forEach(function (r) { days[r.date] = true; });
        says = message("count", { n: vnNumber(results.length), d: vnNumber(Object.keys(days).length) });
      } else if (q && !loading) {
        says = message("none", { q: query.trim() });
      }
      if (loading && q) { says += (says ? " " : "") + message("loading"); }
      if (failed) { says += (says ? " " : "") + message("error"); }
      status.textContent = says;
    }

    // Adds the results of newly loaded year indexes (older than those already searched).
    function extend(newParts) {
      if (foldQuery(query).length >= 2) {
        results = results.concat(search(newParts, query));
        if (shown < PAGE_SIZE) { showMore(); }
      }
      report();
    }

    function run(value) {
      if (value === query) { return; }
      query = value;
      list.textContent = "";
      results = [];
      shown = 0;
      more.hidden = true;
      extend(parts);
    }

    function remember(value) {
      try {
        history.replaceState(null, "", "?q=" + encodeURIComponent(value));
      } catch (e) {
        // Some browsers refuse to change a file: address; the search still works.
      }
    }

    function loadNext(i) {
      if (i >= sources.length) {
        loading = false;
        report();
        return;
      }
      var script = document.createElement("script");
      script.src = sources[i];
      script.onload = function () {
        var registered = global.daybriefSearch || [];
        var fresh = registered.slice(parts.length).map(loadPart);
        parts = parts.concat(fresh);
        extend(fresh);
        loadNext(i + 1);
      };
      script.onerror = function () {
        failed = true;
        loadNext(i + 1);
      };
      document.head.appendChild(script);
    }

    // No <form>: the site's policy allows none (form-action 'none'); Enter and the button search.
    function now() {
      clearTimeout(timer);
      run(input.value);
      remember(input.value);
    }
    button.addEventListener("click", now);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { now(); }
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); remember(input.value); }, 250);
    });
    more.addEventListener("click", showMore);
    var initial = new URLSearchParams(global.location.search).get("q");
    if (initial) {
      input.value = initial;
      run(initial);
    }
    loadNext(0);
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { fold: fold, load: load, search: search, highlight: highlight };
  } else if (global.document) {
    start(global.document);
  }
})(typeof window !== "undefined" ? window : globalThis);
