package client

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// sequence answers with the given statuses in turn (the last one repeats);
// 200 answers carry body.
func sequence(body string, statuses ...int) http.HandlerFunc {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		status := statuses[min(i, len(statuses)-1)]
		if status == http.StatusOK {
			answer(status, body)(w, r)
			return
		}
		if status == http.StatusNotFound {
			answer(status, `{"code":"ENTITY_NOT_FOUND","params":{"entityType":"flow"}}`)(w, r)
			return
		}
		answer(status, `{"message":"busy"}`)(w, r)
	}
}

// retries records what OnRetry saw.
type retries struct {
	mu    sync.Mutex
	waits []time.Duration
	errs  []error
}

func (r *retries) hook(_ context.Context, _ int, wait time.Duration, cause error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waits = append(r.waits, wait)
	r.errs = append(r.errs, cause)
}

func TestRetryTable(t *testing.T) {
	getFlow := func(ctx context.Context, c *Client) error { _, err := c.GetFlow(ctx, "f1", ""); return err }
	deleteFlow := func(ctx context.Context, c *Client) error { return c.DeleteFlow(ctx, "f1") }
	createFlow := func(ctx context.Context, c *Client) error {
		_, err := c.CreateFlow(ctx, CreateFlowRequest{DisplayName: "x", ProjectID: "p"})
		return err
	}
	applyOp := func(ctx context.Context, c *Client) error {
		_, err := c.ApplyFlowOperation(ctx, "f1", workflows.LockAndPublish())
		return err
	}
	trigger := func(ctx context.Context, c *Client) error { _, err := c.TriggerFlow(ctx, "f1", nil); return err }
	triggerSync := func(ctx context.Context, c *Client) error { _, err := c.TriggerFlowSync(ctx, "f1", nil); return err }

	cases := []struct {
		name       string
		call       func(context.Context, *Client) error
		maxRetries int
		statuses   []int
		wantCalls  int
		wantStatus int // of the returned *APIError; 0 for success
	}{
		{"GET retried through 503 then served", getFlow, 0, []int{503, 503, 200}, 3, 0},
		{"GET retried through 429, 502 and 504", getFlow, 0, []int{429, 502, 504, 200}, 4, 0},
		{"GET gives up after 3 retries", getFlow, 0, []int{503}, 4, 503},
		{"GET never retries more than 3 times", getFlow, 10, []int{503}, 4, 503},
		{"GET with retries off", getFlow, -1, []int{503, 200}, 1, 503},
		{"GET not retried on 500", getFlow, 0, []int{500, 200}, 1, 500},
		{"GET not retried on 404", getFlow, 0, []int{404, 200}, 1, 404},
		{"GET not retried on 401", getFlow, 0, []int{401, 200}, 1, 401},
		{"DELETE retried through 502", deleteFlow, 0, []int{502, 204}, 2, 0},
		{"DELETE gone after a 504 succeeded", deleteFlow, 0, []int{504, 404}, 2, 0},
		{"DELETE meeting an unknown route after a 504 fails", deleteFlow, 0, []int{504, 405}, 2, 405},
		{"DELETE of a missing entity is not found", deleteFlow, 0, []int{404}, 1, 404},
		{"POST create not retried on 503", createFlow, 0, []int{503, 200}, 1, 503},
		{"POST operation not retried on 429", applyOp, 0, []int{429, 200}, 1, 429},
		{"trigger reaches the engine once on 503", trigger, 0, []int{503, 200}, 1, 503},
		{"trigger reaches the engine once on 502", trigger, 0, []int{502, 200}, 1, 502},
		{"sync trigger reaches the engine once on 503", triggerSync, 0, []int{503, 200}, 1, 503},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := populatedFlowJSON
			e := newEngine(t, sequence(body, tc.statuses...))
			cfg := imbraceConfig(e)
			cfg.MaxRetries = tc.maxRetries
			err := tc.call(context.Background(), mustNew(t, cfg))
			if got := e.count(); got != tc.wantCalls {
				t.Errorf("engine got %d requests, want %d", got, tc.wantCalls)
			}
			var apiErr *APIError
			switch {
			case tc.wantStatus == 0 && err != nil:
				t.Errorf("err = %v, want success", err)
			case tc.wantStatus != 0 && (!errors.As(err, &apiErr) || apiErr.Status != tc.wantStatus):
				t.Errorf("err = %v, want an *APIError with status %d", err, tc.wantStatus)
			}
		})
	}
}

// hang answers only when the client has gone away.
func hang(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

func TestTimeouts(t *testing.T) {
	t.Run("a trigger that times out reaches the engine once", func(t *testing.T) {
		e := newEngine(t, hang)
		cfg := imbraceConfig(e)
		cfg.Timeout = 20 * time.Millisecond
		_, err := mustNew(t, cfg).TriggerFlow(context.Background(), "f1", nil)
		var tErr *TransportError
		if !errors.As(err, &tErr) || !tErr.Timeout() || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a *TransportError that timed out", err)
		}
		if e.count() != 1 {
			t.Errorf("engine got %d requests, want 1", e.count())
		}
		if want := "POST /v1/webhooks/f1: no answer before the timeout"; err.Error() != want {
			t.Errorf("err = %q, want %q", err, want)
		}
	})
	t.Run("a sync trigger waits SyncWait, not Timeout, and is sent once", func(t *testing.T) {
		e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(30 * time.Millisecond) // longer than Timeout, shorter than SyncWait
			answer(200, `{"late": true}`)(w, r)
		})
		cfg := imbraceConfig(e)
		cfg.Timeout = 5 * time.Millisecond
		cfg.SyncWait = 10 * time.Second
		res, err := mustNew(t, cfg).TriggerFlowSync(context.Background(), "f1", nil)
		if err != nil || res.Outcome != SyncResponded {
			t.Fatalf("got %+v, %v; want the flow's answer", res, err)
		}
		if e.count() != 1 {
			t.Errorf("engine got %d requests, want 1", e.count())
		}
	})
	t.Run("a sync trigger that outlives SyncWait is sent once", func(t *testing.T) {
		e := newEngine(t, hang)
		cfg := imbraceConfig(e)
		cfg.SyncWait = 20 * time.Millisecond
		_, err := mustNew(t, cfg).TriggerFlowSync(context.Background(), "f1", nil)
		var tErr *TransportError
		if !errors.As(err, &tErr) || !tErr.Timeout() {
			t.Fatalf("err = %v, want a *TransportError that timed out", err)
		}
		if e.count() != 1 {
			t.Errorf("engine got %d requests, want 1", e.count())
		}
	})
	t.Run("a GET that times out is retried", func(t *testing.T) {
		e := newEngine(t, hang)
		cfg := imbraceConfig(e)
		cfg.Timeout = 10 * time.Millisecond
		_, err := mustNew(t, cfg).GetFlow(context.Background(), "f1", "")
		var tErr *TransportError
		if !errors.As(err, &tErr) || !tErr.Timeout() {
			t.Fatalf("err = %v, want a *TransportError that timed out", err)
		}
		if e.count() != 4 {
			t.Errorf("engine got %d requests, want 4", e.count())
		}
	})
}

func TestConnectionErrors(t *testing.T) {
	e := newEngine(t, answer(200, "{}"))
	cfg := imbraceConfig(e)
	e.srv.Close() // nothing listens any more
	var seen retries
	cfg.OnRetry = seen.hook
	c := mustNew(t, cfg)

	_, err := c.GetFolder(context.Background(), "fo1")
	var tErr *TransportError
	if !errors.As(err, &tErr) || tErr.Method != "GET" || tErr.Path != "/v1/folders/fo1" {
		t.Fatalf("err = %v, want a *TransportError for GET /v1/folders/fo1", err)
	}
	if len(seen.errs) != 3 {
		t.Errorf("GET was retried %d times, want 3", len(seen.errs))
	}
	for _, cause := range seen.errs {
		if !errors.As(cause, &tErr) {
			t.Errorf("retry cause %v is not a *TransportError", cause)
		}
	}

	seen.errs = nil
	if _, err := c.TriggerFlow(context.Background(), "f1", nil); !errors.As(err, &tErr) {
		t.Fatalf("trigger err = %v, want a *TransportError", err)
	}
	if len(seen.errs) != 0 {
		t.Errorf("a trigger was retried %d times, want never", len(seen.errs))
	}
}

func TestRetryAfterIsTheChosenWait(t *testing.T) {
	t.Run("through a server", func(t *testing.T) {
		var n atomic.Int32
		e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				answer(http.StatusTooManyRequests, `{"code":"SANDBOX_CAPACITY_EXCEEDED","params":{}}`, "Retry-After", "1")(w, r)
				return
			}
			answer(200, folderJSON)(w, r)
		})
		cfg := imbraceConfig(e)
		cfg.RetryBaseWait = time.Microsecond
		cfg.RetryMaxWait = 20 * time.Millisecond // below Retry-After, so the cap shows it was used
		var seen retries
		cfg.OnRetry = seen.hook
		if _, err := mustNew(t, cfg).GetFolder(context.Background(), "fo1"); err != nil {
			t.Fatal(err)
		}
		if len(seen.waits) != 1 || seen.waits[0] != 20*time.Millisecond {
			t.Errorf("waits %v, want one of 20ms (Retry-After 1s, capped)", seen.waits)
		}
		if !IsRateLimited(seen.errs[0]) {
			t.Errorf("retry cause %v is not rate limiting", seen.errs[0])
		}
	})
	c := mustNew(t, Config{GatewayURL: "https://gw.example", RetryBaseWait: time.Second, RetryMaxWait: 10 * time.Second})
	cases := []struct {
		name       string
		retry      int
		retryAfter time.Duration
		min, max   time.Duration
	}{
		{"Retry-After under the cap is used as is", 1, 7 * time.Second, 7 * time.Second, 7 * time.Second},
		{"Retry-After over the cap is capped", 1, time.Hour, 10 * time.Second, 10 * time.Second},
		{"first backoff is jittered within [base/2, base]", 1, 0, 500 * time.Millisecond, time.Second},
		{"second backoff doubles", 2, 0, time.Second, 2 * time.Second},
		{"third backoff doubles again", 3, 0, 2 * time.Second, 4 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for range 200 {
				got := c.backoffWait(tc.retry, &APIError{Status: 503, RetryAfter: tc.retryAfter})
				if got < tc.min || got > tc.max {
					t.Fatalf("wait %v, want within [%v, %v]", got, tc.min, tc.max)
				}
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"-5", 0},
		{" 120 ", 120 * time.Second},
		{"1.5", 0},
		{"soon", 0},
		{"99999999999999", 24 * time.Hour},
		{"Wed, 21 Oct 2015 07:28:00 GMT", 0}, // in the past
	}
	for _, tc := range cases {
		if got := parseRetryAfter(tc.in); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	if got := parseRetryAfter(future); got < 58*time.Minute || got > time.Hour {
		t.Errorf("parseRetryAfter(an HTTP date an hour ahead) = %v", got)
	}
}

func TestCancellationStopsRetries(t *testing.T) {
	t.Run("cancelled while waiting to retry", func(t *testing.T) {
		e := newEngine(t, answer(http.StatusServiceUnavailable, `busy`, "Retry-After", "3600"))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		cfg := imbraceConfig(e)
		cfg.RetryMaxWait = time.Hour // the wait would be an hour if cancellation did not stop it
		cfg.OnRetry = func(context.Context, int, time.Duration, error) { cancel() }
		_, err := mustNew(t, cfg).ListFlows(ctx, ListFlowsParams{ProjectID: "p1"})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != 503 {
			t.Errorf("err = %v, want it to carry the last attempt's 503", err)
		}
		if e.count() != 1 {
			t.Errorf("engine got %d requests, want 1", e.count())
		}
	})
	t.Run("cancelled during a request", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
			cancel()
			hang(w, r)
		})
		_, err := mustNew(t, imbraceConfig(e)).GetRun(ctx, "r1")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if e.count() != 1 {
			t.Errorf("engine got %d requests, want 1 (no retry after cancellation)", e.count())
		}
	})
	t.Run("cancelled before the call", func(t *testing.T) {
		e := newEngine(t, answer(200, "{}"))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := mustNew(t, imbraceConfig(e)).DeleteFolder(ctx, "fo1"); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if e.count() != 0 {
			t.Errorf("engine got %d requests, want 0", e.count())
		}
	})
}
