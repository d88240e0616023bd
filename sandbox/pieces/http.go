package pieces

import (
	"errors"
	"fmt"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The HTTP piece (@activepieces/piece-http): Send HTTP request calls any URL
// and answers {status, headers, body}. Activepieces bundles this piece with
// its server rather than publishing it to npm, so its metadata here follows
// the piece's source (send-http-request-action.ts, the release with
// authType, response_is_binary and failureMode). Requests leave through
// Run.HTTP, which enforces the sandbox's egress policy; this package never
// touches the network itself.
const (
	HTTPName        = "@activepieces/piece-http"
	HTTPSendRequest = "send_request"
)

var httpPiece = Piece{
	Name:     HTTPName,
	Versions: []string{"0.8.5"},
	Metadata: httpMetadata,
	Actions:  map[string]Action{HTTPSendRequest: sendRequest},
}

// httpMethods are the methods the method dropdown offers (pieces-common's HttpMethod).
var httpMethods = []string{"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD"}

func httpMetadata(version string) *workflows.Piece {
	return &workflows.Piece{
		Name:        HTTPName,
		DisplayName: "HTTP",
		Description: "Sends HTTP requests and return responses",
		LogoURL:     "https://cdn.activepieces.com/pieces/http.png",
		Version:     version,
		Authors: []string{"bibhuty-did-this", "landonmoir", "JanHolger", "Salem-Alaa", "kishanprmr",
			"AbdulTheActivePiecer", "khaledmashaly", "abuaboud", "pfernandez98"},
		Categories:  []string{"CORE"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.20.3"),
		Triggers:    map[string]workflows.PieceComponent{},
		Actions: map[string]workflows.PieceComponent{HTTPSendRequest: {
			Name:        HTTPSendRequest,
			DisplayName: "Send HTTP request",
			Description: "Send HTTP request",
			Extra:       actionExtra(),
			Props:       httpProps(),
		}},
	}
}

func httpProps() map[string]workflows.PieceProperty {
	methods := make([]dropdownOption, len(httpMethods))
	for i, m := range httpMethods {
		methods[i] = dropdownOption{m, m}
	}
	checkbox := func(displayName, description string) workflows.PieceProperty {
		return workflows.PieceProperty{DisplayName: displayName, Description: description, Type: "CHECKBOX",
			DefaultValue: metadataJSON(false)}
	}
	method := dropdownProp("Method", "", true, "", methods...)
	method.DefaultValue = nil
	return map[string]workflows.PieceProperty{
		"method":      method,
		"url":         {DisplayName: "URL", Type: "SHORT_TEXT", Required: true},
		"headers":     {DisplayName: "Headers", Type: "OBJECT", Required: true},
		"queryParams": {DisplayName: "Query params", Type: "OBJECT", Required: true},
		"authType": dropdownProp("Authentication", "", true, "NONE", dropdownOption{"None", "NONE"},
			dropdownOption{"Basic Auth", "BASIC"}, dropdownOption{"Bearer Token", "BEARER_TOKEN"}),
		"authFields": dynamicProp("Authentication Fields", "", false, "authType"),
		"body_type": dropdownProp("Body Type", "", false, "none", dropdownOption{"None", "none"},
			dropdownOption{"Form Data", "form_data"}, dropdownOption{"JSON", "json"}, dropdownOption{"Raw", "raw"}),
		"body": dynamicProp("Body", "", false, "body_type"),
		"response_is_binary": checkbox("Response is Binary",
			"Enable for files like PDFs, images, etc. A base64 body will be returned."),
		"use_proxy":      checkbox("Use Proxy", "Use a proxy for this request"),
		"proxy_settings": dynamicProp("Proxy Settings", "", false, "use_proxy"),
		"timeout":        {DisplayName: "Timeout(in seconds)", Type: "NUMBER"},
		"failureMode": dropdownProp("On Failure", "", false, "continue_none",
			dropdownOption{"Retry on all errors (4xx, 5xx)", "retry_all"},
			dropdownOption{"Retry on internal errors (5xx)", "retry_5xx"},
			dropdownOption{"Do not retry", "retry_none"},
			dropdownOption{"Continue flow on all errors", "continue_all"},
			dropdownOption{"Continue flow on 4xx errors", "continue_4xx"},
			dropdownOption{"Do not continue (stop the flow)", "continue_none"}),
		"stopFlow": {DisplayName: "Stop the flow on Failure ?", Type: "CHECKBOX"},
	}
}

// httpAttempts is how often the piece tries a request that failureMode retries.
const httpAttempts = 3

// sendRequest sends the request and answers {status, headers, body}. A
// response outside 2xx, or none at all, is a failure, handled as the piece
// does: stopFlow ends the run answering the failed response; failureMode
// retries (retry_all, retry_5xx, continue_4xx on other errors, up to three
// tries), continues with the error as the step's output (continue_all,
// continue_4xx on a 4xx, retry_5xx on a non-5xx), stops the run
// (continue_none), or, unset or retry_none, fails the step.
func sendRequest(run Run, props map[string]any) (Result, error) {
	req, requestBody, err := buildHTTPRequest(props)
	if err != nil {
		return Result{}, err
	}
	binary, _ := props["response_is_binary"].(bool)
	stopFlow, _ := props["stopFlow"].(bool)
	mode := jsonvalue.Text(props["failureMode"])
	for attempt := 1; ; attempt++ {
		resp, err := run.HTTP().Do(run.Context(), req)
		if err == nil && resp.Status >= 200 && resp.Status < 300 {
			return Result{Output: httpOutput(resp, binary)}, nil
		}
		failure := newHTTPFailure(resp, err, requestBody)
		if ctxErr := run.Context().Err(); ctxErr != nil {
			return Result{}, ctxErr
		}
		if stopFlow {
			return failure.stopRun(run), nil
		}
		retry, result, failErr := failure.handle(run, mode, attempt < httpAttempts)
		if !retry {
			return result, failErr
		}
	}
}

// httpFailure is a request that got no 2xx answer: the piece's HttpError.
type httpFailure struct {
	status      int
	body        any // the response's body; without a response, why there was none
	requestBody any
}

func newHTTPFailure(resp HTTPResponse, err error, requestBody any) httpFailure {
	f := httpFailure{status: 500, requestBody: requestBody}
	if err != nil {
		// Activepieces leaves the body empty here; the sandbox says why there
		// was no response (an egress refusal, a timeout), which an agent needs.
		f.body = err.Error()
		return f
	}
	f.status, f.body = resp.Status, decodeBody(resp.Body)
	return f
}

// response is the piece's error.response: {status, body}.
func (f httpFailure) response() map[string]any {
	return map[string]any{"status": f.status, "body": f.body}
}

// message is the piece's error.errorMessage(): {response, request: {body}}.
func (f httpFailure) message() map[string]any {
	return map[string]any{"response": f.response(), "request": map[string]any{"body": f.requestBody}}
}

// stopRun ends the run answering the failed response, as run.stop does.
func (f httpFailure) stopRun(run Run) Result {
	run.Respond(Response{Status: f.status, Headers: map[string]string{}, Body: f.body})
	return Result{Output: f.response(), StopRun: true}
}

// handle applies failureMode: whether to try again, else the step's result or error.
func (f httpFailure) handle(run Run, mode string, canRetry bool) (bool, Result, error) {
	is5xx, is4xx := f.status >= 500 && f.status < 600, f.status >= 400 && f.status < 500
	switch {
	case mode == "retry_all", mode == "retry_5xx" && is5xx, mode == "continue_4xx" && !is4xx:
		if canRetry {
			return true, Result{}, nil
		}
	case mode == "retry_5xx", mode == "continue_all", mode == "continue_4xx":
		return false, Result{Output: f.message()}, nil
	case mode == "continue_none":
		return false, f.stopRun(run), nil
	}
	return false, Result{}, f.err()
}

// err is the step's error: the piece's HttpError, whose message is its JSON.
func (f httpFailure) err() error {
	return errors.New(jsonvalue.Text(f.message()))
}

// httpOutput is the step's output: status, headers as Node names them, and
// the body parsed as JSON when it is JSON, else as text, or base64 when
// response_is_binary.
func httpOutput(resp HTTPResponse, binary bool) map[string]any {
	headers := map[string]any{}
	for name, values := range resp.Headers {
		if name == "set-cookie" {
			list := make([]any, len(values))
			for i, v := range values {
				list[i] = v
			}
			headers[name] = list
			continue
		}
		headers[name] = joinHeader(values)
	}
	var body any
	if binary {
		body = base64Text(resp.Body)
	} else {
		body = decodeBody(resp.Body)
	}
	return map[string]any{"status": resp.Status, "headers": headers, "body": body}
}

// checkMethod refuses a method the dropdown does not offer.
func checkMethod(method string) error {
	for _, m := range httpMethods {
		if m == method {
			return nil
		}
	}
	return fmt.Errorf("method must be one of %v, not %q", httpMethods, method)
}
