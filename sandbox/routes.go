package sandbox

import "net/http"

// routes registers the engine's /v1 routes (upstream-api §2 and the generated
// API's fields and records); anything else is fastify's quick 404.
func (e *Engine) routes() *http.ServeMux {
	mux := http.NewServeMux()
	authed := func(pattern string, h handlerFunc) { mux.Handle(pattern, e.handle(true, h)) }

	authed("GET /v1/flows", e.listFlows)
	authed("POST /v1/flows", e.createFlow)
	authed("GET /v1/flows/{id}", e.getFlow)
	authed("POST /v1/flows/{id}", e.applyFlowOperation)
	authed("DELETE /v1/flows/{id}", e.deleteFlow)

	// Webhooks take no API key (upstream-api §5) and any method.
	mux.Handle("/v1/webhooks/{flowId}", e.handle(false, e.webhook(webhookMode{})))
	mux.Handle("/v1/webhooks/{flowId}/sync", e.handle(false, e.webhook(webhookMode{Sync: true})))
	mux.Handle("/v1/webhooks/{flowId}/draft", e.handle(false, e.webhook(webhookMode{Draft: true})))
	mux.Handle("/v1/webhooks/{flowId}/draft/sync", e.handle(false, e.webhook(webhookMode{Draft: true, Sync: true})))
	mux.Handle("/v1/webhooks/{flowId}/test", e.handle(false, e.webhookTest))

	authed("GET /v1/flow-runs", e.listRuns)
	authed("GET /v1/flow-runs/{id}", e.getRun)

	authed("GET /v1/folders", e.listFolders)
	authed("POST /v1/folders", e.createFolder)
	authed("GET /v1/folders/{id}", e.getFolder)
	authed("POST /v1/folders/{id}", e.updateFolder)
	authed("DELETE /v1/folders/{id}", e.deleteFolder)

	authed("GET /v1/app-connections", e.listConnections)
	authed("POST /v1/app-connections", e.upsertConnection)
	authed("GET /v1/app-connections/{id}", e.getConnection)
	authed("DELETE /v1/app-connections/{id}", e.deleteConnection)

	authed("GET /v1/pieces", e.listPieces)
	authed("GET /v1/pieces/{name}", e.getPiece)
	authed("GET /v1/pieces/{scope}/{name}", e.getPiece)
	authed("POST /v1/pieces/options", e.pieceOptions)

	authed("GET /v1/trigger-runs/status", e.triggerRunStatus)
	authed("POST /v1/test-trigger", e.testTrigger)

	authed("GET /v1/tables", e.listTables)
	authed("POST /v1/tables", e.createTable)
	authed("GET /v1/tables/{id}", e.getTable)
	authed("DELETE /v1/tables/{id}", e.deleteTable)

	authed("GET /v1/fields", e.listFields)
	authed("POST /v1/fields", e.createField)
	authed("GET /v1/fields/{id}", e.getField)
	authed("POST /v1/fields/{id}", e.updateField)
	authed("DELETE /v1/fields/{id}", e.deleteField)

	authed("GET /v1/records", e.listRecords)
	authed("POST /v1/records", e.createRecords)
	authed("DELETE /v1/records", e.deleteRecords)
	authed("GET /v1/records/{id}", e.getRecord)
	authed("POST /v1/records/{id}", e.updateRecord)

	authed("GET /v1/mcp-servers", e.listMcpServers)
	authed("POST /v1/mcp-servers", e.createMcpServer)
	authed("GET /v1/mcp-servers/{id}", e.getMcpServer)
	authed("POST /v1/mcp-servers/{id}", e.updateMcpServer)
	authed("DELETE /v1/mcp-servers/{id}", e.deleteMcpServer)
	authed("POST /v1/mcp-servers/{id}/rotate", e.rotateMcpToken)

	authed("GET /v1/user-invitations", e.listInvitations)
	authed("POST /v1/user-invitations", e.createInvitation)
	authed("DELETE /v1/user-invitations/{id}", e.deleteInvitation)

	authed("GET /v1/projects", e.listProjects)
	authed("GET /v1/projects/{id}", e.getProject)
	authed("GET /v1/users/projects/current", e.currentProject)

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, routeNotFound(r.Method, r.URL.Path))
	})
	return mux
}
