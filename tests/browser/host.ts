// The test host page: it embeds one MCP App view at a time as a host does,
// through ext-apps' AppBridge over postMessage, in an iframe sandboxed to
// scripts only and served under the resource's declared CSP. Tool calls the
// view asks for go to the test (window.hostCallTool, a puppeteer binding),
// which forwards them to the bridge and records them.
import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";

interface Shown {
  src: string; // the view's URL on the test server, which adds the CSP header
  tool: Record<string, unknown>; // the tool's definition from tools/list
  args: Record<string, unknown>;
  result: Record<string, unknown>; // the CallToolResult to hand over
}

declare global {
  interface Window {
    hostCallTool(params: unknown): Promise<Record<string, unknown>>;
    showView(s: Shown): Promise<void>;
  }
}

let current: AppBridge | undefined;

window.showView = async (s: Shown) => {
  const stage = document.getElementById("stage")!;
  if (current) await current.close();
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-scripts");
  frame.title = String(s.tool.name);
  frame.src = s.src;
  stage.replaceChildren(frame);

  const bridge = new AppBridge(
    null,
    { name: "mcp-bridge browser test host", version: "1.0.0" },
    { serverTools: {}, logging: {} },
    {
      hostContext: {
        theme: "light",
        displayMode: "inline",
        platform: "web",
        locale: "en-GB",
        toolInfo: { tool: s.tool as never },
        containerDimensions: { width: 1100, maxHeight: 4000 },
      },
    },
  );
  current = bridge;
  bridge.oncalltool = async (params) => (await window.hostCallTool(params)) as never;
  bridge.onsizechange = ({ height }) => {
    if (height) frame.style.height = `${Math.ceil(height)}px`;
  };
  bridge.onloggingmessage = (p) => console.log(`view log: ${JSON.stringify(p)}`);
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  await bridge.connect(new PostMessageTransport(frame.contentWindow!, frame.contentWindow!));
  await initialized;
  await bridge.sendToolInput({ arguments: s.args });
  await bridge.sendToolResult(s.result as never);
};
