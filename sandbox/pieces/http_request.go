package pieces

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
)

// buildHTTPRequest turns Send HTTP request's props into a request, the way
// pieces-common's HTTP client does: the URL's own query kept and queryParams
// added, Accept: application/json, Content-Type: application/json whenever
// there is a body, then authentication, then the step's headers on top. It
// also returns the request body as the piece reports it in an error.
func buildHTTPRequest(props map[string]any) (HTTPRequest, any, error) {
	method := strings.ToUpper(jsonvalue.Text(props["method"]))
	if err := checkMethod(method); err != nil {
		return HTTPRequest{}, nil, err
	}
	if useProxy, _ := props["use_proxy"].(bool); useProxy {
		return HTTPRequest{}, nil, errors.New("the sandbox sends no requests through a proxy: set use_proxy to false")
	}
	target, err := requestURL(jsonvalue.Text(props["url"]), props["queryParams"])
	if err != nil {
		return HTTPRequest{}, nil, err
	}
	req := HTTPRequest{Method: method, URL: target, Headers: map[string]string{"Accept": "application/json"}}
	if req.Timeout, err = requestTimeout(props["timeout"]); err != nil {
		return HTTPRequest{}, nil, err
	}
	data, hasBody := bodyData(props["body"])
	if hasBody {
		req.Headers["Content-Type"] = "application/json"
		if ct, _ := objectProp(props["headers"])["Content-Type"].(string); ct == "text/csv" {
			req.Headers["Content-Type"] = ct
		}
	}
	if err := setAuthentication(req.Headers, props); err != nil {
		return HTTPRequest{}, nil, err
	}
	for name, value := range objectProp(props["headers"]) {
		setHeader(req.Headers, name, jsonvalue.Text(value))
	}
	if hasBody {
		bodyType := textOr(props["body_type"], "none")
		var contentType string
		if req.Body, contentType, err = encodeBody(bodyType, data); err != nil {
			return HTTPRequest{}, nil, err
		}
		if contentType != "" {
			setHeader(req.Headers, "Content-Type", contentType)
		}
	}
	return req, data, nil
}

// requestURL checks the URL and adds queryParams to the query it has.
func requestURL(raw string, queryParams any) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("url must be an absolute http or https URL, not %q", raw)
	}
	params := objectProp(queryParams)
	if len(params) > 0 {
		query := u.Query()
		keys := make([]string, 0, len(params))
		for k := range params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			query.Add(k, jsonvalue.Text(params[k]))
		}
		u.RawQuery = query.Encode()
	}
	return u.String(), nil
}

// requestTimeout reads timeout, in seconds; empty or 0 means none.
func requestTimeout(v any) (time.Duration, error) {
	if v == nil || v == "" {
		return 0, nil
	}
	seconds, ok := jsonvalue.Number(v)
	if !ok || seconds < 0 {
		return 0, fmt.Errorf("timeout must be a number of seconds, not %s", jsonvalue.Kind(v))
	}
	return time.Duration(seconds * float64(time.Second)), nil
}

// bodyData is the body's data member, which the body_type picked; a body
// without one sends nothing, as in the piece.
func bodyData(body any) (any, bool) {
	data, ok := objectProp(body)["data"]
	return data, ok && data != nil
}

// encodeBody encodes the data for body_type: json as JSON (text that already
// is JSON goes as it is), raw as text, form_data as multipart fields.
func encodeBody(bodyType string, data any) ([]byte, string, error) {
	switch bodyType {
	case "form_data":
		fields, ok := data.(map[string]any)
		if !ok {
			return nil, "", fmt.Errorf("body.data must be an object of form fields for body_type form_data, not %s", jsonvalue.Kind(data))
		}
		return multipartBody(fields)
	case "raw":
		return []byte(jsonvalue.Text(data)), "", nil
	default:
		if text, ok := data.(string); ok {
			return []byte(text), "", nil
		}
		encoded, err := json.Marshal(data)
		return encoded, "", err
	}
}

// multipartBody encodes form fields as multipart/form-data, as the piece's
// FormData does, in name order so that the body is reproducible.
func multipartBody(fields map[string]any) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := w.WriteField(name, jsonvalue.Text(fields[name])); err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// setAuthentication adds the Authorization header authType asks for.
func setAuthentication(headers map[string]string, props map[string]any) error {
	fields := objectProp(props["authFields"])
	switch authType := textOr(props["authType"], "NONE"); authType {
	case "NONE":
	case "BASIC":
		if props["authFields"] != nil {
			credentials := jsonvalue.Text(fields["username"]) + ":" + jsonvalue.Text(fields["password"])
			headers["Authorization"] = "Basic " + base64.StdEncoding.EncodeToString([]byte(credentials))
		}
	case "BEARER_TOKEN":
		if props["authFields"] != nil {
			headers["Authorization"] = "Bearer " + jsonvalue.Text(fields["token"])
		}
	default:
		return fmt.Errorf("authType must be NONE, BASIC or BEARER_TOKEN, not %q", authType)
	}
	return nil
}

// setHeader sets a header, replacing one of the same name in another case.
func setHeader(headers map[string]string, name, value string) {
	for existing := range headers {
		if strings.EqualFold(existing, name) {
			delete(headers, existing)
		}
	}
	headers[name] = value
}

// objectProp reads an object prop; anything else reads as empty.
func objectProp(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// decodeBody reads a response body as the piece's client does: JSON when it
// parses, else text; empty is "".
func decodeBody(data []byte) any {
	if len(bytes.TrimSpace(data)) == 0 {
		return string(data)
	}
	var v any
	if json.Unmarshal(data, &v) == nil {
		return v
	}
	return string(data)
}

func base64Text(data []byte) string { return base64.StdEncoding.EncodeToString(data) }

// joinHeader joins a repeated header's values as Node does.
func joinHeader(values []string) string { return strings.Join(values, ", ") }
