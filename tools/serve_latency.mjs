// Save-to-reload latency of `daybrief serve`, in real headless Chromium over the DevTools protocol.
// Not a test: a measuring tool (needs Node 20+ and Debian's chromium).
//   daybrief serve --port 8124 &            # in the folder holding content/
//   node --experimental-websocket tools/serve_latency.mjs http://127.0.0.1:8124/2025/08/09/ \
//        content/2025/08/09.yaml 10 [SHOTS_DIR]
// Each round rewrites one figure in the day file (plain writeFileSync, as most editors save) and
// waits for the open page's reload: the time runs from just before the write to the reloaded
// page's load event; a second listener on /__daybrief/events splits it into rebuild and reload
// (the first event after the write: the changed day's pages are served before the site-wide ones).
// Then it breaks the file (the overlay must appear), fixes it (the overlay must go) and restores
// the file. NEEDLE=<text in the file> edits after that text instead (for `daybrief sample` days).
import { spawn } from "node:child_process";
import fs from "node:fs";
const [url, dayFile, roundsArg, shots] = process.argv.slice(2);
const rounds = Number(roundsArg || 10);
const port = 9333;
const profile = fs.mkdtempSync("/tmp/cdp-profile-");
const chrome = spawn("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu",
  `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, "--window-size=1280,900", "about:blank"],
  { stdio: "ignore" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let targets;
for (let i = 0; i < 100; i++) {
  try { targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json(); break; } catch { await sleep(100); }
}
const page = targets.find((t) => t.type === "page");
const ws = new WebSocket(page.webSocketDebuggerUrl);
await new Promise((r) => ws.addEventListener("open", r));
let id = 0; const pending = new Map(); const listeners = [];
ws.addEventListener("message", (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
  else listeners.forEach((l) => l(msg));
});
const send = (method, params = {}) => new Promise((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
const once = (method) => new Promise((r) => { const l = (msg) => { if (msg.method === method) { listeners.splice(listeners.indexOf(l), 1); r(performance.now()); } }; listeners.push(l); });
const evaluate = async (expr) => (await send("Runtime.evaluate", { expression: expr, returnByValue: true })).result.result.value;
const shot = async (name) => { if (!shots) return; const r = await send("Page.captureScreenshot", { format: "png" }); fs.writeFileSync(`${shots}/${name}.png`, Buffer.from(r.result.data, "base64")); };
await send("Page.enable"); await send("Runtime.enable");
let loaded = once("Page.loadEventFired");
await send("Page.navigate", { url }); await loaded; await sleep(800);
await shot("1-page");
// A second listener on the event stream, to split the time into rebuild and browser reload.
let eventTimes = [];
(async () => {
  const res = await fetch(new URL("/__daybrief/events", url));
  const reader = res.body.getReader();
  for (;;) { const { value, done } = await reader.read(); if (done) break; if (new TextDecoder().decode(value).includes("event: state")) eventTimes.push(performance.now()); }
})();
await sleep(300);
const original = fs.readFileSync(dayFile, "utf8");
// NEEDLE (env): a literal in the day file; each round puts a marker after it. Default: the
// figure 2.080/3.321 of the real 09/8/2025 file, changed to 2.101/3.321, 2.102/3.321, ...
const needle = process.env.NEEDLE;
const figure = needle ? new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : /\*\*2\.080\/3\.321\*\*/;
if (!figure.test(original)) throw new Error("figure not found in day file");
const times = []; const events = [];
for (let i = 1; i <= rounds; i++) {
  const value = needle ? `sửa-${i}-${Date.now()}` : `2.${String(100 + i)}/3.321`;
  loaded = once("Page.loadEventFired");
  const t0 = performance.now();
  fs.writeFileSync(dayFile, original.replace(figure, needle ? `${needle} ${value}` : `**${value}**`));
  const t1 = await loaded;
  const lastEvent = eventTimes.find((t) => t > t0) ?? 0;
  const nav = await evaluate(`(() => { const n = performance.getEntriesByType("navigation")[0]; return [n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd, performance.getEntriesByType("resource").length].map(Math.round).join("/"); })()`);
  const shown = await evaluate(`document.body.innerText.includes(${JSON.stringify(value)})`);
  times.push(t1 - t0);
  events.push(lastEvent - t0);
  console.log(`round ${i}: ${(t1 - t0).toFixed(0)} ms (reload event after ${(lastEvent - t0).toFixed(0)} ms), new figure shown: ${shown}; page responseEnd/DCL/load/resources ${nav}`);
  await sleep(300);
}
await shot("2-edited");
// Break the file: the overlay appears over the last good page; then fix it.
fs.writeFileSync(dayFile, original.replace(/^title:/m, "titel:"));
for (let i = 0; i < 200 && !(await evaluate("!!document.querySelector('.daybrief-overlay')")); i++) await sleep(50);
console.log("overlay text:", JSON.stringify((await evaluate("document.querySelector('.daybrief-overlay') && document.querySelector('.daybrief-overlay').innerText") || "").slice(0, 160)));
await shot("3-overlay");
loaded = once("Page.loadEventFired");
fs.writeFileSync(dayFile, original);
await loaded; await sleep(300);
console.log("after fix, overlay present:", await evaluate("!!document.querySelector('.daybrief-overlay')"));
await shot("4-fixed");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`reload event (save→SSE) median ${median(events).toFixed(0)} ms`);
const sorted = [...times].sort((a, b) => a - b);
console.log(`save→reload over ${rounds} rounds: median ${sorted[Math.floor(rounds / 2)].toFixed(0)} ms, min ${sorted[0].toFixed(0)}, max ${sorted[rounds - 1].toFixed(0)}`);
ws.close(); chrome.kill(); await sleep(500); fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
// The event stream listener above keeps Node running; the measurement is done.
process.exit(0);
