// Package bench measures mcp-bridge against the brief's leanness targets and
// next to peer MCP servers: the time from spawn to tools/list and the memory it
// took, the bytes of tool definition a model reads, the cost of a tool call next
// to the raw client call it wraps, list calls through stub upstreams (stub.go,
// fixtures.go) with several in flight (load.go, mux.go), Streamable HTTP under
// concurrent sessions (httpmcp.go), and memory over many calls.
//
// Every time is reported as a ratio against a baseline measured in the same run
// (a trivial JSON-RPC server, a one-tool mcp-go server, or the raw client), so
// the noise of a shared machine cancels out as far as it can. Nothing here
// asserts a time: the numbers belong in docs/benchmarks.md, produced by
// bench/run.sh (bench/peers/setup.sh, then go run ./bench/report), and in
// "go test -run '^$' -bench . -benchmem ./bench/".
package bench
