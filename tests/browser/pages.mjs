// Visits the built site in Debian's headless Chromium, driven by playwright-core:
//   node tests/browser/pages.mjs BASE_URL SITE_DIR SCREENSHOT_DIR
// BASE_URL is the site served over HTTP (e.g. http://127.0.0.1:8080/bantin/), SITE_DIR the same
// site on disk. Pages are found by crawling from the home page, so every page type the build
// produces is covered. Over HTTP, every page is checked for console errors, failed requests,
// requests to any other host (blocked and reported) and axe-core violations (serious or critical
// fail); from file:// one page of each type is checked for errors and outside requests. Slide
// decks are driven with the keyboard, a search page (if the site has one) is searched, and one
// screenshot per page type is saved. Prints every failure and a summary; exits 1 on any failure.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [base, siteDir, shotDir] = process.argv.slice(2);
if (!shotDir || !base.endsWith('/')) {
  console.error('usage: node pages.mjs BASE_URL/ SITE_DIR SCREENSHOT_DIR');
  process.exit(2);
}
const fileBase = 'file://' + path.resolve(siteDir) + '/';
const axeSource = fs.readFileSync(new URL('node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const failing = new Set(); // "check: page" keys that failed
let checks = 0;

function check(name, page, problems) {
  checks += 1;
  const where = page ? `${name}: ${page}` : name;
  for (const p of problems) {
    failing.add(where);
    console.log(`FAIL: ${where}: ${p}`);
  }
}

// The page type of a site path: digit segments (dates, editions) become N, and a folder with ten
// or more sibling folders (one per province, say) becomes *. "2025/08/09/slides/index.html" →
// "N/N/N/slides/index.html".
function pageTypes(paths) {
  const split = paths.map((p) => p.split('/').map((s) => (/^\d+$/.test(s) ? 'N' : s)));
  const siblings = new Map();
  for (const segs of split) {
    for (let i = 1; i < segs.length - 1; i++) {
      const key = segs.slice(0, i).join('/');
      if (!siblings.has(key)) siblings.set(key, new Set());
      siblings.get(key).add(segs[i]);
    }
  }
  return new Map(paths.map((p, n) => {
    const segs = split[n].map((s, i) =>
      i >= 1 && i < split[n].length - 1 && siblings.get(split[n].slice(0, i).join('/')).size >= 10 ? '*' : s);
    return [p, segs.join('/')];
  }));
}

function shotName(sitePath) {
  const name = sitePath.replace(/(^|\/)index\.html$/, '').replace(/\.html$/, '').replace(/\//g, '-');
  return name || 'home';
}

// A browser context that records every request and blocks any outside `allowedPrefix`.
async function newContext(browser, allowedPrefix) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  context.outside = [];
  context.on('request', (r) => {
    if (!r.url().startsWith(allowedPrefix) && !r.url().startsWith('data:')) context.outside.push(r.url());
  });
  await context.route('**/*', (route) =>
    route.request().url().startsWith(allowedPrefix) ? route.continue() : route.abort('blockedbyclient'));
  return context;
}

// Whether the site file behind a base or file:// URL redirects with <meta http-equiv="refresh">.
function hasMetaRefresh(url) {
  const prefix = [base, fileBase].find((p) => url.startsWith(p));
  let sitePath = prefix === undefined ? '' : url.slice(prefix.length).split('#')[0].split('?')[0];
  if (sitePath === '' || sitePath.endsWith('/')) sitePath += 'index.html';
  const file = path.join(siteDir, decodeURIComponent(sitePath));
  return fs.existsSync(file) && /<meta[^>]+http-equiv=["']?refresh/i.test(fs.readFileSync(file, 'utf8'));
}

// Opens `url` and loads everything on it (lazy images included); returns the page and the list
// of problems seen: console errors, script errors, failed requests, HTTP errors, broken images
// and requests to outside the site.
async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  context.outside.length = 0;
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(url, { waitUntil: 'load' });
  if (hasMetaRefresh(url)) {
    // A redirect page (the "latest" address): wait until the browser has followed it.
    const from = url.split('#')[0];
    await page.waitForURL((u) => u.href.split('#')[0] !== from, { timeout: 10000, waitUntil: 'load' })
      .catch(() => problems.push('the meta refresh did not redirect'));
  }
  await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((i) => { i.loading = 'eager'; }));
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
  const broken = await page.evaluate(() =>
    Array.from(document.images).filter((i) => i.naturalWidth === 0).map((i) => i.getAttribute('src')));
  problems.push(...broken.map((src) => `image does not load: ${src}`));
  problems.push(...context.outside.map((u) => `request outside the site: ${u}`));
  return { page, problems };
}

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run({ resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return {
    minor: result.violations.filter((v) => !bad.includes(v)).map((v) => `${v.impact} ${v.id}`),
    problems: bad.map((v) => `axe ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`),
  };
}

// Links from the page to other pages of the site, as site paths.
async function pageLinks(page, prefix) {
  const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href));
  return hrefs
    .map((h) => h.split('#')[0].split('?')[0])
    .filter((h) => h.startsWith(prefix))
    .map((h) => h.slice(prefix.length))
    .map((p) => (p === '' || p.endsWith('/') ? p + 'index.html' : p))
    .filter((p) => p.endsWith('.html'));
}

// Slide decks: presenting starts at slide 1; ArrowRight/ArrowLeft, End/Home move; Escape leaves;
// an address #3 opens slide 3 presenting.
async function slideKeys(context, url, shot) {
  const { page, problems } = await open(context, url);
  const state = () => page.evaluate(() => ({
    slide: document.querySelector('.slide.current')?.id ?? null,
    hash: location.hash,
    counter: document.querySelector('.deck-counter')?.textContent ?? null,
    presenting: document.body.classList.contains('presenting'),
    visible: Array.from(document.querySelectorAll('.slide')).filter((s) => s.getClientRects().length > 0).length,
  }));
  const total = await page.locator('.slide').count();
  const expect = async (what, slide, presenting = true) => {
    const got = await state();
    const want = presenting
      ? { slide: String(slide), hash: `#${slide}`, counter: `${slide} / ${total}`, presenting, visible: 1 }
      : { presenting, visible: total };
    for (const [k, v] of Object.entries(want)) {
      if (got[k] !== v) problems.push(`${what}: ${k} is ${JSON.stringify(got[k])}, expected ${JSON.stringify(v)}`);
    }
  };
  if (total < 3) problems.push(`only ${total} slides; the key test needs 3`);
  await expect('before presenting', 0, false);
  await page.click('#deck-present');
  await expect('after "Trình chiếu"', 1);
  await page.keyboard.press('ArrowRight');
  await expect('after ArrowRight', 2);
  if (shot) await page.screenshot({ path: shot });
  await page.keyboard.press('ArrowLeft');
  await expect('after ArrowLeft', 1);
  await page.keyboard.press('ArrowLeft');
  await expect('after ArrowLeft on the first slide', 1);
  await page.keyboard.press('End');
  await expect('after End', total);
  await page.keyboard.press('ArrowRight');
  await expect('after ArrowRight on the last slide', total);
  await page.keyboard.press('Home');
  await expect('after Home', 1);
  await page.keyboard.press('Escape');
  await expect('after Escape', 0, false);
  await page.close();
  const direct = await open(context, url + '#3');
  const got = await direct.page.evaluate(() => [document.querySelector('.slide.current')?.id, document.body.classList.contains('presenting')]);
  if (got[0] !== '3' || !got[1]) problems.push(`the address #3 shows slide ${got[0]}, presenting ${got[1]}`);
  problems.push(...direct.problems);
  await direct.page.close();
  return problems;
}

// A search page: typing "cao bang" (no diacritics) lists results that link into the site and
// mention Cao Bằng.
async function search(context, url) {
  const { page, problems } = await open(context, url);
  const box = page.locator('input[type="search"], input[name="q"]').first();
  if (!(await box.count())) return [...problems, 'no search box (input type="search" or name="q")'];
  const linksBefore = new Set(await page.evaluate(() => Array.from(document.querySelectorAll('main a[href]'), (a) => a.href)));
  await box.fill('cao bang');
  await box.press('Enter');
  const found = await page.waitForFunction((before) => {
    const links = Array.from(document.querySelectorAll('main a[href]')).filter((a) => !before.includes(a.href));
    const hits = links.filter((a) => /cao bằng/i.test((a.closest('li, article, tr, p') ?? a).textContent.normalize('NFC')));
    return hits.length ? hits.map((a) => a.getAttribute('href')) : null;
  }, [...linksBefore], { timeout: 10000 }).then((h) => h.jsonValue()).catch(() => null);
  if (!found) problems.push('"cao bang" found no result mentioning Cao Bằng with a link');
  else console.log(`  search "cao bang": ${found.length} results, first ${found[0]}`);
  await page.close();
  return problems;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  fs.mkdirSync(shotDir, { recursive: true });
  const http = await newContext(browser, base);

  // Crawl over HTTP from the home page; every page reached is checked, and the first page of each
  // type is photographed. Pages on disk that no link reaches fail, and are checked too.
  const onDisk = fs.readdirSync(siteDir, { recursive: true }).map(String).filter((p) => p.endsWith('.html')).sort();
  const types = pageTypes(onDisk);
  const byType = new Map(); // page type → the page photographed
  const queue = ['index.html'];
  const seen = new Set(queue);
  const minorAxe = {};
  const timing = { load: 0, axe: 0 };
  const crawl = async () => {
    while (queue.length) {
      const sitePath = queue.shift();
      let started = Date.now();
      const { page, problems } = await open(http, base + sitePath);
      timing.load += Date.now() - started;
      for (const p of await pageLinks(page, base)) {
        if (!seen.has(p)) { seen.add(p); queue.push(p); }
      }
      check('page loads cleanly over HTTP', sitePath, problems);
      const type = types.get(sitePath) ?? sitePath;
      if (!byType.has(type)) {
        byType.set(type, sitePath);
        await page.screenshot({ path: path.join(shotDir, shotName(sitePath) + '.png') });
      }
      started = Date.now();
      const a = await axe(page);
      timing.axe += Date.now() - started;
      check('axe: no serious or critical violation', sitePath, a.problems);
      if (a.minor.length) minorAxe[sitePath] = a.minor;
      await page.close();
    }
  };
  await crawl();
  const unreached = onDisk.filter((p) => !seen.has(p));
  check('every page is reachable by links from the home page', '', unreached.map((p) => `not linked: ${p}`));
  for (const p of unreached) { seen.add(p); queue.push(p); }
  await crawl();

  console.log(`visited ${seen.size} pages of ${byType.size} types over HTTP (loading ${(timing.load / 1000).toFixed(1)} s, axe ${(timing.axe / 1000).toFixed(1)} s):`);
  for (const [t, p] of [...byType].sort()) {
    const count = [...seen].filter((x) => (types.get(x) ?? x) === t).length;
    console.log(`  ${t}: ${count} page(s), e.g. ${p}`);
  }
  if (Object.keys(minorAxe).length) console.log(`  axe moderate/minor findings (not failures): ${JSON.stringify(minorAxe)}`);

  // The photographed page of each type, from file://.
  const file = await newContext(browser, fileBase);
  for (const [, p] of byType) {
    const viaFile = await open(file, fileBase + p);
    check('page loads cleanly from file://', p, viaFile.problems);
    await viaFile.page.close();
  }

  for (const p of [...seen].sort()) {
    const t = types.get(p) ?? p;
    if (t.endsWith('slides/index.html')) {
      const shot = byType.get(t) === p ? path.join(shotDir, shotName(p) + '-presenting-2.png') : null;
      check('slide keys over HTTP', p, await slideKeys(http, base + p, shot));
      if (shot) check('slide keys from file://', p, await slideKeys(file, fileBase + p, null));
    }
    if (/(^|\/)search\/index\.html$/.test(p)) {
      check('search over HTTP', p, await search(http, base + p));
      check('search from file://', p, await search(file, fileBase + p));
    }
  }
  console.log(`screenshots of ${byType.size} page types in ${shotDir}`);
} finally {
  await browser.close();
}
console.log(`browser-pages: ${checks - failing.size} passed, ${failing.size} failed`);
process.exit(failing.size ? 1 : 0);
