package client

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
)

type callerKey struct{}

// TestDelegateRoutesEachCall checks that a router client sends every request
// with the client its Delegate picks from the context, and that each delegate
// keeps its own discovered project.
func TestDelegateRoutesEachCall(t *testing.T) {
	e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
		// Named after the key's last letter: the client scrubs its own key from answers.
		key := r.Header.Get("x-api-key")
		project := "project-" + key[len(key)-1:]
		answer(http.StatusOK, `{"data":[{"id":"f1","projectId":"`+project+`"}],"next":null,"previous":null}`)(w, r)
	})
	delegates := map[string]*Client{}
	for _, key := range []string{"key-a", "key-b"} {
		cfg := imbraceConfig(e)
		cfg.APIKey = key
		delegates[key] = mustNew(t, cfg)
	}
	router := imbraceConfig(e)
	router.APIKey = ""
	router.Delegate = func(ctx context.Context) (*Client, error) {
		key, _ := ctx.Value(callerKey{}).(string)
		if d, ok := delegates[key]; ok {
			return d, nil
		}
		return nil, errors.New("no caller")
	}
	c := mustNew(t, router)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		key := []string{"key-a", "key-b"}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.WithValue(context.Background(), callerKey{}, key)
			got, err := c.ResolveProjectID(ctx, "")
			if err != nil || got != "project-"+key[len(key)-1:] {
				t.Errorf("caller %s: project %q, %v", key, got, err)
			}
		}()
	}
	wg.Wait()
	if _, err := c.ListFolders(context.Background(), "", Page{}); err == nil || err.Error() != "no caller" {
		t.Errorf("without a caller: %v, want the Delegate's error", err)
	}
	for _, r := range e.requests() {
		if k := r.Header.Get("x-api-key"); k != "key-a" && k != "key-b" {
			t.Errorf("a request went out with x-api-key %q", k)
		}
	}
}

func TestOnAttemptSeesEveryAttempt(t *testing.T) {
	calls := 0
	e := newEngine(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			answer(http.StatusServiceUnavailable, `{"message":"busy"}`)(w, r)
			return
		}
		answer(http.StatusOK, `{"id":"f1","projectId":"p"}`)(w, r)
	})
	cfg := fastRetries(imbraceConfig(e))
	var seen []Attempt
	cfg.OnAttempt = func(_ context.Context, a Attempt) { seen = append(seen, a) }
	if _, err := mustNew(t, cfg).GetFlow(context.Background(), "f1", ""); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0].Status != 503 || seen[0].Retry != 0 || seen[1].Status != 200 || seen[1].Retry != 1 || seen[1].Method != "GET" {
		t.Errorf("attempts = %+v", seen)
	}
}
