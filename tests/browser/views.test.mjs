// Browser test of the MCP App views: the bridge (MCP_BRIDGE_BIN) runs on a
// throw-away sandbox, a flow with a loop and a router is built and run to
// success and to failure, and each tool result is shown in its view inside
// Debian's Chromium, embedded by a host page through ext-apps' AppBridge under
// the resource's declared CSP. It checks what is drawn, that the page makes no
// request beyond the test host's own, logs no console error and calls only read
// tools, and saves screenshots in artifacts/. Run it through run.sh.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import puppeteer from "puppeteer-core";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, "artifacts");
const EXT = "io.modelcontextprotocol/ui";
const MIME = "text/html;profile=mcp-app";
const LINKED = {
  get_flow: "ui://mcp-bridge/flow-view.html",
  build_flow: "ui://mcp-bridge/flow-view.html",
  apply_flow_operation: "ui://mcp-bridge/flow-view.html",
  get_run: "ui://mcp-bridge/run-view.html",
  wait_for_run: "ui://mcp-bridge/run-view.html",
  trigger_flow_sync: "ui://mcp-bridge/run-view.html",
};

const FLOW_SPEC = {
  displayName: "Order intake",
  publish: true,
  steps: [
    {
      type: "LOOP_ON_ITEMS",
      displayName: "For each item",
      items: "{{trigger.body.items}}",
      steps: [
        { type: "PIECE", displayName: "Pace the item", pieceName: "@activepieces/piece-delay", actionName: "delayFor", input: { unit: "{{trigger.body.unit}}", delayFor: 0 } },
      ],
    },
    {
      type: "ROUTER",
      displayName: "Route by size",
      branches: [
        {
          branchName: "Large order",
          conditions: [[{ firstValue: "{{trigger.body.total}}", operator: "NUMBER_IS_GREATER_THAN", secondValue: "100" }]],
          steps: [reply("Reply: large", "large")],
        },
        { branchName: "Otherwise", steps: [reply("Reply: small", "small")] },
      ],
    },
  ],
};

function reply(displayName, size) {
  return { type: "PIECE", displayName, pieceName: "@activepieces/piece-webhook", actionName: "return_response", input: { responseType: "json", fields: { status: 200, body: { size } } } };
}

let client;
let browser;
let page;
let httpServer;
let origin = "";
let profile = "";
let dataDir = "";
const tools = new Map(); // name → definition from tools/list
const views = new Map(); // ui:// URI → { html, csp }
const served = new Map(); // /view/N → { html, csp }
const calls = []; // tool calls the views asked for
const requests = []; // every request the page made
const consoleErrors = [];
const results = {}; // the tool results the views are fed

// cspFor turns a resource's _meta.ui.csp into the header a host sends: no
// origin beyond those declared, inline script and style for a self-contained page.
function cspFor(csp = {}) {
  const list = (xs, none) => (xs?.length ? xs.join(" ") : none);
  const res = (csp.resourceDomains ?? []).join(" ");
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${res}`.trim(),
    `style-src 'unsafe-inline' ${res}`.trim(),
    `img-src data: ${res}`.trim(),
    `font-src data: ${res}`.trim(),
    `media-src data: ${res}`.trim(),
    `connect-src ${list(csp.connectDomains, "'none'")}`,
    `frame-src ${list(csp.frameDomains, "'none'")}`,
    `base-uri ${list(csp.baseUriDomains, "'none'")}`,
    "form-action 'none'",
  ].join("; ");
}

async function call(name, args) {
  const r = await client.callTool({ name, arguments: args });
  assert.ok(!r.isError, `${name} failed: ${JSON.stringify(r.content)}`);
  return r;
}

before(async () => {
  const started = Date.now();
  mkdirSync(artifacts, { recursive: true });
  // The bridge, as a host that declares MCP Apps starts it, on a sandbox file
  // that the standalone sandbox below shares.
  dataDir = mkdtempSync(join(tmpdir(), "mcp-bridge-views-"));
  const data = join(dataDir, "sandbox.db");
  client = new Client({ name: "browser-test-host", version: "1.0.0" }, { capabilities: { extensions: { [EXT]: { mimeTypes: [MIME] } } } });
  await client.connect(
    new StdioClientTransport({ command: process.env.MCP_BRIDGE_BIN, args: ["--backend", "sandbox", "--sandbox-data", data, "--log-level", "error"], stderr: "inherit" }),
  );
  for (const t of (await client.listTools()).tools) tools.set(t.name, t);
  const listed = new Map((await client.listResources()).resources.map((r) => [r.uri, r]));
  for (const uri of new Set(Object.values(LINKED))) {
    const read = await client.readResource({ uri });
    const content = read.contents[0];
    assert.equal(content.mimeType, MIME);
    assert.equal(listed.get(uri)?.mimeType, MIME, `${uri} is listed with its MIME type`);
    // The content item's _meta.ui wins over the listing's, as the extension says.
    views.set(uri, { html: content.text, csp: (content._meta ?? listed.get(uri)?._meta)?.ui?.csp });
  }

  // Real results from the sandbox: a built flow, a run that succeeds, one that
  // fails, and a draft with a skipped and an invalid step.
  results.built = await call("build_flow", FLOW_SPEC);
  const flowId = results.built.structuredContent.id;
  results.succeeded = await call("trigger_flow_sync", { flowId, payload: { items: [1, 2, 3], unit: "seconds", total: 250 } });
  results.failed = await call("trigger_flow_sync", { flowId, payload: { items: [1, 2], unit: "fortnights", total: 5 } });
  results.failedRun = await call("get_run", { runId: results.failed.structuredContent.runId });
  await call("apply_flow_operation", { flowId, type: "SET_SKIP_ACTION", names: ["step_5"], skip: true });
  // The tools refuse a step with a missing input before sending it; the engine
  // itself takes one and marks it invalid, as a draft edited elsewhere (the
  // builder, another client) may hold. It is added through the engine's API.
  await addThroughTheEngine(data, flowId, {
    type: "ADD_ACTION",
    request: {
      parentStep: "step_1",
      stepLocationRelativeToParent: "AFTER",
      action: { name: "step_6", type: "PIECE", displayName: "Wait a bit", valid: false, settings: { pieceName: "@activepieces/piece-delay", pieceVersion: "0.3.26", actionName: "delayFor", input: { unit: "seconds" }, propertySettings: {} } },
    },
  });
  // Any edit through the tools answers the draft as it now stands.
  results.draft = await call("apply_flow_operation", { flowId, type: "CHANGE_NAME", displayName: FLOW_SPEC.displayName });

  // The test host: its page, its script (bundled now from host.ts) and the views.
  const hostJs = (await esbuild.build({ entryPoints: [join(here, "host.ts")], bundle: true, format: "iife", platform: "browser", target: "es2022", write: false, logLevel: "warning" })).outputFiles[0].text;
  httpServer = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end('<!doctype html><html><head><meta charset="utf-8"><title>test host</title><link rel="icon" href="data:,"><style>body{margin:0;font:14px sans-serif}iframe{display:block;width:1100px;border:0}</style></head><body><div id="stage"></div><script src="/host.js"></script></body></html>');
    } else if (path === "/host.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      res.end(hostJs);
    } else if (served.has(path)) {
      const v = served.get(path);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": cspFor(v.csp) });
      res.end(v.html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${httpServer.address().port}`;

  profile = mkdtempSync(join(tmpdir(), "mcp-bridge-chromium-"));
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_BIN || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    // As root and on a closed network: no sandbox, and none of Chromium's own traffic.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--font-render-hinting=none"],
  });
  page = await browser.newPage();
  await page.setViewport({ width: 1120, height: 900 });
  page.on("request", (r) => requests.push({ url: r.url(), frame: r.frame()?.url() ?? "" }));
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await page.exposeFunction("hostCallTool", async (params) => {
    calls.push(params.name);
    const def = tools.get(params.name);
    // A host enforces nothing here on purpose: the test records, the assertions judge.
    if (def?.annotations?.readOnlyHint !== true) return { content: [{ type: "text", text: `refused: ${params.name} is not a read tool` }], isError: true };
    return client.callTool({ name: params.name, arguments: params.arguments ?? {} });
  });
  await page.goto(`${origin}/`);
  console.log(`# set-up took ${Date.now() - started} ms`);
});

after(async () => {
  await browser?.close();
  await client?.close();
  httpServer?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

let shown = 0;

// show hands one tool result to its view, as a host does after the call, waits
// for the view to finish drawing and returns its frame.
async function show(toolName, args, result) {
  const uri = tools.get(toolName)?._meta?.ui?.resourceUri;
  assert.equal(uri, LINKED[toolName], `${toolName} links its view`);
  const path = `/view/${++shown}`;
  served.set(path, views.get(uri));
  await page.evaluate((s) => window.showView(s), { src: path, tool: tools.get(toolName), args, result });
  const frame = await (await page.waitForSelector("#stage iframe")).contentFrame();
  await frame.waitForSelector('#app[data-state="ready"]', { timeout: 15000 });
  return frame;
}

async function shoot(name) {
  const el = await page.$("#stage iframe");
  await el.screenshot({ path: join(artifacts, `${name}.png`) });
}

const texts = (frame, sel) => frame.$$eval(sel, (els) => els.map((e) => e.textContent.trim()));
const attr = (frame, sel, name) => frame.$eval(sel, (e, n) => e.getAttribute(n), name);

test("the six tools link their views and both views are served", () => {
  for (const [name, uri] of Object.entries(LINKED)) assert.equal(tools.get(name)?._meta?.ui?.resourceUri, uri, name);
  assert.equal(views.size, 2);
  for (const v of views.values()) assert.deepEqual(v.csp, { connectDomains: [], resourceDomains: [] });
});

test("flow view: the built flow with its loop and router", async () => {
  const frame = await show("build_flow", FLOW_SPEC, results.built);
  assert.equal((await frame.$$("[data-node]")).length, 6, "trigger and five steps");
  assert.deepEqual(await frame.$$eval('[data-branch-of="step_3"]', (els) => els.map((e) => e.dataset.branch)), ["Large order", "Otherwise"]);
  const labels = await texts(frame, '[data-branch-of="step_3"] > .lane-label');
  assert.match(labels[0], /\{\{trigger\.body\.total\}\} > 100/);
  assert.match(labels[1], /otherwise \(fallback\)/);
  assert.equal((await frame.$$('[data-lane="loop"][data-lane-of="step_1"] [data-node="step_2"]')).length, 1, "the delay sits inside the loop");
  assert.match((await texts(frame, '[data-node="step_2"] .node-sub'))[0], /delay · delayFor/);
  assert.equal(await attr(frame, "header", "data-version"), "published");
  await shoot("flow-view");
});

test("flow view: a draft with a skipped and an invalid step says why", async () => {
  const frame = await show("apply_flow_operation", { type: "CHANGE_NAME" }, results.draft);
  assert.equal((await frame.$$("[data-node]")).length, 7);
  assert.equal(await attr(frame, "header", "data-version"), "draft");
  assert.equal(await attr(frame, '[data-node="step_5"]', "data-skip"), "true");
  assert.match((await texts(frame, '[data-node="step_5"] .node-note.skipped'))[0], /skipped/);
  assert.equal(await attr(frame, '[data-node="step_6"]', "data-valid"), "false");
  assert.match((await texts(frame, '[data-node="step_6"] .node-note.invalid'))[0], /required input missing: delayFor/);
  await shoot("flow-draft");
});

test("run view: a run that succeeded, coloured by status", async () => {
  const frame = await show("trigger_flow_sync", { flowId: results.built.structuredContent.id }, results.succeeded);
  assert.equal(await attr(frame, "header", "data-run-status"), "SUCCEEDED");
  const status = Object.fromEntries(await frame.$$eval("[data-node]", (els) => els.map((e) => [e.dataset.node, e.dataset.status])));
  assert.deepEqual(status, { trigger: "SUCCEEDED", step_1: "SUCCEEDED", step_2: "SUCCEEDED", step_3: "SUCCEEDED", step_4: "SUCCEEDED", step_5: "NOT_RUN" });
  assert.equal(await attr(frame, '[data-branch="Large order"]', "data-state"), "taken");
  assert.equal(await attr(frame, '[data-branch="Otherwise"]', "data-state"), "not-taken");
  assert.match((await texts(frame, '[data-lane="loop"] .lane-note'))[0], /3 iterations/);
  assert.equal((await frame.$$(".failure")).length, 0);
  assert.match((await texts(frame, '[data-node="step_2"] .node-status'))[0], /Succeeded · \d/, "a duration");
  await shoot("run-succeeded");
  await frame.click('[data-node="step_4"]');
  const pane = (await texts(frame, ".pane"))[0];
  assert.match(pane, /Output/);
  assert.match(pane, /"size": "large"/, "the step's output on selection");
});

test("run view: a failed run puts the failed step and its error first", async () => {
  const frame = await show("trigger_flow_sync", { flowId: results.built.structuredContent.id }, results.failed);
  assert.equal(await attr(frame, "header", "data-run-status"), "FAILED");
  assert.equal(await attr(frame, ".failure", "data-failed-step"), "step_2");
  assert.match((await texts(frame, ".failure"))[0], /unit must be seconds, minutes, hours or days, not "fortnights"/);
  assert.equal(await attr(frame, '[data-node="step_2"]', "data-status"), "FAILED");
  assert.equal(await attr(frame, '[data-node="step_3"]', "data-status"), "NOT_RUN");
  const pane = (await texts(frame, ".pane"))[0];
  assert.match(pane, /Error/);
  assert.match(pane, /"unit": "fortnights"/, "the failed step's input");
  await shoot("run-failed");
  // The same run from get_run's summary result draws the same.
  const again = await show("get_run", { runId: results.failedRun.structuredContent.id }, results.failedRun);
  assert.equal(await attr(again, ".failure", "data-failed-step"), "step_2");
});

test("the views fetched nothing, logged no error and only read", () => {
  const foreign = requests.filter((r) => !r.url.startsWith(`${origin}/`));
  assert.deepEqual(foreign, [], "requests beyond the test host");
  const paths = new Set(requests.map((r) => new URL(r.url).pathname.replace(/\d+$/, "N")));
  assert.deepEqual([...paths].sort(), ["/", "/host.js", "/view/N"], "only the host page, its script and the views' documents");
  assert.deepEqual(consoleErrors, []);
  assert.ok(calls.length > 0, "the views read through the host");
  for (const name of calls) {
    assert.equal(tools.get(name)?.annotations?.readOnlyHint, true, `${name} is a read tool`);
    assert.ok(["get_flow", "get_run", "get_piece"].includes(name), name);
  }
});

// addThroughTheEngine applies a flow operation through a standalone sandbox
// serving the bridge's sandbox file, as another client of the engine would.
async function addThroughTheEngine(data, flowId, operation) {
  const port = await new Promise((resolve) => {
    const probe = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const engine = spawn(process.env.MCP_BRIDGE_BIN, ["sandbox", "--addr", `127.0.0.1:${port}`, "--sandbox-data", data, "--log-level", "error"], { stdio: "ignore" });
  try {
    const url = `http://127.0.0.1:${port}/api/v1/flows/${flowId}`;
    for (let tries = 0; ; tries++) {
      try {
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-api-key": "views-test" }, body: JSON.stringify(operation) });
        assert.equal(res.status, 200, `the engine refused the operation: ${await res.text()}`);
        return;
      } catch (err) {
        if (tries > 50 || err.code === "ERR_ASSERTION") throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    engine.kill("SIGTERM");
  }
}
