// What both views share: the connection to the host (the MCP Apps App class),
// the only tools a view may call, theming, and small formatting helpers.
import { App, applyDocumentTheme, applyHostStyleVariables, type McpUiHostContext } from "@modelcontextprotocol/ext-apps";

// A CallToolResult as the host hands it over; only what the views read.
export interface ToolResult {
  content?: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

// The views only read. Every call goes through read(), which refuses any other
// tool, so a view can never change a flow or start a run, whatever it is fed.
export const READ_TOOLS = ["get_flow", "get_run", "get_piece"] as const;
export type ReadTool = (typeof READ_TOOLS)[number];

// h builds an element. Text is always set as text, never parsed as HTML: flow
// names, step settings and run data come from users and must not inject markup.
export function h(
  tag: string,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

// ViewHost connects a view to its host and hands it the tool's input and result.
export class ViewHost {
  readonly app: App;
  args: Record<string, unknown> = {};

  constructor(name: string, onResult: (r: ToolResult) => void) {
    this.app = new App({ name, version: "1.0.0" }, {}, { autoResize: true });
    // Handlers are set before connect(), so no notification sent at once is missed.
    this.app.ontoolinput = (p) => {
      this.args = (p.arguments ?? {}) as Record<string, unknown>;
    };
    this.app.ontoolresult = (r) => onResult(r as ToolResult);
    this.app.onhostcontextchanged = (ctx) => applyHost(ctx);
  }

  async connect(): Promise<void> {
    await this.app.connect();
    applyHost(this.app.getHostContext());
  }

  // canRead says whether the host passes tool calls on to the server; without it
  // the view draws what the tool result alone holds.
  canRead(): boolean {
    return this.app.getHostCapabilities()?.serverTools !== undefined;
  }

  async read(name: ReadTool, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!READ_TOOLS.includes(name)) throw new Error(`${name} is not a read tool`);
    const r = (await this.app.callServerTool({ name, arguments: args })) as ToolResult;
    if (r.isError) throw new Error(resultText(r) || `${name} failed`);
    if (r.structuredContent) return r.structuredContent;
    return JSON.parse(resultText(r)) as Record<string, unknown>;
  }
}

function applyHost(ctx: McpUiHostContext | undefined): void {
  if (!ctx) return;
  if (ctx.theme) applyDocumentTheme(ctx.theme);
  if (ctx.styles?.variables) applyHostStyleVariables(ctx.styles.variables);
}

export function resultText(r: ToolResult): string {
  return (r.content ?? [])
    .filter((c) => c.type === "text" && typeof c.text === "string")
    .map((c) => c.text)
    .join("\n");
}

// fmtDuration shows a step's or run's time in the unit that reads best.
export function fmtDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "";
  if (ms <= 0) return "< 1 ms"; // times with millisecond precision that match
  if (ms < 1) return `${Math.max(1, Math.round(ms * 1000))} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

// MAX_SHOWN bounds a value shown in the details pane: the server already cuts
// each step's data, but a view inside a chat should stay small.
export const MAX_SHOWN = 4000;

// showValue formats a value as indented JSON, cut to MAX_SHOWN characters.
export function showValue(v: unknown): string {
  let s = typeof v === "string" ? v : JSON.stringify(v, null, 2);
  if (s === undefined) s = String(v);
  if (s.length > MAX_SHOWN) s = `${s.slice(0, MAX_SHOWN)}\n… cut: ${MAX_SHOWN} of ${s.length} characters shown`;
  return s;
}

// shortPiece turns "@activepieces/piece-delay" into "delay".
export function shortPiece(name: string | undefined): string {
  if (!name) return "";
  return name.replace(/^@[^/]+\//, "").replace(/^piece-/, "");
}

export function shortId(id: unknown): string {
  return typeof id === "string" && id.length > 8 ? `${id.slice(0, 6)}…` : String(id ?? "");
}

export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

// pane is the details pane: a heading and labelled blocks.
export function pane(title: string, sub: string, blocks: Array<[string, string | HTMLElement]>): HTMLElement {
  return h(
    "section",
    { class: "pane", "aria-live": "polite" },
    h("h2", {}, title, sub ? h("span", { class: "pane-sub" }, sub) : null),
    ...blocks.map(([label, body]) =>
      h("div", { class: "pane-block" }, h("h3", {}, label), typeof body === "string" ? h("pre", {}, body) : body),
    ),
  );
}

// banner shows a problem the view ran into, in place of what it could not draw.
export function banner(kind: "error" | "note", text: string): HTMLElement {
  return h("div", { class: `banner ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

// mount replaces the page's content. data-state says whether the view is
// still reading (loading) or has drawn all it will (ready), for hosts and tests.
export function mount(ready: boolean, ...nodes: HTMLElement[]): void {
  const root = document.getElementById("app")!;
  root.dataset.state = ready ? "ready" : "loading";
  root.replaceChildren(...nodes);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
