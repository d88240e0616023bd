package mcpextra

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// Probe reads a subscribed resource once and reports whether it has reached
// its final state (a run that ended): the watch then sends
// notifications/resources/updated and stops. An error that client.IsNotFound
// recognises counts as final too (the resource was deleted), except on the
// first probe, where it refuses the subscription.
type Probe func(ctx context.Context) (final bool, err error)

// Resolver makes the URIs it recognises subscribable, returning ok false for
// the others. It runs with the subscribing request's context (so it can pick
// that caller's client) and must not call the engine: the first probe does,
// and its error refuses the subscription.
type Resolver func(ctx context.Context, uri string) (p Probe, ok bool, err error)

// WatchLimits bound the polling behind subscriptions. Zero fields take the
// defaults (DefaultWatchLimits).
type WatchLimits struct {
	Max        int           // watches at once over all sessions
	PerSession int           // watches at once per session (or subscriptions/listen stream)
	First      time.Duration // wait before the first poll; each next wait is 1.5 times longer...
	Longest    time.Duration // ...up to this
	Lifetime   time.Duration // a watch stops, without a notification, after this long
	Timeout    time.Duration // one probe's time limit
}

// DefaultWatchLimits: a run that takes a minute is polled about a dozen
// times; 64 watches polling every 10 s cost the engine 6 reads a second.
var DefaultWatchLimits = WatchLimits{Max: 64, PerSession: 16, First: 500 * time.Millisecond, Longest: 10 * time.Second,
	Lifetime: time.Hour, Timeout: 10 * time.Second}

// withDefaults fills the zero fields of l.
func (l WatchLimits) withDefaults() WatchLimits {
	d := DefaultWatchLimits
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	if l.Max <= 0 {
		l.Max = d.Max
	}
	if l.PerSession <= 0 {
		l.PerSession = d.PerSession
	}
	l.First, l.Longest, l.Lifetime, l.Timeout = pick(l.First, d.First), pick(l.Longest, d.Longest), pick(l.Lifetime, d.Lifetime), pick(l.Timeout, d.Timeout)
	return l
}

// subscriber is who gets a watch's notification: a session (resources/subscribe,
// protocol 2025-11-25 and before) or one subscriptions/listen stream of a
// session (2026-07-28), told apart by the listen request's id.
type subscriber struct {
	session server.ClientSession
	listen  string // "" for resources/subscribe; else the listen request id, as %T:%v
}

type watchKey struct {
	sub subscriber
	uri string
}

// watch is one running poll loop.
type watch struct {
	cancel   context.CancelFunc
	listenID any // tags the notification on a subscriptions/listen stream
}

// Subscriptions is the registry of watched resources. mcp-go v1.2.1 has the
// subscribe capability and hooks but stores nothing, so the registry keeps
// who watches what, polls, notifies, and forgets a watch when its run ends,
// when the client unsubscribes, or when the session or listen stream ends.
type Subscriptions struct {
	resolvers []Resolver
	lim       WatchLimits
	logger    *slog.Logger
	base      context.Context
	stop      context.CancelFunc

	mu      sync.Mutex
	watches map[watchKey]*watch
	wg      sync.WaitGroup
}

// NewSubscriptions returns an empty registry that resolves URIs with resolvers, in order.
func NewSubscriptions(resolvers []Resolver, lim WatchLimits, logger *slog.Logger) *Subscriptions {
	base, stop := context.WithCancel(context.Background())
	return &Subscriptions{resolvers: resolvers, lim: lim.withDefaults(), logger: logger, base: base, stop: stop,
		watches: map[watchKey]*watch{}}
}

// Attach adds the registry's hooks: the check that refuses what cannot be
// watched (before mcp-go answers), and the bookkeeping of subscribe,
// unsubscribe, subscriptions/listen and session ends.
func (s *Subscriptions) Attach(h *server.Hooks) {
	h.AddOnRequestInitialization(s.check)
	h.AddAfterSubscribe(func(ctx context.Context, _ any, req *mcp.SubscribeRequest, _ *mcp.EmptyResult) {
		s.add(ctx, subscriber{session: server.ClientSessionFromContext(ctx)}, req.Params.URI, nil)
	})
	h.AddAfterUnsubscribe(func(ctx context.Context, _ any, req *mcp.UnsubscribeRequest, _ *mcp.EmptyResult) {
		s.remove(watchKey{subscriber{session: server.ClientSessionFromContext(ctx)}, req.Params.URI})
	})
	h.AddOnUnregisterSession(func(_ context.Context, session server.ClientSession) {
		s.removeWhere(func(k watchKey) bool { return k.sub.session == session })
	})
	h.AddBeforeSubscriptionsListen(s.listen)
}

// listen starts the watches a subscriptions/listen stream asks for. mcp-go
// holds the stream open until ctx ends, and so do the watches.
func (s *Subscriptions) listen(ctx context.Context, id any, req *mcp.SubscriptionsListenRequest) {
	uris := req.Params.Notifications.ResourceSubscriptions
	if len(uris) == 0 || id == nil {
		return
	}
	sub := subscriber{session: server.ClientSessionFromContext(ctx), listen: fmt.Sprintf("%T:%v", id, id)}
	for _, uri := range uris {
		s.add(ctx, sub, uri, id)
	}
	go func() {
		<-ctx.Done()
		s.removeWhere(func(k watchKey) bool { return k.sub == sub })
	}()
}

// resolve finds the probe of uri.
func (s *Subscriptions) resolve(ctx context.Context, uri string) (Probe, error) {
	for _, r := range s.resolvers {
		p, ok, err := r(ctx, uri)
		if err != nil {
			return nil, err
		}
		if ok {
			return p, nil
		}
	}
	return nil, fmt.Errorf("%s cannot be subscribed to: only runs can, as %s", uri, runTemplate)
}

// add starts watching uri for sub, unless it already does. It is called once
// check has accepted the subscription; a cap reached in between (another
// session subscribed at the same moment) only drops the watch, with a warning.
func (s *Subscriptions) add(ctx context.Context, sub subscriber, uri string, listenID any) {
	if sub.session == nil {
		return
	}
	probe, err := s.resolve(ctx, uri)
	if err != nil {
		s.logger.Warn("subscription not watched", "uri", uri, "err", err)
		return
	}
	key := watchKey{sub, uri}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.watches[key]; dup || s.base.Err() != nil { // closed: start nothing Close would not wait for
		return
	}
	if err := s.roomFor(sub, 1); err != nil {
		s.logger.Warn("subscription not watched", "uri", uri, "err", err)
		return
	}
	wctx, cancel := context.WithCancel(s.base)
	w := &watch{cancel: cancel, listenID: listenID}
	s.watches[key] = w
	s.wg.Add(1)
	go s.run(wctx, key, w, probe)
	s.logger.Debug("watching", "uri", uri, "watches", len(s.watches))
}

// roomFor says whether n more watches fit for sub. The caller holds s.mu.
func (s *Subscriptions) roomFor(sub subscriber, n int) error {
	if len(s.watches)+n > s.lim.Max {
		return fmt.Errorf("the server already watches %d resources, its limit: try again later, or poll with wait_for_run", len(s.watches))
	}
	mine := 0
	for k := range s.watches {
		if k.sub == sub {
			mine++
		}
	}
	if mine+n > s.lim.PerSession {
		return fmt.Errorf("this session already watches %d resources, the limit per session: unsubscribe from one first", mine)
	}
	return nil
}

// remove stops one watch.
func (s *Subscriptions) remove(key watchKey) {
	s.removeWhere(func(k watchKey) bool { return k == key })
}

// removeWhere stops every watch whose key matches.
func (s *Subscriptions) removeWhere(match func(watchKey) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, w := range s.watches {
		if match(k) {
			w.cancel()
			delete(s.watches, k)
		}
	}
}

// forget drops w from the registry when it ends on its own, unless it was
// already removed (and maybe replaced by a new subscription).
func (s *Subscriptions) forget(key watchKey, w *watch) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.watches[key] == w {
		delete(s.watches, key)
	}
	w.cancel()
}

// Watching returns how many watches run, for tests and metrics.
func (s *Subscriptions) Watching() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.watches)
}

// Close stops every watch and waits for their loops to return.
func (s *Subscriptions) Close() {
	s.stop()
	s.removeWhere(func(watchKey) bool { return true })
	s.wg.Wait()
}
