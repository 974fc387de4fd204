// Runs the theme's search.js under Node against the real index of a built example site:
//   node tests/search/search_test.js SITE
// Exact results for "cao bang", "phu xanh" and a query with no result; every result links to a
// page and an id that exist; and, as an independent check, the sections found are exactly the
// sections whose text (read from the built HTML by a different method) holds the phrase.
"use strict";
const assert = require("assert");
const fs = require("fs");
const path = require("path");

const site = process.argv[2];
assert.ok(site, "usage: node tests/search/search_test.js SITE");

globalThis.window = globalThis;
const core = require(path.resolve(__dirname, "../../themes/default/search.js"));
const indexDir = path.join(site, "search");
const files = fs.readdirSync(indexDir).filter((f) => /^\d{4}(-\d{2})?\.js$/.test(f)).sort();
// August in its year's file, September (the newest month) in its own.
assert.deepStrictEqual(files, ["2025-09.js", "2025.js"]);
for (const file of files) {
  require(path.resolve(indexDir, file));
}
const parts = core.load(window.daybriefSearch);

let failures = 0;
function check(name, test) {
  try {
    test();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n${e.message}`);
  }
}

const hrefs = (query) => core.search(parts, query).map((r) => r.href);

check("fold removes diacritics and case, đ → d", () => {
  assert.strictEqual(core.fold("Đắk Lắk, Cao Bằng, phủ XANH, Đăng, đang"), "dak lak, cao bang, phu xanh, dang, dang");
});

check('"cao bang" finds "Cao Bằng", newest day first, each day in page order', () => {
  const d22 = "2025/09/22/", d09 = "2025/08/09/";
  const appendix = (day, numbers) => numbers.map((n) => `${day}appendices/index.html#phu-luc-${n}`);
  assert.deepStrictEqual(hrefs("cao bang"), [
    `${d22}index.html#muc-6-ii`,
    `${d22}index.html#muc-7-iii`,
    ...appendix(d22, [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25]),
    `${d09}index.html#muc-3-2`,
    `${d09}index.html#muc-7-iii`,
    ...appendix(d09, [1, 4, 6, 8]),
  ]);
});

check('"Cao Bằng" typed with its diacritics, or in capitals, finds the same', () => {
  assert.deepStrictEqual(hrefs("Cao Bằng"), hrefs("cao bang"));
  assert.deepStrictEqual(hrefs("  CAO   BANG "), hrefs("cao bang"));
});

check('"phu xanh" finds "phủ XANH" in the narrative and the appendix titles', () => {
  assert.deepStrictEqual(hrefs("phu xanh"), [
    "2025/09/22/index.html#muc-2-1",
    "2025/09/22/index.html#muc-3-2",
    "2025/09/22/appendices/index.html#phu-luc-4",
    "2025/08/09/index.html#muc-2-1",
    "2025/08/09/index.html#muc-3-2",
    "2025/08/09/index.html#muc-7-iii",
    "2025/08/09/appendices/index.html#phu-luc-4",
  ]);
});

check("a result names its day, page and section, with the match highlighted", () => {
  const result = core.search(parts, "phu xanh").find((r) => r.href === "2025/08/09/index.html#muc-3-2");
  assert.strictEqual(result.date, "09/8/2025");
  assert.strictEqual(result.page, "Báo cáo");
  assert.strictEqual(result.title, "2. Điểm yếu cần tháo gỡ");
  const snippet = core.highlight(result.block, "phu xanh", 80);
  assert.deepStrictEqual(snippet, {
    before: "Tình hình ",
    match: "phủ XANH",
    after: " các xã, phường, đảm bảo các điều kiện cơ bản để vận hành Trung…",
  });
  const appendix = core.search(parts, "cao bang").find((r) => r.href === "2025/08/09/appendices/index.html#phu-luc-4");
  assert.strictEqual(appendix.page, "Phụ lục");
  assert.strictEqual(appendix.title, "Phụ lục 4 Tình hình phủ XANH các xã trong 34 tỉnh, thành phố");
  assert.strictEqual(appendix.block, "Cao Bằng");
});

check("a phrase matches at the start of a word only", () => {
  assert.deepStrictEqual(hrefs("ao bang"), []);
});

check("a query that is nowhere finds nothing", () => {
  assert.deepStrictEqual(hrefs("xyz không có trong bản tin"), []);
  assert.deepStrictEqual(hrefs("   "), []);
});

check("every result links to an existing page and id", () => {
  for (const query of ["cao bang", "phu xanh", "dang"]) {
    for (const r of core.search(parts, query)) {
      const [file, id] = r.href.split("#");
      const html = fs.readFileSync(path.join(site, file), "utf8");
      if (id !== undefined) {
        assert.ok(html.includes(`id="${id}"`), `${r.href}: no id ${id}`);
      }
    }
  }
});

// The independent check: sections cut out of the built HTML with a regular expression, tags
// stripped, lower-cased, searched for the phrase as written in the source.
function sectionsContaining(phrase) {
  const found = [];
  const days = fs.readdirSync(site).filter((d) => /^\d{4}$/.test(d)).flatMap((y) =>
    fs.readdirSync(path.join(site, y)).flatMap((m) =>
      fs.readdirSync(path.join(site, y, m)).map((d) => `${y}/${m}/${d}/`)));
  for (const day of days.sort().reverse()) {
    for (const page of ["index.html", "appendices/index.html"]) {
      const html = fs.readFileSync(path.join(site, day, page), "utf8");
      for (const m of html.matchAll(/<section[^>]*\sid="([^"]+)"[^>]*>([\s\S]*?)<\/section>/g)) {
        const text = m[2].replace(/<a [^>]*download[^>]*>[\s\S]*?<\/a>/g, " ").replace(/<[^>]+>/g, "")
          .replace(/&amp;/g, "&").replace(/\s+/g, " ").toLowerCase();
        if (text.includes(phrase)) {
          found.push(`${day}${page}#${m[1]}`);
        }
      }
    }
  }
  return found;
}

check("the sections found are exactly those whose text holds the phrase", () => {
  assert.deepStrictEqual(hrefs("cao bang").filter((h) => h.includes("#")), sectionsContaining("cao bằng"));
  assert.deepStrictEqual(hrefs("phu xanh").filter((h) => h.includes("#")), sectionsContaining("phủ xanh"));
});

console.log(`search-test: ${failures ? failures + " failed" : "all passed"}`);
process.exit(failures ? 1 : 0);
