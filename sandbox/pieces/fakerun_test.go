package pieces

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

// fakeRun is a pieces.Run whose services are in memory: requests go to
// answer, storage is a map; it records what the action asked for.
type fakeRun struct {
	requests  []HTTPRequest
	answer    func(HTTPRequest) (HTTPResponse, error)
	kv        map[string]any
	responses []Response
	info      RunInfo
}

func newFakeRun() *fakeRun {
	return &fakeRun{kv: map[string]any{}, info: RunInfo{ProjectID: "proj", FlowID: "flow1", RunID: "run1"}}
}

func (f *fakeRun) Respond(r Response)            { f.responses = append(f.responses, r) }
func (f *fakeRun) MaxDelay() time.Duration       { return 0 }
func (f *fakeRun) Wait(time.Duration) error      { return nil }
func (f *fakeRun) Context() context.Context      { return context.Background() }
func (f *fakeRun) Info() RunInfo                 { return f.info }
func (f *fakeRun) HTTP() HTTPClient              { return fakeHTTP{f} }
func (f *fakeRun) Storage() KeyValueStore        { return fakeKV{f.kv} }
func (f *fakeRun) Tables() TableStore            { return nil }
func (f *fakeRun) stored(key string) (any, bool) { v, ok := f.kv[key]; return v, ok }
func (f *fakeRun) setAnswer(status int, body string) {
	f.answer = func(HTTPRequest) (HTTPResponse, error) {
		return HTTPResponse{Status: status, Headers: map[string][]string{"content-type": {"application/json"}}, Body: []byte(body)}, nil
	}
}

type fakeHTTP struct{ f *fakeRun }

func (h fakeHTTP) Do(_ context.Context, req HTTPRequest) (HTTPResponse, error) {
	h.f.requests = append(h.f.requests, req)
	return h.f.answer(req)
}

// fakeKV keeps values as JSON round trips, as the store does.
type fakeKV struct{ m map[string]any }

func (k fakeKV) Get(_ context.Context, key string) (any, bool, error) {
	v, ok := k.m[key]
	return v, ok, nil
}

func (k fakeKV) Put(_ context.Context, key string, value any) error {
	data, err := json.Marshal(value)
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	k.m[key] = v
	return nil
}

func (k fakeKV) Delete(_ context.Context, key string) error {
	delete(k.m, key)
	return nil
}

// props decodes a step's props from JSON, as the engine hands them over.
func props(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("props %s: %v", s, err)
	}
	return m
}

// jsonOf encodes a value for comparisons.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
