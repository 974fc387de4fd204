// Runs the YAML language server as VS Code's YAML extension does (LSP over stdio) on a day
// file, and checks the diagnostic it returns for a misspelt key: exact message and position.
// Usage: node lsp_check.mjs DAY_FILE LINE COLUMN END_COLUMN MESSAGE (0-based LSP positions).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";
import path from "node:path";

const [file, line, column, endColumn, message] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const server = spawn(
  process.execPath,
  [path.join(here, "node_modules/yaml-language-server/bin/yaml-language-server"), "--stdio"],
  { stdio: ["pipe", "pipe", "inherit"] },
);
const uri = pathToFileURL(path.resolve(file)).href;
const settings = { yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } } };
let nextId = 1;
const pending = new Map();

function send(payload) {
  const body = JSON.stringify({ jsonrpc: "2.0", ...payload });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}
const notify = (method, params) => send({ method, params });

function finish(code, text) {
  console.log(text);
  clearTimeout(timer);
  server.kill();
  process.exit(code);
}
const timer = setTimeout(() => finish(1, "FAIL: no diagnostics within 60 s"), 60_000);

let buffer = Buffer.alloc(0);
server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const msg = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    handle(msg);
  }
});

function handle(msg) {
  if (msg.id !== undefined && msg.method === undefined) {
    pending.get(msg.id)?.(msg.result);
    return;
  }
  if (msg.method === "workspace/configuration") {
    send({ id: msg.id, result: msg.params.items.map((i) => (i.section === "yaml" ? settings.yaml : settings[i.section] ?? null)) });
  } else if (msg.id !== undefined) {
    send({ id: msg.id, result: null }); // client/registerCapability and the like
  } else if (msg.method === "textDocument/publishDiagnostics" && msg.params.uri === uri) {
    const found = msg.params.diagnostics;
    if (found.length === 0) return; // before the schema is loaded
    const got = found.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);
    const want = `${line}:${column}-${line}:${endColumn} ${message}`;
    if (got.length === 1 && got[0] === want) finish(0, `lsp_check: ${uri}: ${got[0]}\nlsp_check: 1 passed, 0 failed`);
    finish(1, `FAIL: expected exactly\n  ${want}\ngot\n  ${got.join("\n  ")}\nlsp_check: 0 passed, 1 failed`);
  }
}

const root = pathToFileURL(path.resolve(path.dirname(file))).href;
await request("initialize", {
  processId: process.pid,
  rootUri: root,
  capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
});
notify("initialized", {});
notify("workspace/didChangeConfiguration", { settings });
notify("textDocument/didOpen", {
  textDocument: { uri, languageId: "yaml", version: 1, text: readFileSync(file, "utf8") },
});
