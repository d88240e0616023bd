package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/mark3labs/mcp-go/server"
)

// eventOverhead is what one stored event costs besides its message: the map
// entries and slice slots that find it. Counting it keeps a flood of tiny
// progress notifications within the bound too.
const eventOverhead = 128

// EventBuffer is an in-memory server.EventStore with a bound: it keeps the
// newest stream events of every session, up to max bytes in all, and forgets
// the oldest first. mcp-go's InMemoryEventStore keeps a session's events until
// the session ends, so one long wait_for_run with progress every second could
// grow without limit. A client that resumes from an event already forgotten
// gets 400 (Unknown Last-Event-ID) and must start over, rather than silently
// miss events.
type EventBuffer struct {
	mu       sync.Mutex
	max      int64
	size     int64
	seq      int64
	sessions map[string]*eventLog
	queue    []eventRef // every stored event, oldest first; purged ones linger until skipped
	head     int
	live     int
}

type eventLog struct {
	streams map[string][]bufferedEvent
	stream  map[string]string // event id → its stream
	size    int64
}

type bufferedEvent struct {
	seq int64
	id  string
	msg json.RawMessage
}

type eventRef struct{ session, stream, id string }

var _ server.EventStore = (*EventBuffer)(nil)

// NewEventBuffer returns a buffer of at most max bytes.
func NewEventBuffer(max int64) *EventBuffer {
	return &EventBuffer{max: max, sessions: map[string]*eventLog{}}
}

// StoreEvent implements server.EventStore.
func (b *EventBuffer) StoreEvent(_ context.Context, sessionID, streamID string, message json.RawMessage) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	log := b.sessions[sessionID]
	if log == nil {
		log = &eventLog{streams: map[string][]bufferedEvent{}, stream: map[string]string{}}
		b.sessions[sessionID] = log
	}
	b.seq++
	id := strconv.FormatInt(b.seq, 10)
	msg := append(json.RawMessage(nil), message...) // the caller may reuse its buffer
	log.streams[streamID] = append(log.streams[streamID], bufferedEvent{seq: b.seq, id: id, msg: msg})
	log.stream[id] = streamID
	cost := int64(len(msg)) + eventOverhead
	log.size += cost
	b.size += cost
	b.queue = append(b.queue, eventRef{sessionID, streamID, id})
	b.live++
	for b.size > b.max && b.head < len(b.queue) {
		b.evictOldest()
	}
	return id, nil
}

// evictOldest forgets the oldest event still stored. Events are stored in one
// global order, so the oldest is always the first of its stream.
func (b *EventBuffer) evictOldest() {
	ref := b.queue[b.head]
	b.queue[b.head] = eventRef{}
	b.head++
	if log := b.sessions[ref.session]; log != nil {
		if evs := log.streams[ref.stream]; len(evs) > 0 && evs[0].id == ref.id {
			cost := int64(len(evs[0].msg)) + eventOverhead
			log.size -= cost
			b.size -= cost
			delete(log.stream, ref.id)
			if len(evs) == 1 {
				delete(log.streams, ref.stream)
			} else {
				log.streams[ref.stream] = evs[1:]
			}
			b.live--
		}
	}
	if b.head > len(b.queue)/2 {
		b.compact()
	}
}

// compact drops the queue's consumed head and the refs of purged sessions.
func (b *EventBuffer) compact() {
	kept := b.queue[:0:0]
	for _, ref := range b.queue[b.head:] {
		if log := b.sessions[ref.session]; log != nil {
			if _, ok := log.stream[ref.id]; ok {
				kept = append(kept, ref)
			}
		}
	}
	b.queue, b.head = kept, 0
}

// ReplayEventsAfter implements server.EventStore.
func (b *EventBuffer) ReplayEventsAfter(_ context.Context, sessionID, lastEventID string, send func(eventID string, message json.RawMessage) error) (string, error) {
	b.mu.Lock()
	log := b.sessions[sessionID]
	var streamID string
	ok := log != nil
	if ok {
		streamID, ok = log.stream[lastEventID]
	}
	if !ok {
		b.mu.Unlock()
		return "", fmt.Errorf("%w: %s", server.ErrUnknownEventID, lastEventID)
	}
	last, _ := strconv.ParseInt(lastEventID, 10, 64)
	evs := log.streams[streamID]
	i := sort.Search(len(evs), func(i int) bool { return evs[i].seq > last })
	tail := append([]bufferedEvent(nil), evs[i:]...)
	b.mu.Unlock()
	for _, ev := range tail {
		if err := send(ev.id, ev.msg); err != nil {
			return "", err
		}
	}
	return streamID, nil
}

// PurgeSession implements server.EventStore.
func (b *EventBuffer) PurgeSession(_ context.Context, sessionID string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if log := b.sessions[sessionID]; log != nil {
		b.size -= log.size
		b.live -= len(log.stream)
		delete(b.sessions, sessionID)
		// The queue keeps the session's refs until eviction skips them or a
		// compaction drops them; compact now when they outnumber live events.
		if len(b.queue)-b.head > 2*b.live+64 {
			b.compact()
		}
	}
	return nil
}

// Size returns the bytes the buffer holds now.
func (b *EventBuffer) Size() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.size
}
