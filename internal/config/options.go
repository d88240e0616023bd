package config

// option is one setting: a flag, an environment variable, or both. A flag given on the
// command line wins over the environment, which wins over the default.
type option struct {
	Flag    string // without dashes; empty for an environment-only setting
	Env     string // empty for a flag-only setting
	Default string // as shown in help; "" shows nothing
	Usage   string
	Bool    bool
	Secret  bool // a credential: read only from the environment, never echoed
}

// Every setting, grouped as the commands use them.
var (
	optBackend       = option{Flag: "backend", Env: "MCP_BRIDGE_BACKEND", Default: "auto", Usage: "engine to drive: auto, imbrace, activepieces or sandbox (auto picks imbrace when IMBRACE_API_KEY or IMBRACE_ACCESS_TOKEN is set, else activepieces when ACTIVEPIECES_URL and ACTIVEPIECES_API_KEY are, else sandbox)"}
	optSandboxData   = option{Flag: "sandbox-data", Env: "MCP_BRIDGE_SANDBOX_DATA", Default: "$XDG_STATE_HOME/mcp-bridge/sandbox.db (~/.local/state/mcp-bridge/sandbox.db)", Usage: "SQLite file holding the sandbox engine's state; :memory: for a throw-away sandbox"}
	optProjectID     = option{Flag: "project-id", Env: "MCP_BRIDGE_PROJECT_ID", Usage: "default project for tools that need one (discovered from the first flow or folder when empty)"}
	optImbraceEnv    = option{Env: "IMBRACE_ENV", Default: "stable", Usage: "iMBRACE gateway preset: develop, sandbox, stable or prodv2"}
	optGatewayURL    = option{Env: "IMBRACE_GATEWAY_URL", Usage: "iMBRACE gateway base URL; replaces the IMBRACE_ENV preset"}
	optAPIKey        = option{Env: "IMBRACE_API_KEY", Secret: true, Usage: "iMBRACE API key (sent as x-api-key)"}
	optAccessToken   = option{Env: "IMBRACE_ACCESS_TOKEN", Secret: true, Usage: "iMBRACE access token, used when no API key is set"}
	optOrgID         = option{Env: "IMBRACE_ORGANIZATION_ID", Usage: "iMBRACE organization id (sent as x-organization-id)"}
	optTimeout       = option{Env: "IMBRACE_TIMEOUT", Default: "30", Usage: "seconds one upstream request may take (any backend); a sync trigger waits up to 120 s for its flow"}
	optAPURL         = option{Env: "ACTIVEPIECES_URL", Usage: "Activepieces API base URL, e.g. https://cloud.activepieces.com/api"}
	optAPKey         = option{Env: "ACTIVEPIECES_API_KEY", Secret: true, Usage: "Activepieces API key (sent as Bearer)"}
	optTransport     = option{Flag: "transport", Env: "MCP_BRIDGE_TRANSPORT", Default: TransportStdio, Usage: "MCP transport: stdio, sse or http (Streamable HTTP)"}
	optStateless     = option{Flag: "stateless", Env: "MCP_BRIDGE_STATELESS", Default: "false", Bool: true, Usage: "Streamable HTTP without sessions, for load-balanced replicas"}
	optAddr          = option{Flag: "addr", Env: "MCP_BRIDGE_ADDR", Default: "127.0.0.1:8080", Usage: "host:port the sse and http transports listen on"}
	optAuthToken     = option{Env: "MCP_BRIDGE_AUTH_TOKEN", Secret: true, Usage: "bearer token clients must send in the sse and http transports, at least 16 characters; required to listen on a non-loopback address"}
	optAuthFile      = option{Env: "MCP_BRIDGE_AUTH_TOKEN_FILE", Usage: "file holding the bearer token (instead of MCP_BRIDGE_AUTH_TOKEN)"}
	optToolsets      = option{Flag: "toolsets", Env: "MCP_BRIDGE_TOOLSETS", Default: "all", Usage: "comma-separated toolsets to enable"}
	optTools         = option{Flag: "tools", Env: "MCP_BRIDGE_TOOLS", Usage: "comma-separated tools to enable (only these)"}
	optExclude       = option{Flag: "exclude-tools", Env: "MCP_BRIDGE_EXCLUDE_TOOLS", Usage: "comma-separated tools to leave out"}
	optReadOnly      = option{Flag: "read-only", Env: "MCP_BRIDGE_READ_ONLY", Default: "false", Bool: true, Usage: "register only tools that change nothing"}
	optLogLevel      = option{Flag: "log-level", Env: "MCP_BRIDGE_LOG_LEVEL", Default: "info", Usage: "debug, info, warn or error"}
	optLogFormat     = option{Flag: "log-format", Env: "MCP_BRIDGE_LOG_FORMAT", Default: LogFormatText, Usage: "text (colour on a terminal) or json; logs always go to stderr"}
	optJSON          = option{Flag: "json", Default: "false", Bool: true, Usage: "print the full tool definitions as JSON"}
	optArgs          = option{Flag: "args", Default: "{}", Usage: "tool arguments as a JSON object; - reads them from stdin"}
	optSandboxAddr   = option{Flag: "addr", Env: "MCP_BRIDGE_SANDBOX_ADDR", Default: "127.0.0.1:8081", Usage: "host:port the standalone sandbox listens on"}
	optSandboxEgress = option{Flag: "sandbox-egress", Env: "MCP_BRIDGE_SANDBOX_EGRESS", Default: "public", Usage: "addresses the sandbox's HTTP piece may call: public (public addresses only), loopback (also this host), private (also private networks), all (also link-local, cloud metadata included), or none"}
	optSandboxKeys   = option{Env: "MCP_BRIDGE_SANDBOX_API_KEYS", Secret: true, Usage: "comma-separated API keys the standalone sandbox accepts (x-api-key or Bearer); required to listen on a non-loopback address"}
	groupConnection  = []*option{&optBackend, &optSandboxData, &optSandboxEgress, &optProjectID, &optImbraceEnv, &optGatewayURL, &optAPIKey, &optAccessToken, &optOrgID, &optTimeout, &optAPURL, &optAPKey}
	groupTransport   = []*option{&optTransport, &optStateless, &optAddr, &optAuthToken, &optAuthFile}
	groupTools       = []*option{&optToolsets, &optTools, &optExclude, &optReadOnly}
	groupLogging     = []*option{&optLogLevel, &optLogFormat}
)

// command describes one subcommand: what it does and which settings it reads.
type command struct {
	Name    string
	Args    string // positional arguments shown in the usage line
	Summary string
	Groups  [][]*option
}

var commands = []command{
	{Name: CommandServe, Summary: "serve the MCP tools (the default command)", Groups: [][]*option{groupConnection, groupTransport, groupHTTP, groupServeLimits, groupHosted, groupTools, groupLogging}},
	{Name: CommandTools, Summary: "print the tool catalog", Groups: [][]*option{{&optJSON}, groupTools}},
	{Name: CommandCall, Args: "TOOL", Summary: "call one tool in-process and print its result as JSON; exits 1 when the tool reports an error", Groups: [][]*option{{&optArgs}, groupConnection, groupTools, groupLogging}},
	{Name: CommandSandbox, Summary: "serve the sandbox engine over HTTP for other clients and SDKs (gateway layout /activepieces/v1, /channel-service/v1 and Activepieces layout /api/v1)", Groups: [][]*option{{&optSandboxAddr, &optSandboxData, &optSandboxEgress, &optSandboxKeys}, groupHTTP, groupLogging}},
	{Name: CommandVersion, Summary: "print the version"},
	{Name: CommandHelp, Args: "[COMMAND]", Summary: "show this help, or a command's"},
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.Name == name {
			return c, true
		}
	}
	return command{}, false
}
