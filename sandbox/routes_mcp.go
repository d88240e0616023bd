package sandbox

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// newMcpToken mints an MCP server token as Activepieces does: an id (apId),
// 21 letters and digits.
func newMcpToken() string { return store.NewID() }

// mcpAnswer is an MCP server as the routes answer it: its tools always a
// list, empty when it has none (a server stored without any reads as []).
func mcpAnswer(m *workflows.McpServer) *workflows.McpServer {
	if len(m.Tools) == 0 || string(m.Tools) == "null" {
		m.Tools = json.RawMessage("[]")
	}
	return m
}

func mcpRef(m *workflows.McpServer) store.DocRef {
	return store.DocRef{Kind: store.KindMcpServer, ID: m.ID, ProjectID: m.ProjectID, Created: m.Created}
}

func (e *Engine) listMcpServers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	projectID, aerr := requiredQuery(q, "projectId")
	if aerr != nil {
		return aerr
	}
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	servers, err := listPage[workflows.McpServer](r.Context(), e.store.DB, store.KindMcpServer, store.Scope{ProjectID: projectID}, page)
	if err != nil {
		return err
	}
	for i := range servers.Data {
		mcpAnswer(&servers.Data[i])
	}
	writeJSON(w, http.StatusOK, servers)
	return nil
}

func (e *Engine) getMcpServer(w http.ResponseWriter, r *http.Request) error {
	server, err := docByPathID[workflows.McpServer](r, e.store.DB, store.KindMcpServer)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mcpAnswer(server))
	return nil
}

// createMcpServer answers 201 under Activepieces' layout, as its server
// does, and 200 under the gateway's, as the iMBRACE gateway does.

func (e *Engine) createMcpServer(w http.ResponseWriter, r *http.Request) error {
	var projectID, name string
	if _, aerr := readObject(w, r, optionalStr("projectId", &projectID), optionalStr("name", &name)); aerr != nil {
		return aerr
	}
	ctx := r.Context()
	var server *workflows.McpServer
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		project, err := e.requireProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		ts := store.ISOTime(time.Now())
		if name == "" {
			name = "MCP Server"
		}
		server = &workflows.McpServer{Base: workflows.Base{ID: store.NewID(), Created: ts, Updated: ts}, ProjectID: project, Name: name,
			Token: newMcpToken(), Status: "ENABLED", Tools: json.RawMessage("[]")}
		server.ExternalID = server.ID
		return store.PutDoc(ctx, tx, mcpRef(server), server)
	})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if layoutOf(r) == layoutActivepieces {
		status = http.StatusCreated
	}
	writeJSON(w, status, mcpAnswer(server))
	return nil
}

// updateMcpServer answers POST /v1/mcp-servers/{id}: Activepieces takes a new
// token there, and iMBRACE's newest SDK a new name; members left out are kept.
func (e *Engine) updateMcpServer(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	var name, token string
	if _, aerr := readObject(w, r, optionalStr("name", &name), optionalStr("token", &token)); aerr != nil {
		return aerr
	}
	server, err := store.UpdateDoc(r.Context(), e.store, store.KindMcpServer, id, mcpRef, func(_ *sql.Tx, server *workflows.McpServer) error {
		if name != "" {
			server.Name = name
		}
		if token != "" {
			server.Token = token
		}
		server.Updated = store.ISOTime(time.Now())
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mcpAnswer(server))
	return nil
}

func (e *Engine) rotateMcpToken(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	server, err := store.UpdateDoc(r.Context(), e.store, store.KindMcpServer, id, mcpRef, func(_ *sql.Tx, server *workflows.McpServer) error {
		server.Token, server.Updated = newMcpToken(), store.ISOTime(time.Now())
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mcpAnswer(server))
	return nil
}

func (e *Engine) deleteMcpServer(w http.ResponseWriter, r *http.Request) error {
	return e.deleteByPathID(w, r, store.KindMcpServer)
}
