package workflows

// GatewayPresets maps the iMBRACE SDK's env option to its gateway URL.
var GatewayPresets = map[string]string{
	"develop": "https://app-gateway.dev.imbrace.co",
	"sandbox": "https://app-gateway.sandbox.imbrace.co",
	"stable":  "https://app-gatewayv2.imbrace.co",
	"prodv2":  "https://app-gatewayv2.imbrace.co",
}
