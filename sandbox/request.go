package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
)

// maxBodyBytes bounds every request body (webhook payloads included).
const maxBodyBytes = 5 << 20

// readRawBody reads the whole request body, refusing more than maxBodyBytes with 413.
func readRawBody(w http.ResponseWriter, r *http.Request) ([]byte, *apierr.Error) {
	if r.Body == nil {
		return nil, nil
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, apierr.NewFastify(http.StatusRequestEntityTooLarge, "FST_ERR_CTP_BODY_TOO_LARGE",
			fmt.Sprintf("Request body is too large: the limit is %d bytes", maxBodyBytes))
	}
	if err != nil {
		return nil, apierr.NewFastify(http.StatusBadRequest, "FST_ERR_CTP_INVALID_BODY", "the request body could not be read")
	}
	return data, nil
}

// invalidJSON is fastify's 400 for a body that does not parse.
func invalidJSON(err error) *apierr.Error {
	return apierr.NewFastify(http.StatusBadRequest, "FST_ERR_CTP_INVALID_JSON_BODY", "Body is not valid JSON: "+err.Error())
}

// object is a JSON object body whose members are checked one by one, so that
// each mistake names its field.
type object struct {
	where   string // "body" or a nested path such as "body/value"
	members map[string]json.RawMessage
}

// strMember is a string member of a body and where to put it; see readObject.
type strMember struct {
	name     string
	required bool
	into     *string
}

// requiredStr names a string member that must be present and not blank.
func requiredStr(name string, into *string) strMember { return strMember{name, true, into} }

// optionalStr names a string member that may be absent (then "").
func optionalStr(name string, into *string) strMember { return strMember{name, false, into} }

// strs reads string members in order, answering the first mistake.
func (o object) strs(members ...strMember) *apierr.Error {
	for _, m := range members {
		s, aerr := o.str(m.name, m.required)
		if aerr != nil {
			return aerr
		}
		*m.into = s
	}
	return nil
}

// readObject reads a JSON object body, then its string members in order.
func readObject(w http.ResponseWriter, r *http.Request, members ...strMember) (object, *apierr.Error) {
	data, aerr := readRawBody(w, r)
	if aerr != nil {
		return object{}, aerr
	}
	o := object{where: "body", members: map[string]json.RawMessage{}}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return o, apierr.NewFastify(http.StatusBadRequest, "FST_ERR_VALIDATION", "body must be object")
	}
	var v any
	if err := json.Unmarshal(trimmed, &v); err != nil {
		return o, invalidJSON(err)
	}
	if _, ok := v.(map[string]any); !ok {
		return o, apierr.NewFastify(http.StatusBadRequest, "FST_ERR_VALIDATION", "body must be object")
	}
	json.Unmarshal(trimmed, &o.members)
	return o, o.strs(members...)
}

// bad is apierr.BadField for a member of this object.
func (o object) bad(name, expected string) *apierr.Error {
	where, prefix, _ := strings.Cut(o.where, "/")
	if prefix != "" {
		name = prefix + "/" + name
	}
	return apierr.BadField(where, name, expected)
}

// has reports whether the member is present and not null.
func (o object) has(name string) bool {
	raw, ok := o.members[name]
	return ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// raw returns a member as JSON, nil when absent or null.
func (o object) raw(name string) json.RawMessage {
	if !o.has(name) {
		return nil
	}
	return o.members[name]
}

// str returns a string member; required says whether absence is an error.
func (o object) str(name string, required bool) (string, *apierr.Error) {
	if !o.has(name) {
		if required {
			return "", o.bad(name, "is required: must be string")
		}
		return "", nil
	}
	var s string
	if err := json.Unmarshal(o.members[name], &s); err != nil {
		return "", o.bad(name, "must be string")
	}
	if required && strings.TrimSpace(s) == "" {
		return "", o.bad(name, "must not be empty")
	}
	return s, nil
}

// enum returns a string member that must be one of allowed.
func (o object) enum(name string, required bool, allowed ...string) (string, *apierr.Error) {
	s, aerr := o.str(name, required)
	if aerr != nil || s == "" {
		return s, aerr
	}
	if !slices.Contains(allowed, s) {
		return "", o.bad(name, "must be equal to one of the allowed values: "+strings.Join(allowed, ", "))
	}
	return s, nil
}

// obj returns a nested object member.
func (o object) obj(name string, required bool) (object, *apierr.Error) {
	nested := object{where: o.where + "/" + name, members: map[string]json.RawMessage{}}
	if !o.has(name) {
		if required {
			return nested, o.bad(name, "is required: must be object")
		}
		return nested, nil
	}
	if err := json.Unmarshal(o.members[name], &nested.members); err != nil {
		return nested, o.bad(name, "must be object")
	}
	return nested, nil
}

// requiredQuery returns a query parameter that must be given.
func requiredQuery(q url.Values, name string) (string, *apierr.Error) {
	v := q.Get(name)
	if v == "" {
		return "", apierr.BadField("querystring", name, "is required: must be string")
	}
	return v, nil
}

// queryEnum checks a repeated query parameter against allowed values.
func queryEnum(q url.Values, name string, allowed ...string) ([]string, *apierr.Error) {
	values := q[name]
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			return nil, apierr.BadField("querystring", name, "must be equal to one of the allowed values: "+strings.Join(allowed, ", "))
		}
	}
	return values, nil
}

// queryTime parses an optional ISO-8601 query parameter.
func queryTime(q url.Values, name string) (time.Time, *apierr.Error) {
	raw := q.Get(name)
	if raw == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		return time.Time{}, apierr.BadField("querystring", name, `must match format "date-time" (ISO-8601, e.g. 2026-01-02T15:04:05Z)`)
	}
	return t, nil
}

// pathID returns the path parameter name, which must be an Activepieces id.
func pathID(r *http.Request, name string) (string, *apierr.Error) {
	id := r.PathValue(name)
	if !store.ValidID(id) {
		return "", apierr.BadField("params", name, "must be a 21-character id of letters and digits")
	}
	return id, nil
}
