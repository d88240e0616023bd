// Package serve runs an MCP server over stdio, SSE or Streamable HTTP: bearer
// authentication, a health endpoint, and a shutdown that lets in-flight tool calls
// finish before the process exits.
package serve
