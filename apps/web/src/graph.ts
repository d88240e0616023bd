// The flow graph both views draw: a model built from get_flow's detail=full
// definition (or, failing that, from the step outline every flow result has),
// and a renderer that lays it out with CSS flexbox: a chain is a column, a loop
// body sits in a dashed frame under its loop, router branches stand side by side.
import { h, shortPiece, str } from "./common";

// StepDef is a step of the definition (workflows.Action / workflows.Trigger).
export interface StepDef {
  name: string;
  displayName?: string;
  type: string;
  valid?: boolean;
  skip?: boolean;
  settings?: Settings;
  nextAction?: StepDef | null;
  firstLoopAction?: StepDef | null;
  children?: Array<StepDef | null> | null;
  onSuccessAction?: StepDef | null;
  onFailureAction?: StepDef | null;
  continueOnFailureBranches?: { onSuccess?: StepDef | null; onFailure?: StepDef | null } | null;
}

export interface Settings {
  pieceName?: string;
  pieceVersion?: string;
  actionName?: string;
  triggerName?: string;
  input?: Record<string, unknown>;
  items?: string;
  executionType?: string;
  branches?: Branch[];
  sourceCode?: { code?: string };
}

export interface Branch {
  branchName: string;
  branchType?: string;
  conditions?: Condition[][];
}

export interface Condition {
  firstValue: string;
  operator: string;
  secondValue?: string;
}

// OutlineStep is a step of the outline in every flow result (tools' stepOutline).
export interface OutlineStep {
  name: string;
  displayName?: string;
  type: string;
  parent: string;
  depth?: number;
  pieceName?: string;
  actionName?: string;
  valid: boolean;
  skip?: boolean;
}

export type LaneKind = "loop" | "branch" | "success" | "failure" | "inside";

// Lane is a path that hangs inside a step: a loop body, a router branch, the
// success or failure path of error handling.
export interface Lane {
  kind: LaneKind;
  index: number;
  label: string;
  condition?: string;
  nodes: GNode[];
}

export interface GNode {
  name: string;
  displayName: string;
  type: string; // PIECE_TRIGGER / EMPTY for the trigger, else the step type
  trigger: boolean;
  piece?: string;
  action?: string;
  valid: boolean;
  skip: boolean;
  settings: Settings;
  lanes: Lane[];
}

// fromDefinition turns the trigger's tree into the chain the graph draws: the
// trigger, then the steps after it.
export function fromDefinition(t: StepDef): GNode[] {
  const s = t.settings ?? {};
  const trigger: GNode = {
    name: t.name || "trigger",
    displayName: t.displayName || "Trigger",
    type: t.type,
    trigger: true,
    piece: s.pieceName,
    action: s.triggerName,
    valid: t.valid !== false,
    skip: false,
    settings: s,
    lanes: [],
  };
  return [trigger, ...chain(t.nextAction)];
}

function chain(a: StepDef | null | undefined): GNode[] {
  const out: GNode[] = [];
  for (; a; a = a.nextAction) out.push(node(a));
  return out;
}

function node(a: StepDef): GNode {
  const s = a.settings ?? {};
  const n: GNode = {
    name: a.name,
    displayName: a.displayName || a.name,
    type: a.type,
    trigger: false,
    piece: s.pieceName,
    action: s.actionName,
    valid: a.valid !== false,
    skip: a.skip === true,
    settings: s,
    lanes: [],
  };
  if (a.type === "LOOP_ON_ITEMS") {
    n.lanes.push({ kind: "loop", index: 0, label: "for each item", condition: s.items, nodes: chain(a.firstLoopAction) });
  }
  if (a.type === "ROUTER") {
    const branches = s.branches ?? [];
    const count = Math.max(branches.length, a.children?.length ?? 0);
    for (let i = 0; i < count; i++) {
      const b = branches[i];
      const fallback = b?.branchType === "FALLBACK" || (b !== undefined && !b.conditions?.length);
      n.lanes.push({
        kind: "branch",
        index: i,
        label: b?.branchName || `Branch ${i + 1}`,
        condition: fallback ? "otherwise (fallback)" : conditionText(b?.conditions ?? []),
        nodes: chain(a.children?.[i]),
      });
    }
  }
  const paths: Array<[LaneKind, string, StepDef | null | undefined]> = [
    ["success", "on success", a.continueOnFailureBranches?.onSuccess ?? a.onSuccessAction],
    ["failure", "on failure", a.continueOnFailureBranches?.onFailure ?? a.onFailureAction],
  ];
  for (const [kind, label, first] of paths) {
    if (first) n.lanes.push({ kind, index: 0, label, nodes: chain(first) });
  }
  return n;
}

// fromOutline rebuilds what it can of the graph from the outline alone, when
// the definition cannot be read: steps nest under their parent, but branches
// cannot be told apart, so a router's steps share one lane.
export function fromOutline(trigger: { pieceName?: string; triggerName?: string; valid?: boolean; type?: string } | undefined, steps: OutlineStep[]): GNode[] {
  const byName = new Map<string, GNode>();
  const root: GNode[] = [
    {
      name: "trigger",
      displayName: "Trigger",
      type: trigger?.type ?? "EMPTY",
      trigger: true,
      piece: trigger?.pieceName,
      action: trigger?.triggerName,
      valid: trigger?.valid !== false,
      skip: false,
      settings: {},
      lanes: [],
    },
  ];
  byName.set("trigger", root[0]);
  // Where each chain lives: the main one, or a lane of a container step.
  const chainOf = new Map<string, GNode[]>([["trigger", root]]);
  for (const st of steps) {
    const n: GNode = {
      name: st.name,
      displayName: st.displayName || st.name,
      type: st.type,
      trigger: false,
      piece: st.pieceName,
      action: st.actionName,
      valid: st.valid,
      skip: st.skip === true,
      settings: {},
      lanes: [],
    };
    const parent = byName.get(st.parent);
    const depthOf = (name: string) => steps.find((x) => x.name === name)?.depth ?? 0;
    let target: GNode[] | undefined;
    if (parent && !parent.trigger && (st.depth ?? 0) > depthOf(parent.name)) {
      if (!parent.lanes.length) {
        parent.lanes.push({ kind: parent.type === "LOOP_ON_ITEMS" ? "loop" : "inside", index: 0, label: parent.type === "LOOP_ON_ITEMS" ? "for each item" : "inside", nodes: [] });
      }
      target = parent.lanes[0].nodes;
    } else {
      target = chainOf.get(st.parent) ?? root;
    }
    target.push(n);
    chainOf.set(n.name, target);
    byName.set(n.name, n);
  }
  return root;
}

// walk visits every node of a chain, depth first.
export function walk(nodes: GNode[], fn: (n: GNode) => void): void {
  for (const n of nodes) {
    fn(n);
    for (const l of n.lanes) walk(l.nodes, fn);
  }
}

const OPERATORS: Record<string, string> = {
  TEXT_CONTAINS: "contains",
  TEXT_DOES_NOT_CONTAIN: "does not contain",
  TEXT_EXACTLY_MATCHES: "=",
  TEXT_DOES_NOT_EXACTLY_MATCH: "≠",
  TEXT_START_WITH: "starts with",
  TEXT_STARTS_WITH: "starts with",
  TEXT_DOES_NOT_START_WITH: "does not start with",
  TEXT_ENDS_WITH: "ends with",
  TEXT_DOES_NOT_END_WITH: "does not end with",
  NUMBER_IS_GREATER_THAN: ">",
  NUMBER_IS_LESS_THAN: "<",
  NUMBER_IS_EQUAL_TO: "=",
  BOOLEAN_IS_TRUE: "is true",
  BOOLEAN_IS_FALSE: "is false",
  DATE_IS_BEFORE: "is before",
  DATE_IS_EQUAL: "is",
  DATE_IS_AFTER: "is after",
  LIST_CONTAINS: "contains",
  LIST_DOES_NOT_CONTAIN: "does not contain",
  LIST_IS_EMPTY: "is empty",
  LIST_IS_NOT_EMPTY: "is not empty",
  EXISTS: "exists",
  DOES_NOT_EXIST: "does not exist",
};

// conditionText writes a branch's conditions as one line: OR of AND groups.
export function conditionText(groups: Condition[][]): string {
  if (!groups.length) return "no condition";
  return groups
    .map((g) =>
      g
        .map((c) => {
          const op = OPERATORS[c.operator] ?? c.operator.toLowerCase().replace(/_/g, " ");
          return [c.firstValue, op, c.secondValue].filter((x) => x !== undefined && x !== "").join(" ");
        })
        .join(" and "),
    )
    .join(groups.length > 1 ? " — or — " : "");
}

// Decor is what a view adds to a node: classes, data attributes, lines of notes,
// and per lane whether it ran.
export interface Decor {
  classes?: string[];
  data?: Record<string, string>;
  status?: { text: string; tone: string }; // a run's status of the step and its duration
  notes?: Array<{ kind: string; text: string }>;
  lane?: (l: Lane) => "taken" | "not-taken" | undefined;
  laneNote?: (l: Lane) => string | undefined;
}

const ICONS: Record<string, string> = {
  trigger: "M13 2 4 14h6l-1 8 9-12h-6z",
  PIECE: "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
  CODE: "M8 6 2 12l6 6M16 6l6 6-6 6",
  LOOP_ON_ITEMS: "M4 12a8 8 0 0 1 14-5.3M20 12a8 8 0 0 1-14 5.3M18 2v5h-5M6 22v-5h5",
  ROUTER: "M12 3v6M12 9 5 15v6M12 9l7 6v6",
};

function icon(kind: string): SVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  const p = document.createElementNS(ns, "path");
  p.setAttribute("d", ICONS[kind] ?? ICONS.PIECE);
  svg.append(p);
  return svg;
}

// subtitle says what a step does: its piece and action, or its kind.
function subtitle(n: GNode): string {
  if (n.trigger) return n.piece ? `${shortPiece(n.piece)} · ${n.action ?? "?"}` : "no trigger chosen";
  switch (n.type) {
    case "PIECE":
      return `${shortPiece(n.piece)} · ${n.action || "no action"}`;
    case "CODE":
      return "code";
    case "LOOP_ON_ITEMS":
      return "loop on items";
    case "ROUTER":
      return n.settings.executionType === "EXECUTE_ALL_MATCH" ? "router · every matching branch" : "router · first matching branch";
  }
  return n.type.toLowerCase();
}

// renderGraph draws a chain; select is called with the node a user picks.
export function renderGraph(nodes: GNode[], decorate: (n: GNode) => Decor, select: (n: GNode) => void): HTMLElement {
  return h("div", { class: "graph", role: "tree" }, renderChain(nodes, decorate, select));
}

function renderChain(nodes: GNode[], decorate: (n: GNode) => Decor, select: (n: GNode) => void): HTMLElement {
  const c = h("div", { class: "chain" });
  if (!nodes.length) c.append(h("div", { class: "empty-lane" }, "no steps"));
  nodes.forEach((n, i) => {
    if (i > 0) c.append(h("div", { class: "edge", "aria-hidden": "true" }));
    c.append(renderBlock(n, decorate, select, i < nodes.length - 1));
  });
  return c;
}

// renderBlock draws a step and what hangs inside it. hasNext says a step follows
// in the same chain, so branches join again below the router.
function renderBlock(n: GNode, decorate: (n: GNode) => Decor, select: (n: GNode) => void, hasNext: boolean): HTMLElement {
  const d = decorate(n);
  const classes = ["node", n.trigger ? "trigger" : `t-${n.type.toLowerCase()}`, ...(d.classes ?? [])];
  if (!n.valid) classes.push("invalid");
  if (n.skip) classes.push("skipped");
  const box = h(
    "div",
    {
      class: classes.join(" "),
      role: "treeitem",
      tabindex: "0",
      "data-node": n.name,
      "data-type": n.trigger ? "TRIGGER" : n.type,
      "data-valid": String(n.valid),
      "data-skip": String(n.skip),
      title: `${n.displayName} (${n.name})`,
    },
    h("div", { class: "node-head" }, icon(n.trigger ? "trigger" : n.type), h("span", { class: "node-title" }, n.displayName)),
    h("div", { class: "node-sub" }, h("code", {}, n.name), ` · ${subtitle(n)}`),
    d.status ? h("div", { class: `node-status ${d.status.tone}` }, d.status.text) : null,
    ...(d.notes ?? []).map((note) => h("div", { class: `node-note ${note.kind}` }, note.text)),
  );
  for (const [k, v] of Object.entries(d.data ?? {})) box.setAttribute(`data-${k}`, v);
  box.addEventListener("click", () => select(n));
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      select(n);
    }
  });
  if (!n.lanes.length) return box;

  const block = h("div", { class: "block" }, box);
  const loops = n.lanes.filter((l) => l.kind === "loop" || l.kind === "inside");
  for (const l of loops) {
    block.append(
      h("div", { class: "edge", "aria-hidden": "true" }),
      h(
        "div",
        { class: "lane loop", "data-lane": l.kind, "data-lane-of": n.name },
        h("div", { class: "lane-label" }, h("b", {}, l.label), l.condition ? h("code", {}, l.condition) : null, note(d, l)),
        renderChain(l.nodes, decorate, select),
      ),
    );
  }
  const forks = n.lanes.filter((l) => l.kind !== "loop" && l.kind !== "inside");
  if (forks.length) {
    const row = h("div", { class: `branches${hasNext ? " joined" : ""}` });
    for (const l of forks) {
      const state = d.lane?.(l);
      row.append(
        h(
          "div",
          {
            class: `branch ${l.kind}${state ? ` ${state}` : ""}`,
            "data-branch": l.label,
            "data-branch-of": n.name,
            "data-branch-kind": l.kind,
            ...(state ? { "data-state": state } : {}),
          },
          h("div", { class: "stub", "aria-hidden": "true" }),
          h("div", { class: "lane-label" }, h("b", {}, l.label), l.condition ? h("code", {}, l.condition) : null, note(d, l)),
          renderChain(l.nodes, decorate, select),
          hasNext ? h("div", { class: "stub grow", "aria-hidden": "true" }) : null,
        ),
      );
    }
    block.append(h("div", { class: "edge short", "aria-hidden": "true" }), row);
  }
  return block;
}

function note(d: Decor, l: Lane): HTMLElement | null {
  const text = d.laneNote?.(l);
  return text ? h("span", { class: "lane-note" }, text) : null;
}

// pieceOf reads a step's piece name (settings or node), for piece look-ups.
export function pieceOf(n: GNode): string {
  return n.piece ?? str(n.settings.pieceName);
}
