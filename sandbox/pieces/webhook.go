package pieces

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The webhook piece: the Catch Webhook trigger, which starts a flow when its
// URL is called, and the Return Response action, which answers that call.
const (
	WebhookName    = workflows.WebhookPieceName
	CatchWebhook   = "catch_webhook"
	ReturnResponse = "return_response"
)

var webhook = Piece{
	Name: WebhookName,
	// 0.1.24 is the version iMBRACE's documentation examples pin; 0.1.29 is current.
	Versions: []string{"0.1.24", "0.1.25", "0.1.26", "0.1.27", "0.1.28", "0.1.29"},
	Metadata: webhookMetadata,
	Actions:  map[string]Action{ReturnResponse: returnResponse},
	Triggers: map[string]Trigger{CatchWebhook: {Accepts: webhookAccepts}},
}

func webhookMetadata(version string) *workflows.Piece {
	return &workflows.Piece{
		Name:        WebhookName,
		DisplayName: "Webhook",
		Description: "Receive HTTP requests and trigger flows using unique URLs.",
		LogoURL:     "https://cdn.activepieces.com/pieces/new-core/webhooks.svg",
		Version:     version,
		Authors:     []string{"abuaboud", "pfernandez98", "kishanprmr", "AbdulTheActivePiecer"},
		Categories:  []string{"CORE"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.73.0"),
		Triggers: map[string]workflows.PieceComponent{CatchWebhook: {
			Name:        CatchWebhook,
			DisplayName: "Catch Webhook",
			Description: "Receive incoming HTTP/webhooks using any HTTP method such as GET, POST, PUT, DELETE, etc.",
			Type:        "WEBHOOK",
			Extra:       workflows.Extra{"testStrategy": metadataJSON("SIMULATION"), "sampleData": metadataJSON(nil), "requireAuth": metadataJSON(true)},
			Props: map[string]workflows.PieceProperty{
				"liveMarkdown": markdownProp("**Live URL:** `{{webhookUrl}}` generates sample data and triggers the published flow."),
				"syncMarkdown": markdownProp("**Synchronous Requests:** add `/sync` to the URL to get the response set by a Return Response step. " +
					"If it takes more than 30 seconds, the caller gets no response from the flow."),
				"testMarkdown": markdownProp("**Test URL:** append `/test` to generate sample data without triggering the flow."),
				"authType": dropdownProp("Authentication", "", true, "none",
					dropdownOption{"None", "none"}, dropdownOption{"Basic Auth", "basic"}, dropdownOption{"Header Auth", "header"}),
				"authFields": dynamicProp("Authentication Fields",
					"basic: username, password; header: headerName, headerValue; none: nothing.", false, "authType"),
			},
		}},
		Actions: map[string]workflows.PieceComponent{ReturnResponse: {
			Name:        ReturnResponse,
			DisplayName: "Return Response",
			Description: "return a response",
			Extra:       actionExtra(),
			Props: map[string]workflows.PieceProperty{
				"responseType": dropdownProp("Response Type", "", false, "json",
					dropdownOption{"JSON", "json"}, dropdownOption{"Raw", "raw"}, dropdownOption{"Redirect", "redirect"}),
				"fields": dynamicProp("Response",
					"json and raw: status (Status, number, default 200), headers (Headers, object) and body "+
						"(JSON Body, or Raw Body text); redirect: body (Redirect URL).", true, "responseType"),
				"respond": dropdownProp("Flow Execution", "", false, "stop",
					dropdownOption{"Stop", "stop"}, dropdownOption{"Respond and Continue", "respond"}),
			},
		}},
	}
}

// webhookAccepts checks a call against Catch Webhook's authentication (input
// authType none, basic or header, with the credentials in input authFields),
// as the webhook piece checks it. A missing authType accepts every call.
func webhookAccepts(input map[string]any, headers map[string]string) bool {
	fields, _ := input["authFields"].(map[string]any)
	text := func(key string) string { v, _ := fields[key].(string); return v }
	switch authType, _ := input["authType"].(string); authType {
	case "basic":
		scheme, encoded, ok := strings.Cut(headerValue(headers, "authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "basic") {
			return false
		}
		decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
		if err != nil {
			return false
		}
		user, password, _ := strings.Cut(string(decoded), ":")
		return sameSecret(user, text("username")) && sameSecret(password, text("password"))
	case "header":
		name := text("headerName")
		return name != "" && sameSecret(headerValue(headers, name), text("headerValue"))
	default:
		return true
	}
}

// headerValue looks a header up without regard to case.
func headerValue(headers map[string]string, name string) string {
	if v, ok := headers[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// sameSecret compares in constant time, so a caller cannot guess a secret by timing.
func sameSecret(given, want string) bool {
	return subtle.ConstantTimeCompare([]byte(given), []byte(want)) == 1
}

// returnResponse answers a sync webhook caller, as the webhook piece's
// Return Response does: responseType json (the body is JSON; a text body is
// parsed as JSON), raw (the body is sent as text) or redirect (301 to the
// URL in body); respond "stop" ends the run, "respond" answers and goes on.
// Only the first response reaches the caller.
func returnResponse(run Run, props map[string]any) (Result, error) {
	responseType := textOr(props["responseType"], "json")
	respond := textOr(props["respond"], "stop")
	if respond != "stop" && respond != "respond" {
		return Result{}, fmt.Errorf("respond must be stop or respond, not %q", respond)
	}
	fields, ok := props["fields"].(map[string]any)
	if !ok && props["fields"] != nil {
		return Result{}, fmt.Errorf("fields must be an object with status, headers and body, not %s", jsonvalue.Kind(props["fields"]))
	}
	status, err := responseStatus(fields["status"])
	if err != nil {
		return Result{}, err
	}
	headers, err := responseHeaders(fields["headers"])
	if err != nil {
		return Result{}, err
	}
	resp := Response{Status: status, Headers: headers}
	switch responseType {
	case "json":
		if resp.Body, err = responseJSONBody(fields["body"]); err != nil {
			return Result{}, err
		}
	case "raw":
		resp.Body, resp.Raw = jsonvalue.Text(fields["body"]), true
	case "redirect":
		target := strings.TrimSpace(jsonvalue.Text(fields["body"]))
		if target == "" {
			return Result{}, errors.New("a redirect needs the URL in fields.body")
		}
		if !strings.Contains(target, "://") {
			target = "https://" + target
		}
		resp.Status, resp.Body, resp.Raw = 301, target, true
		resp.Headers["Location"] = target
	default:
		return Result{}, fmt.Errorf("responseType must be json, raw or redirect, not %q", responseType)
	}
	run.Respond(resp)
	output := map[string]any{"status": resp.Status, "headers": resp.Headers, "body": resp.Body}
	return Result{Output: output, StopRun: respond == "stop"}, nil
}

func responseStatus(v any) (int, error) {
	if v == nil || v == "" {
		return 200, nil
	}
	n, ok := jsonvalue.Number(v)
	if !ok || n != math.Trunc(n) || n < 100 || n > 599 {
		return 0, fmt.Errorf("fields.status must be an HTTP status code from 100 to 599, not %s", jsonvalue.Text(v))
	}
	return int(n), nil
}

func responseHeaders(v any) (map[string]string, error) {
	headers := map[string]string{}
	if v == nil || v == "" {
		return headers, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("fields.headers must be an object of header names to values, not %s", jsonvalue.Kind(v))
	}
	for k, value := range m {
		headers[k] = jsonvalue.Text(value)
	}
	return headers, nil
}

// responseJSONBody parses a text body as JSON, as Activepieces does; other values are sent as they are.
func responseJSONBody(v any) (any, error) {
	if v == nil {
		return nil, errors.New("fields.body must be JSON for responseType json, but it is empty")
	}
	text, isText := v.(string)
	if !isText {
		return v, nil
	}
	var body any
	if err := json.Unmarshal([]byte(text), &body); err != nil {
		return nil, fmt.Errorf("fields.body must be JSON for responseType json, but it is the text %q; "+
			"use responseType raw to send text", jsonvalue.Truncate(text, 80))
	}
	return body, nil
}
