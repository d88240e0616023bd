// The run view, linked from get_run, wait_for_run and trigger_flow_sync: the
// flow's graph coloured by each step's status, with durations, the failed step
// and its error up front, and a step's input and output on selection.
import { banner, errorMessage, fmtDuration, h, mount, pane, resultText, shortId, showValue, str, ViewHost, type ToolResult } from "./common";
import { fromDefinition, renderGraph, walk, type GNode, type Lane, type StepDef } from "./graph";

// RunStep is one step of a run as get_run returns it (detail=full adds input and output).
interface RunStep {
  name: string;
  type?: string;
  status: string;
  durationMs?: number;
  error?: unknown;
  input?: unknown;
  output?: unknown;
}

interface FailedStep {
  name: string;
  displayName?: string;
  message?: string;
}

// RunDetail is a run as get_run and wait_for_run return it.
interface RunDetail {
  id: string;
  flowId?: string;
  status: string;
  durationMs?: number;
  failedStep?: FailedStep;
  flowVersionId?: string;
  startTime?: string;
  finishTime?: string;
  steps?: RunStep[];
  timedOut?: boolean;
}

// SyncResult is what trigger_flow_sync returns: the flow's answer and its run.
interface SyncResult {
  outcome: string;
  status?: number;
  runId?: string;
  failedStep?: FailedStep;
  note?: string;
}

const FINAL_BAD = ["FAILED", "INTERNAL_ERROR", "TIMEOUT", "QUOTA_EXCEEDED", "MEMORY_LIMIT_EXCEEDED", "CANCELED", "LOG_SIZE_EXCEEDED", "STOPPED"];

const host = new ViewHost("mcp-bridge run view", (r) => void show(r));
let generation = 0;
let selected = "";

host.connect().catch((e) => mount(true, banner("error", `The view could not reach its host: ${errorMessage(e)}`)));

async function show(r: ToolResult): Promise<void> {
  const mine = ++generation;
  if (r.isError) {
    mount(true, banner("error", resultText(r) || "The tool reported an error."));
    return;
  }
  const sc = (r.structuredContent ?? {}) as Record<string, unknown>;
  const sync = "outcome" in sc ? (sc as unknown as SyncResult) : undefined;
  let run = sync ? undefined : (sc as unknown as RunDetail);
  const runId = run?.id ?? sync?.runId;
  const notes: string[] = [];
  if (!runId) {
    draw({ sync, notes: sync?.note ? [sync.note] : ["This result names no run."], ready: true });
    return;
  }
  let nodes: GNode[] | undefined;
  let flowName = "";
  if (host.canRead()) {
    draw({ sync, run, notes: ["Reading the run's steps and its flow…"], ready: false });
    try {
      run = (await host.read("get_run", { runId, detail: "full" })) as unknown as RunDetail;
    } catch (e) {
      notes.push(`get_run could not be read (${errorMessage(e)}).`);
    }
    if (run?.flowId) {
      try {
        const args: Record<string, unknown> = { flowId: run.flowId, detail: "full" };
        if (run.flowVersionId) args.versionId = run.flowVersionId;
        const flow = await host.read("get_flow", args);
        flowName = str(flow.displayName);
        if (flow.definition) nodes = fromDefinition(flow.definition as StepDef);
      } catch (e) {
        notes.push(`The flow could not be read (${errorMessage(e)}): steps are listed in run order.`);
      }
    }
  } else {
    notes.push("This host does not pass tool calls on, so the view lists the steps the result holds, without the flow's graph.");
  }
  if (mine !== generation) return;
  draw({ sync, run, nodes, flowName, notes, ready: true });
}

// listed stands in for the graph when the flow cannot be read: the run's steps in order.
function listed(run: RunDetail): GNode[] {
  return (run.steps ?? []).map((s) => ({
    name: s.name,
    displayName: s.name,
    type: s.type ?? "PIECE",
    trigger: s.name === "trigger",
    valid: true,
    skip: false,
    settings: {},
    lanes: [],
  }));
}

interface Drawing {
  sync?: SyncResult;
  run?: RunDetail;
  nodes?: GNode[];
  flowName?: string;
  notes: string[];
  ready: boolean;
}

function draw(d: Drawing): void {
  const run = d.run;
  const steps = new Map((run?.steps ?? []).map((s) => [s.name, s]));
  const nodes = d.nodes ?? (run ? listed(run) : []);
  const failed = run?.failedStep ?? d.sync?.failedStep;
  if (!selected || !steps.has(selected)) selected = failed?.name ?? nodes[0]?.name ?? "";
  let current: GNode | undefined;
  walk(nodes, (n) => {
    if (n.name === selected) current = n;
  });
  const select = (n: GNode) => {
    selected = n.name;
    document.querySelectorAll(".node.selected").forEach((e) => e.classList.remove("selected"));
    document.querySelector(`.node[data-node="${CSS.escape(n.name)}"]`)?.classList.add("selected");
    document.querySelector(".pane")?.replaceWith(details(n, steps.get(n.name), run));
  };
  const parts: HTMLElement[] = [header(d, steps.size)];
  const fail = failure(run, d.sync, () => current && select(current));
  if (fail) parts.push(fail);
  parts.push(...d.notes.map((n) => banner("note", n)));
  if (nodes.length) {
    parts.push(h("main", { class: "layout" }, renderRunGraph(nodes, steps, select), details(current, steps.get(selected), run)));
  }
  mount(d.ready, ...parts);
}

// renderRunGraph draws the flow decorated with each step's run: its status
// colour, duration, error, a loop's iterations and which router branches ran.
function renderRunGraph(nodes: GNode[], steps: Map<string, RunStep>, select: (n: GNode) => void): HTMLElement {
  return renderGraph(
    nodes,
    (n) => {
      const st = steps.get(n.name);
      const status = st?.status ?? (n.skip ? "SKIPPED" : "NOT_RUN");
      const notes: Array<{ kind: string; text: string }> = [];
      if (st?.error !== undefined && st.error !== null) notes.push({ kind: "error", text: oneLine(st.error) });
      if (!st && !n.trigger) notes.push({ kind: "muted", text: n.skip ? "skipped" : "did not run" });
      return {
        classes: [`s-${status.toLowerCase()}`, ...(n.name === selected ? ["selected"] : [])],
        data: { status },
        status: st ? { text: `${label(status)}${st.durationMs !== undefined ? ` · ${fmtDuration(st.durationMs)}` : ""}`, tone: tone(status) } : undefined,
        notes,
        lane: (l: Lane) => laneState(n, l, st),
        laneNote: (l: Lane) => (l.kind === "loop" ? iterations(st) : undefined),
      };
    },
    select,
  );
}

// laneState says whether a router branch ran, from the router's output
// ({branches: [{branchIndex, evaluation}]}).
function laneState(n: GNode, l: Lane, st: RunStep | undefined): "taken" | "not-taken" | undefined {
  if (n.type !== "ROUTER" || l.kind !== "branch" || !st) return undefined;
  const out = st.output as { branches?: Array<{ branchIndex?: number; evaluation?: boolean }> } | undefined;
  const e = out?.branches?.find((b, i) => (b.branchIndex ?? i) === l.index);
  if (!e) return undefined;
  return e.evaluation ? "taken" : "not-taken";
}

function iterations(st: RunStep | undefined): string | undefined {
  const out = st?.output as { iterations?: unknown[] } | undefined;
  if (!Array.isArray(out?.iterations)) return undefined;
  const n = out.iterations.length;
  return `${n} iteration${n === 1 ? "" : "s"} · the last one is shown`;
}

// tone is the colour of a status: ok, bad, info (still going) or muted.
function tone(status: string): string {
  if (status === "SUCCEEDED") return "ok";
  if (FINAL_BAD.includes(status)) return "bad";
  if (status === "SKIPPED") return "muted";
  return "info";
}

function label(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, " ");
}

function oneLine(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}

function header(d: Drawing, stepCount: number): HTMLElement {
  const run = d.run;
  const status = run?.status ?? (d.sync?.outcome === "failed" ? "FAILED" : "");
  const badge = tone(status);
  let duration = run?.durationMs;
  if (duration === undefined && run?.startTime && run.finishTime) duration = Date.parse(run.finishTime) - Date.parse(run.startTime);
  const meta = [run ? `run ${run.id}` : d.sync?.runId ? `run ${d.sync.runId}` : "", run?.flowId ? `flow ${shortId(run.flowId)}` : "", run?.startTime ? `started ${new Date(run.startTime).toLocaleString(host.app.getHostContext()?.locale)}` : "", `${stepCount} step${stepCount === 1 ? "" : "s"} ran`];
  return h(
    "header",
    { class: "head", "data-run-status": status },
    h("h1", {}, d.flowName || (run ? `Run ${shortId(run.id)}` : "Flow run")),
    h(
      "div",
      { class: "badges" },
      status ? h("span", { class: `badge ${badge}`, "data-badge": "status" }, label(status)) : null,
      duration !== undefined && run?.finishTime ? h("span", { class: "badge muted" }, fmtDuration(duration)) : null,
      run?.timedOut ? h("span", { class: "badge info" }, "still running when the wait ended") : null,
      d.sync ? h("span", { class: `badge ${d.sync.outcome === "responded" ? "ok" : "warn"}` }, syncText(d.sync)) : null,
    ),
    h("p", { class: "meta" }, meta.filter(Boolean).join(" · ")),
  );
}

function syncText(s: SyncResult): string {
  switch (s.outcome) {
    case "responded":
      return `Responded ${s.status ?? ""}`.trim();
    case "failed":
      return `No response: failed (HTTP ${s.status ?? "?"})`;
  }
  return "No response in time";
}

// failure puts the failed step and its error first, with a way to select it.
function failure(run: RunDetail | undefined, sync: SyncResult | undefined, selectFailed: () => void): HTMLElement | null {
  const fs = run?.failedStep ?? sync?.failedStep;
  const status = run?.status ?? "";
  if (!fs && !FINAL_BAD.includes(status)) return null;
  const stepError = fs ? run?.steps?.find((s) => s.name === fs.name)?.error : undefined;
  const message = fs?.message || (stepError !== undefined ? oneLine(stepError) : "") || `The run ended ${label(status).toLowerCase()}.`;
  const button = fs ? h("button", { type: "button" }, "Show the step") : null;
  button?.addEventListener("click", selectFailed);
  return h(
    "div",
    { class: "failure", role: "alert", "data-failed-step": fs?.name ?? "" },
    h("b", {}, fs ? `Failed at “${fs.displayName || fs.name}” (${fs.name})` : `Run ${label(status).toLowerCase()}`),
    h("pre", {}, message),
    button,
  );
}

function details(n: GNode | undefined, st: RunStep | undefined, run: RunDetail | undefined): HTMLElement {
  if (!n) return pane("No step", "", []);
  const sub = `${n.name} · ${n.trigger ? "trigger" : n.type.toLowerCase()}`;
  if (!st) {
    return pane(n.displayName, sub, [["Status", n.skip ? "Skipped: runs pass over this step." : "This step did not run in this run."]]);
  }
  const blocks: Array<[string, string | HTMLElement]> = [["Status", `${label(st.status)}${st.durationMs !== undefined ? ` in ${fmtDuration(st.durationMs)}` : ""}`]];
  if (st.error !== undefined && st.error !== null) blocks.push(["Error", showValue(st.error)]);
  const it = iterations(st);
  if (it) blocks.push(["Iterations", it]);
  if (st.input !== undefined) blocks.push(["Input", showValue(st.input)]);
  if (st.output !== undefined) blocks.push(["Output", showValue(st.output)]);
  if (st.input === undefined && st.output === undefined && run) blocks.push(["Input and output", "Not in this result: get_run with detail=full shows them."]);
  return pane(n.displayName, sub, blocks);
}
