package mcpextra

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// run polls one watch with a growing interval until its probe reports the
// final state (then it notifies), its lifetime passes, or it is removed.
func (s *Subscriptions) run(ctx context.Context, key watchKey, w *watch, probe Probe) {
	defer s.wg.Done()
	defer s.forget(key, w)
	deadline := time.Now().Add(s.lim.Lifetime)
	interval := s.lim.First
	timer := time.NewTimer(interval)
	defer timer.Stop()
	failures := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		pctx, cancel := context.WithTimeout(ctx, s.lim.Timeout)
		final, err := probe(pctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case client.IsNotFound(err):
			// Deleted while watched: that is its last change.
			s.notify(key, w)
			return
		case err != nil:
			// The engine may be briefly away: keep polling, and say so once.
			if failures++; failures == 1 {
				s.logger.Warn("watching a resource: the engine did not answer; still trying", "uri", key.uri, "err", err)
			}
		case final:
			s.notify(key, w)
			return
		}
		if time.Now().Add(interval).After(deadline) {
			s.logger.Info("stopped watching a resource that did not change in time; subscribe again to keep watching",
				"uri", key.uri, "lifetime", s.lim.Lifetime)
			return
		}
		interval = min(interval*3/2, s.lim.Longest)
		timer.Reset(interval)
	}
}

// notify sends notifications/resources/updated for the watch's URI to its
// subscriber. On a subscriptions/listen stream the notification carries the
// stream's id, as the 2026-07-28 protocol requires (mcp-go tags it on HTTP;
// on stdio it does not, so it is tagged here on both).
func (s *Subscriptions) notify(key watchKey, w *watch) {
	n := mcp.JSONRPCNotification{JSONRPC: mcp.JSONRPC_VERSION, Notification: mcp.Notification{
		Method: string(mcp.MethodNotificationResourceUpdated),
		Params: mcp.NotificationParams{AdditionalFields: map[string]any{"uri": key.uri}},
	}}
	if w.listenID != nil {
		n.Params.Meta = map[string]any{mcp.MetaKeySubscriptionID: w.listenID}
	}
	// Never block a poll loop on a client that does not read: drop and say so.
	select {
	case key.sub.session.NotificationChannel() <- n:
		s.logger.Debug("resource updated", "uri", key.uri)
	default:
		s.logger.Warn("resource update not sent: the client's notification queue is full", "uri", key.uri)
	}
}

// subscribeMessage is the part of a request check reads.
type subscribeMessage struct {
	Method string `json:"method"`
	Params struct {
		URI           string                 `json:"uri"`
		Notifications mcp.SubscriptionFilter `json:"notifications"`
		Meta          *mcp.Meta              `json:"_meta"`
	} `json:"params"`
}

// subscribeMark is in every request check must look at; the others pass at
// the cost of one byte search.
var subscribeMark = []byte("subscri")

// check runs before mcp-go handles a request (OnRequestInitialization) and
// refuses a resources/subscribe or subscriptions/listen that the registry
// could not serve: a URI that is not a run, a run the engine does not have,
// a full registry, or a session no notification can reach. mcp-go's own
// handlers accept any URI, and its after-hooks cannot refuse.
func (s *Subscriptions) check(ctx context.Context, id any, message any) error {
	raw, ok := message.(json.RawMessage)
	if !ok || !bytes.Contains(raw, subscribeMark) {
		return nil
	}
	var m subscribeMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil // mcp-go reports the malformed request
	}
	modern := mcp.IsModernProtocol(m.Params.Meta.ProtocolVersion())
	session := server.ClientSessionFromContext(ctx)
	switch {
	case m.Method == string(mcp.MethodResourcesSubscribe) && !modern:
		if session == nil || session.SessionID() == "" {
			return errors.New("resources/subscribe needs a session, and this server runs stateless HTTP: " +
				"use a stateful server, or subscriptions/listen (protocol 2026-07-28)")
		}
		if m.Params.URI == "" {
			return nil // mcp-go answers that uri is required
		}
		return s.accept(ctx, subscriber{session: session}, []string{m.Params.URI})
	case m.Method == string(mcp.MethodSubscriptionsListen) && modern && id != nil:
		uris := m.Params.Notifications.ResourceSubscriptions
		if len(uris) == 0 || session == nil {
			return nil
		}
		return s.accept(ctx, subscriber{session: session, listen: fmt.Sprintf("%T:%v", id, id)}, uris)
	}
	return nil
}

// accept refuses uris when they cannot all be watched for sub: each must
// resolve, fit under the limits, and answer a first probe.
func (s *Subscriptions) accept(ctx context.Context, sub subscriber, uris []string) error {
	if !reflect.TypeOf(sub.session).Comparable() {
		return errors.New("this transport's sessions cannot hold subscriptions")
	}
	probes := make([]Probe, len(uris))
	for i, uri := range uris {
		p, err := s.resolve(ctx, uri)
		if err != nil {
			return err
		}
		probes[i] = p
	}
	s.mu.Lock()
	fresh := 0
	for _, uri := range uris {
		if _, dup := s.watches[watchKey{sub, uri}]; !dup {
			fresh++
		}
	}
	err := s.roomFor(sub, fresh)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("cannot subscribe: %w", err)
	}
	for i, p := range probes {
		pctx, cancel := context.WithTimeout(ctx, s.lim.Timeout)
		_, err := p(pctx)
		cancel()
		if err != nil {
			return fmt.Errorf("cannot subscribe to %s: %w", uris[i], err)
		}
	}
	return nil
}
