// Connects the official TypeScript SDK client (@modelcontextprotocol/sdk) to a throw-away mcp-bridge
// over one of its transports, and records every message the client receives so that tests can
// observe what the SDK itself hides (notifications after a request ended, for instance).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { bridgeBinary, sandboxEnv, serveArgs, startHttpServer } from './bridge.mjs';
import { adopt } from './processes.mjs';

/** The transports the SDK suite runs on; `http-stateless` is Streamable HTTP with --stateless. */
export const transports = ['stdio', 'sse', 'http', 'http-stateless'];

/**
 * Starts a sandbox server for the transport and connects an SDK Client to it.
 * Returns {client, received, serverLog, close}; received is the list of every JSON-RPC message the
 * client got, each with the time it arrived (ms since epoch) in `at`.
 */
export async function connectSdk(transportName) {
  let server;
  let transport;
  let stderr = '';
  if (transportName === 'stdio') {
    transport = new StdioClientTransport({
      command: bridgeBinary(),
      args: serveArgs('stdio'),
      env: sandboxEnv(),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk) => { stderr += chunk; });
  } else {
    server = await startHttpServer(transportName === 'sse' ? 'sse' : 'http', {
      stateless: transportName === 'http-stateless',
    });
    transport = transportName === 'sse'
      ? new SSEClientTransport(new URL(server.url))
      : new StreamableHTTPClientTransport(new URL(server.url));
  }
  const client = new Client({ name: 'mcp-bridge-compat-suite', version: '1.0.0' }, { capabilities: {} });
  try {
    await client.connect(transport);
  } catch (err) {
    await transport.close().catch(() => {});
    await server?.stop();
    throw new Error(`SDK client could not connect over ${transportName}: ${err.message}\n${stderr}`);
  }
  // The SDK owns the stdio child; track it too so that a crashed test cannot leave it running.
  adopt(transport._process);
  const received = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    received.push({ at: Date.now(), message });
    deliver?.(message, extra);
  };
  return {
    client,
    received,
    serverLog: () => (server ? server.child.output.stderr : stderr),
    close: async () => {
      try {
        await client.close();
      } finally {
        await server?.stop();
      }
    },
  };
}
