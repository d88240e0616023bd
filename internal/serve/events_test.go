package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/mark3labs/mcp-go/server"
)

func replay(t *testing.T, b *EventBuffer, session, last string) (string, []string) {
	t.Helper()
	var got []string
	stream, err := b.ReplayEventsAfter(context.Background(), session, last, func(id string, msg json.RawMessage) error {
		got = append(got, string(msg))
		return nil
	})
	if err != nil {
		return "error: " + err.Error(), nil
	}
	return stream, got
}

func TestEventBufferReplaysAndForgetsOldest(t *testing.T) {
	ctx := context.Background()
	b := NewEventBuffer(10 * (eventOverhead + 3))
	var ids []string
	for i := 0; i < 8; i++ {
		stream := []string{"s1", "s2"}[i%2]
		id, _ := b.StoreEvent(ctx, "A", stream, json.RawMessage(fmt.Sprintf(`"%d"`, i)))
		ids = append(ids, id)
	}
	if stream, got := replay(t, b, "A", ids[2]); stream != "s1" || fmt.Sprint(got) != `["4" "6"]` {
		t.Errorf("replay after event 2: %s %v", stream, got)
	}
	if stream, _ := replay(t, b, "B", ids[2]); stream[:6] != "error:" {
		t.Error("another session's event id replayed")
	}
	// Four more events push the oldest two out: resuming from them fails.
	for i := 8; i < 12; i++ {
		if _, err := b.StoreEvent(ctx, "B", "s3", json.RawMessage(fmt.Sprintf(`"%d"`, i))); err != nil {
			t.Fatal(err)
		}
	}
	if b.Size() > 10*(eventOverhead+3) {
		t.Errorf("size %d over the bound", b.Size())
	}
	_, err := b.ReplayEventsAfter(ctx, "A", ids[0], func(string, json.RawMessage) error { return nil })
	if !errors.Is(err, server.ErrUnknownEventID) {
		t.Errorf("resuming from a forgotten event: %v", err)
	}
	if _, got := replay(t, b, "A", ids[3]); fmt.Sprint(got) != `["5" "7"]` {
		t.Errorf("replay after event 3: %v", got)
	}
	if err := b.PurgeSession(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	if b.Size() != 4*(eventOverhead+3)+2 { // "10" and "11" are a byte longer
		t.Errorf("size after purge %d", b.Size())
	}
	for i := 0; i < 1000; i++ {
		_, _ = b.StoreEvent(ctx, "C", "s", json.RawMessage(`"x"`))
	}
	if len(b.queue)-b.head > 2*b.live+64 {
		t.Errorf("queue holds %d refs for %d live events", len(b.queue)-b.head, b.live)
	}
}
