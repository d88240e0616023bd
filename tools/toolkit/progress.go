package toolkit

import (
	"context"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// progressInterval is how often a long wait reports progress.
const progressInterval = time.Second

// finalNotificationPause lets the last progress notification reach the client
// before the response does: mcp-go v1.2.1 can otherwise deliver it after the
// response, and clients drop it (see mcp-go-notes.md).
const finalNotificationPause = 5 * time.Millisecond

// Progress sends notifications/progress for one call when the client asked for
// them with a progressToken; without a token every method does nothing.
type Progress struct {
	ctx   context.Context
	srv   *server.MCPServer
	token mcp.ProgressToken
	total float64

	mu   sync.Mutex
	step float64
	sent bool
}

// NewProgress starts the progress of the call req, out of total (0 when the
// total is unknown); it sends nothing unless the request carries a progressToken.
func NewProgress(ctx context.Context, req mcp.CallToolRequest, total float64) *Progress {
	p := &Progress{ctx: ctx, total: total}
	if req.Params.Meta != nil && req.Params.Meta.ProgressToken != nil {
		p.token = req.Params.Meta.ProgressToken
		p.srv = server.ServerFromContext(ctx)
	}
	return p
}

// Send reports that work continues; progress increases by one each time.
func (p *Progress) Send(message string) {
	if p.srv == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.step++
	params := map[string]any{"progressToken": p.token, "progress": p.step, "message": message}
	if p.total > 0 {
		params["total"] = p.total
	}
	// A failure to notify must not fail the call: the client may have gone.
	if p.srv.SendNotificationToClient(p.ctx, "notifications/progress", params) == nil {
		p.sent = true
	}
}

// Tick sends message() every interval until stop is called.
func (p *Progress) Tick(message func() string) (stop func()) {
	if p.srv == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-p.ctx.Done():
				return
			case <-t.C:
				p.Send(message())
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// Finish pauses briefly when a notification was sent, so it arrives before the response.
func (p *Progress) Finish() {
	p.mu.Lock()
	sent := p.sent
	p.mu.Unlock()
	if sent {
		time.Sleep(finalNotificationPause)
	}
}
