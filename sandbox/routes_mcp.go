package sandbox

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// mcpTokenLength is the length of a generated MCP server token.
const mcpTokenLength = 72

func mcpRef(m *client.McpServer) docRef {
	return docRef{Kind: kindMcpServer, ID: m.ID, ProjectID: m.ProjectID, Created: m.Created}
}

func (e *Engine) listMcpServers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	projectID := q.Get("projectId")
	if projectID == "" {
		return badField("querystring", "projectId", "is required: must be string")
	}
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	servers, err := listDocs[client.McpServer](r.Context(), e.store.db, kindMcpServer, scope{ProjectID: projectID})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, seekPage(servers, page, false))
	return nil
}

func (e *Engine) getMcpServer(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	m, err := getDoc[client.McpServer](r.Context(), e.store.db, kindMcpServer, id)
	if err != nil {
		return err
	}
	if m == nil {
		return notFound("mcp_server", id)
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (e *Engine) createMcpServer(w http.ResponseWriter, r *http.Request) error {
	body, aerr := readObject(w, r)
	if aerr != nil {
		return aerr
	}
	projectID, aerr := body.str("projectId", false)
	if aerr != nil {
		return aerr
	}
	name, aerr := body.str("name", false)
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	var server *client.McpServer
	err := e.store.update(ctx, func(tx *sql.Tx) error {
		project, err := e.requireProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		ts := isoTime(time.Now())
		if name == "" {
			name = "MCP Server"
		}
		server = &client.McpServer{Base: client.Base{ID: newID(), Created: ts, Updated: ts}, ProjectID: project, Name: name,
			Token: randomString(mcpTokenLength), Status: "ENABLED", Tools: json.RawMessage("[]")}
		server.ExternalID = server.ID
		return putDoc(ctx, tx, mcpRef(server), server)
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
	ctx := r.Context()
	var server *client.McpServer
	err := e.store.update(ctx, func(tx *sql.Tx) error {
		var err error
		if server, err = getDoc[client.McpServer](ctx, tx, kindMcpServer, id); err != nil {
			return err
		}
		if server == nil {
			return notFound("mcp_server", id)
		}
		server.Token, server.Updated = randomString(mcpTokenLength), isoTime(time.Now())
		return putDoc(ctx, tx, mcpRef(server), server)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, server)
	return nil
}

func (e *Engine) deleteMcpServer(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	found, err := deleteDoc(r.Context(), e.store.db, kindMcpServer, id)
	if err != nil {
		return err
	}
	if !found {
		return notFound("mcp_server", id)
	}
	writeNoContent(w)
	return nil
}
