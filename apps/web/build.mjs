// Builds the MCP App views into self-contained HTML files in ../dist: one page
// per view, its script and styles inline, nothing fetched at run time. The Go
// package ../ embeds those files as they are committed.
//
//   node build.mjs           write ../dist/flow-view.html and ../dist/run-view.html
//   node build.mjs --check   build into a temporary folder and fail unless the
//                            result equals the committed files byte for byte
//
// Inputs are pinned by package-lock.json (npm ci), and esbuild's output depends
// only on them and on these sources, so the build reproduces exactly.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const views = [
  { name: "flow-view", entry: "src/flow.ts", title: "Flow — mcp-bridge" },
  { name: "run-view", entry: "src/run.ts", title: "Run — mcp-bridge" },
];

// zod ships every locale's error messages behind one re-export; the views only
// ever show English (and mostly no zod message at all), so the other locales,
// a third of the bundle, are left out.
const englishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

const common = { absWorkingDir: here, bundle: true, minify: true, write: false, charset: "utf8", legalComments: "eof", logLevel: "warning" };

// inline makes text safe inside a <script> or <style> element: nothing in it may close the element.
function inline(text, tag) {
  return text.replace(new RegExp(`</(${tag})`, "gi"), "<\\/$1");
}

async function page(view, css) {
  const js = await esbuild.build({ ...common, entryPoints: [view.entry], format: "iife", platform: "browser", target: "es2022", plugins: [englishOnly] });
  const script = inline(js.outputFiles[0].text, "script");
  return (
    "<!doctype html>\n" +
    '<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${view.title}</title>` +
    `<style>${inline(css, "style")}</style>` +
    '</head><body><div id="app"></div>' +
    `<script>${script}</script>` +
    "</body></html>\n"
  );
}

const check = process.argv.includes("--check");
const out = check ? mkdtempSync(join(tmpdir(), "mcp-bridge-apps-")) : dist;
try {
  mkdirSync(out, { recursive: true });
  const css = (await esbuild.build({ ...common, entryPoints: ["src/style.css"] })).outputFiles[0].text;
  let stale = [];
  for (const view of views) {
    const html = await page(view, css);
    const file = join(out, `${view.name}.html`);
    writeFileSync(file, html);
    if (check) {
      let committed = "";
      try {
        committed = readFileSync(join(dist, `${view.name}.html`), "utf8");
      } catch {
        // a missing file counts as different
      }
      if (committed !== html) stale.push(`apps/dist/${view.name}.html`);
    }
    console.log(`${check ? "checked" : "wrote"} ${view.name}.html (${(Buffer.byteLength(html) / 1024).toFixed(1)} KiB)`);
  }
  if (stale.length) {
    console.error(`${stale.join(", ")} differ from a build of apps/web: run (cd apps/web && npm ci && node build.mjs) and commit the result`);
    process.exitCode = 1;
  }
} finally {
  if (check) rmSync(out, { recursive: true, force: true });
}
