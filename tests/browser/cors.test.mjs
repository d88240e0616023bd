// Browser test of cross-origin access to the bridge's Streamable HTTP endpoint:
// a page in Debian's Chromium, served from another origin, talks MCP to the
// bridge with fetch. From an origin the bridge allows (--allowed-origins), the
// browser accepts the preflight, lets the page read a refused token's
// WWW-Authenticate, and with the token the page initializes, reads its
// Mcp-Session-Id and lists the tools. From any other origin the browser gets
// nothing. Run it through run.sh.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const TOKEN = "cors-test-token-0123456789";

let bridge;
let bridgeURL = "";
let pages;
let port = 0;
let browser;
let profile = "";

before(async () => {
  // One server for both pages: Chromium maps their names to it.
  pages = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>page</title>");
  });
  await new Promise((resolve) => pages.listen(0, "127.0.0.1", resolve));
  port = pages.address().port;

  bridge = spawn(process.env.MCP_BRIDGE_BIN, ["serve", "--transport", "http", "--addr", "127.0.0.1:0",
    "--backend", "sandbox", "--sandbox-data", ":memory:", "--log-format", "json",
    "--allowed-origins", `http://app.test:${port}`], {
    env: { HOME: process.env.HOME, PATH: process.env.PATH, MCP_BRIDGE_AUTH_TOKEN: TOKEN },
    stdio: ["ignore", "ignore", "pipe"],
  });
  bridgeURL = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: bridge.stderr });
    lines.on("line", (line) => {
      try {
        const rec = JSON.parse(line);
        if (rec.msg === "serving MCP over HTTP") resolve(rec.url);
      } catch {}
    });
    bridge.on("exit", (code) => reject(new Error(`the bridge exited with ${code}`)));
  });

  profile = mkdtempSync(join(tmpdir(), "mcp-bridge-chromium-"));
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_BIN || "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    // As root and on a closed network: no sandbox, and none of Chromium's own traffic.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP app.test 127.0.0.1, MAP other.test 127.0.0.1"],
  });
});

after(async () => {
  await browser?.close();
  pages?.close();
  bridge?.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// talk runs in the page: it speaks MCP to the bridge with fetch and returns
// what the page could read, or the error fetch threw.
async function talk(page, url, token) {
  return page.evaluate(async (url, token) => {
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const post = (body, extra = {}) => fetch(url, { method: "POST", headers: { ...headers, ...extra }, body: JSON.stringify(body) });
    const json = async (r) => {
      const text = await r.text();
      const data = text.startsWith("{") ? text : text.split("\n").find((l) => l.startsWith("data:"))?.slice(5);
      return JSON.parse(data);
    };
    const init = { jsonrpc: "2.0", id: 1, method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "page", version: "1" } } };
    try {
      const refused = await post(init);
      const out = { refusedStatus: refused.status, challenge: refused.headers.get("www-authenticate") };
      const auth = { authorization: `Bearer ${token}` };
      const ok = await post(init, auth);
      out.initStatus = ok.status;
      out.session = ok.headers.get("mcp-session-id");
      out.server = (await json(ok)).result?.serverInfo?.name;
      const session = { ...auth, "mcp-session-id": out.session, "mcp-protocol-version": "2025-06-18" };
      await post({ jsonrpc: "2.0", method: "notifications/initialized" }, session);
      const list = await json(await post({ jsonrpc: "2.0", id: 2, method: "tools/list" }, session));
      out.tools = list.result?.tools?.length;
      return out;
    } catch (e) {
      return { error: String(e) };
    }
  }, url, token);
}

test("a page at an allowed origin speaks MCP to the bridge across origins", async () => {
  const page = await browser.newPage();
  await page.goto(`http://app.test:${port}/`);
  const got = await talk(page, bridgeURL, TOKEN);
  assert.equal(got.error, undefined, `fetch failed: ${got.error}`);
  assert.equal(got.refusedStatus, 401);
  assert.match(got.challenge ?? "", /^Bearer/, "the page reads the token challenge");
  assert.equal(got.initStatus, 200);
  assert.ok(got.session, "the page reads Mcp-Session-Id");
  assert.equal(got.server, "mcp-bridge");
  assert.ok(got.tools > 30, `tools/list gave ${got.tools} tools`);
  await page.close();
});

test("a page at another origin gets nothing", async () => {
  const page = await browser.newPage();
  await page.goto(`http://other.test:${port}/`);
  const got = await talk(page, bridgeURL, TOKEN);
  assert.match(got.error ?? "", /Failed to fetch/, `the page read an answer: ${JSON.stringify(got)}`);
  await page.close();
});
