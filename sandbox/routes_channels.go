package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
)

func (e *Engine) listChannelAutomations(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet {
		return routeNotFound(r.Method, r.URL.Path)
	}
	channelType := strings.ToLower(r.URL.Query().Get("channelType"))
	all, err := store.ListDocs[store.ChannelAutomation](r.Context(), e.store.DB, store.KindChannel, store.Scope{})
	if err != nil {
		return err
	}
	data := []json.RawMessage{}
	for _, it := range all {
		if channelType == "" || strings.ToLower(it.Value.ChannelType) == channelType {
			data = append(data, it.Value.Wire)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
	return nil
}
