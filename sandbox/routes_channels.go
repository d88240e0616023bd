package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
)

// channelAutomation is a stored iMBRACE channel automation: the wire object and
// the channel type it is filtered by.
type channelAutomation struct {
	ChannelType string          `json:"channelType"`
	Wire        json.RawMessage `json:"wire"`
}

func (e *Engine) listChannelAutomations(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet {
		return routeNotFound(r.Method, r.URL.Path)
	}
	channelType := strings.ToLower(r.URL.Query().Get("channelType"))
	all, err := listDocs[channelAutomation](r.Context(), e.store.db, kindChannel, scope{})
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
