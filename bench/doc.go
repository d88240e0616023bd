// Package bench measures mcp-bridge against the brief's leanness targets: the time
// from spawn to tools/list, the bytes of tool definition a model reads, the memory
// of the server, and the cost of a tool call next to the raw client call it wraps.
//
// Every time is reported as a ratio against a baseline measured in the same run
// (a trivial JSON-RPC server, or the raw client), so the noise of a shared machine
// cancels out. Nothing here asserts a time: the numbers belong in
// docs/benchmarks.md, produced by bench/run.sh (go run ./bench/report), and in
// "go test -run '^$' -bench . -benchmem ./bench/".
package bench
