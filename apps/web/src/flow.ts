// The flow view, linked from get_flow, build_flow and apply_flow_operation: the
// trigger and every step as a graph, loops and router branches with their
// conditions, skipped and invalid steps with why, and whether the version shown
// is the published one or a draft.
import { banner, errorMessage, h, mount, pane, resultText, shortId, shortPiece, showValue, ViewHost, type ToolResult } from "./common";
import { fromDefinition, fromOutline, pieceOf, renderGraph, walk, type GNode, type OutlineStep, type StepDef } from "./graph";

// FlowDetail is a flow as get_flow, build_flow and apply_flow_operation return it.
interface FlowDetail {
  id: string;
  displayName?: string;
  status?: string;
  publishedVersionId?: string;
  versionId?: string;
  versionState?: string;
  valid?: boolean;
  trigger?: { type?: string; pieceName?: string; triggerName?: string; valid?: boolean };
  steps?: OutlineStep[];
  definition?: StepDef;
}

// PieceInfo is what get_piece says of a piece: each component's required
// inputs, one line "key (label, TYPE), key2 (label, TYPE: choices)".
interface PieceInfo {
  actions?: Array<{ name: string; required?: string }>;
  triggers?: Array<{ name: string; required?: string }>;
}

// inputKeys reads the keys out of get_piece's line of inputs: the word before
// each parenthesis, at the top level of the commas.
export function inputKeys(line: string | undefined): string[] {
  const keys: string[] = [];
  let depth = 0;
  let start = 0;
  const take = (end: number) => {
    const key = line!.slice(start, end).trim().split(" (")[0].trim();
    if (key) keys.push(key);
  };
  for (let i = 0; line && i < line.length; i++) {
    if (line[i] === "(") depth++;
    else if (line[i] === ")") depth--;
    else if (line[i] === "," && depth === 0) {
      take(i);
      start = i + 1;
    }
  }
  if (line) take(line.length);
  return keys;
}

const host = new ViewHost("mcp-bridge flow view", (r) => void show(r));
let generation = 0; // a newer result replaces a drawing still being prepared
let selected = "";

host.connect().catch((e) => mount(true, banner("error", `The view could not reach its host: ${errorMessage(e)}`)));

async function show(r: ToolResult): Promise<void> {
  const mine = ++generation;
  if (r.isError) {
    mount(true, banner("error", resultText(r) || "The tool reported an error."));
    return;
  }
  const flow = (r.structuredContent ?? parse(resultText(r))) as FlowDetail | undefined;
  if (!flow?.id) {
    mount(true, banner("error", "This tool result holds no flow to draw."));
    return;
  }
  const notes: string[] = [];
  let def = flow.definition;
  if (!def && host.canRead()) {
    draw(flow, fromOutline(flow.trigger, flow.steps ?? []), new Map(), ["Reading the flow's branches and settings…"], false);
    try {
      const args: Record<string, unknown> = { flowId: flow.id, detail: "full" };
      if (flow.versionId) args.versionId = flow.versionId;
      def = (await host.read("get_flow", args)).definition as StepDef | undefined;
    } catch (e) {
      notes.push(`get_flow could not be read (${errorMessage(e)}): router branches are not told apart.`);
    }
  } else if (!def) {
    notes.push("This host does not pass tool calls on, so the view shows the outline: router branches are not told apart.");
  }
  const nodes = def ? fromDefinition(def) : fromOutline(flow.trigger, flow.steps ?? []);
  const reasons = await whyInvalid(nodes, Boolean(def));
  if (mine !== generation) return;
  draw(flow, nodes, reasons, notes, true);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// whyInvalid finds out why each invalid step is invalid, from its settings and,
// for pieces, the required inputs get_piece lists.
async function whyInvalid(nodes: GNode[], haveSettings: boolean): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  const pieces = new Map<string, Promise<PieceInfo | undefined>>();
  const piece = (name: string, version?: string) => {
    const key = `${name}@${version ?? ""}`;
    if (!pieces.has(key)) {
      const args: Record<string, unknown> = { pieceName: name };
      if (version) args.version = version;
      pieces.set(key, host.canRead() ? host.read("get_piece", args).then((p) => p as PieceInfo, () => undefined) : Promise.resolve(undefined));
    }
    return pieces.get(key)!;
  };
  const jobs: Array<Promise<void>> = [];
  walk(nodes, (n) => {
    if (n.valid) return;
    if (!haveSettings) {
      reasons.set(n.name, "not fully configured (its settings could not be read)");
      return;
    }
    jobs.push(reasonFor(n, piece).then((why) => void reasons.set(n.name, why)));
  });
  await Promise.all(jobs);
  return reasons;
}

async function reasonFor(n: GNode, piece: (name: string, version?: string) => Promise<PieceInfo | undefined>): Promise<string> {
  const s = n.settings;
  if (n.trigger && n.type !== "PIECE_TRIGGER") return "no trigger chosen: set one with UPDATE_TRIGGER";
  switch (n.trigger ? "PIECE" : n.type) {
    case "CODE":
      return "the code step has no source code";
    case "LOOP_ON_ITEMS":
      return "nothing to loop over: items is empty";
    case "ROUTER": {
      const branches = s.branches ?? [];
      if (!branches.length) return "the router has no branches";
      const bare = branches.find((b) => b.branchType !== "FALLBACK" && !(b.conditions ?? []).some((g) => g.length));
      if (bare) return `branch “${bare.branchName}” has no condition`;
      if (branches.some((b) => (b.conditions ?? []).some((g) => g.some((c) => !c.operator)))) return "a condition has no operator";
      return "the router's conditions are incomplete";
    }
    case "PIECE": {
      const component = n.trigger ? s.triggerName : s.actionName;
      if (!component) return n.trigger ? "the trigger has no trigger of its piece chosen" : "no action chosen";
      const name = pieceOf(n);
      const info = name ? await piece(name, s.pieceVersion) : undefined;
      const list = n.trigger ? info?.triggers : info?.actions;
      const found = list?.find((c) => c.name === component);
      if (info && !found) return `${shortPiece(name)} has no ${n.trigger ? "trigger" : "action"} “${component}”`;
      const input = s.input ?? {};
      const missing = inputKeys(found?.required).filter((k) => input[k] === undefined || input[k] === null || input[k] === "");
      if (missing.length) return `required input${missing.length > 1 ? "s" : ""} missing: ${missing.join(", ")}`;
      return "an input is missing or not valid (get_piece lists the inputs)";
    }
  }
  return "not fully configured";
}

function draw(flow: FlowDetail, nodes: GNode[], reasons: Map<string, string>, notes: string[], ready: boolean): void {
  let steps = 0;
  let invalid = 0;
  let skipped = 0;
  let branches = 0;
  let loops = 0;
  walk(nodes, (n) => {
    if (!n.trigger) steps++;
    if (!n.valid) invalid++;
    if (n.skip) skipped++;
    if (n.type === "ROUTER") branches += n.lanes.filter((l) => l.kind === "branch").length;
    if (n.type === "LOOP_ON_ITEMS") loops++;
  });
  let firstInvalid: GNode | undefined;
  walk(nodes, (n) => {
    if (!firstInvalid && !n.valid) firstInvalid = n;
  });
  let current: GNode | undefined;
  walk(nodes, (n) => {
    if (n.name === selected) current = n;
  });
  // Until the user picks a step, the pane shows the first invalid one, or the trigger.
  current ??= firstInvalid ?? nodes[0];
  selected = current?.name ?? "";
  const select = (n: GNode) => {
    selected = n.name;
    document.querySelectorAll(".node.selected").forEach((e) => e.classList.remove("selected"));
    document.querySelector(`.node[data-node="${CSS.escape(n.name)}"]`)?.classList.add("selected");
    document.querySelector(".pane")?.replaceWith(details(n, reasons));
  };
  const graph = renderGraph(
    nodes,
    (n) => ({
      classes: n.name === selected ? ["selected"] : [],
      notes: [
        ...(n.valid ? [] : [{ kind: "invalid", text: `⚠ invalid: ${reasons.get(n.name) ?? "checking why…"}` }]),
        ...(n.skip ? [{ kind: "skipped", text: "skipped: runs pass over this step" }] : []),
      ],
    }),
    select,
  );
  const counts = [`${steps} step${steps === 1 ? "" : "s"}`, `${loops} loop${loops === 1 ? "" : "s"}`, `${branches} branch${branches === 1 ? "" : "es"}`];
  if (invalid) counts.push(`${invalid} invalid`);
  if (skipped) counts.push(`${skipped} skipped`);
  mount(
    ready,
    header(flow, counts.join(" · ")),
    ...notes.map((n) => banner("note", n)),
    h("main", { class: "layout" }, graph, details(current, reasons)),
  );
}

function header(flow: FlowDetail, counts: string): HTMLElement {
  const published = Boolean(flow.publishedVersionId) && flow.versionId === flow.publishedVersionId;
  const version = published ? "published" : "draft";
  const versionText = published
    ? "Published"
    : flow.publishedVersionId
      ? "Draft · the published version still runs"
      : "Draft · never published";
  return h(
    "header",
    { class: "head", "data-version": version },
    h("h1", {}, flow.displayName || "Untitled flow"),
    h(
      "div",
      { class: "badges" },
      h("span", { class: `badge ${published ? "ok" : "warn"}`, "data-badge": "version" }, versionText),
      flow.status ? h("span", { class: `badge ${flow.status === "ENABLED" ? "ok" : "muted"}` }, flow.status === "ENABLED" ? "Enabled" : "Disabled") : null,
      h("span", { class: `badge ${flow.valid === false ? "bad" : "ok"}` }, flow.valid === false ? "Incomplete" : "Complete"),
    ),
    h("p", { class: "meta" }, `flow ${flow.id} · version ${shortId(flow.versionId)}${flow.versionState ? ` (${flow.versionState.toLowerCase()})` : ""} · ${counts}`),
  );
}

function details(n: GNode | undefined, reasons: Map<string, string>): HTMLElement {
  if (!n) return pane("No step", "", []);
  const s = n.settings;
  const blocks: Array<[string, string | HTMLElement]> = [];
  if (!n.valid) blocks.push(["Why it is invalid", reasons.get(n.name) ?? "checking…"]);
  if (n.skip) blocks.push(["Skipped", "Runs pass over this step (SET_SKIP_ACTION skip=false brings it back)."]);
  if (n.piece || n.action) blocks.push(["Piece and action", `${n.piece ?? "?"}${s.pieceVersion ? `@${s.pieceVersion}` : ""}\n${n.action ?? "no action chosen"}`]);
  if (s.items !== undefined) blocks.push(["Loops over", s.items]);
  if (s.branches?.length) {
    blocks.push(["Branches", s.branches.map((b, i) => `${i + 1}. ${b.branchName} (${b.branchType === "FALLBACK" ? "fallback" : "condition"})`).join("\n")]);
  }
  if (s.input && Object.keys(s.input).length) blocks.push(["Input", showValue(s.input)]);
  if (s.sourceCode?.code) blocks.push(["Code", showValue(s.sourceCode.code)]);
  return pane(n.displayName, `${n.name} · ${n.trigger ? "trigger" : n.type.toLowerCase()}`, blocks);
}
