package sandbox

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// mcpTokenLength is the length of a generated MCP server token.
const mcpTokenLength = 72

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
	writeJSON(w, http.StatusOK, servers)
	return nil
}

func (e *Engine) getMcpServer(w http.ResponseWriter, r *http.Request) error {
	return serveDoc[workflows.McpServer](e, w, r, store.KindMcpServer)
}

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
			Token: store.RandomString(mcpTokenLength), Status: "ENABLED", Tools: json.RawMessage("[]")}
		server.ExternalID = server.ID
		return store.PutDoc(ctx, tx, mcpRef(server), server)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, server)
	return nil
}

func (e *Engine) rotateMcpToken(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	server, err := store.UpdateDoc(r.Context(), e.store, store.KindMcpServer, id, mcpRef, func(_ *sql.Tx, server *workflows.McpServer) error {
		server.Token, server.Updated = store.RandomString(mcpTokenLength), store.ISOTime(time.Now())
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, server)
	return nil
}

func (e *Engine) deleteMcpServer(w http.ResponseWriter, r *http.Request) error {
	return e.deleteByPathID(w, r, store.KindMcpServer)
}
