package client

import "os"

// Realistic answers of an Activepieces server (and iMBRACE's channel service),
// with the nulls real servers send and members this client does not declare.

// flowRunJSON is a failed run with its steps, as GET /v1/flow-runs/{id} answers.
const flowRunJSON = `{
  "id": "rUn0000000000000000a1",
  "created": "2025-03-14T10:05:00.000Z",
  "updated": "2025-03-14T10:05:02.500Z",
  "projectId": "pRj0ct5kG7hXw2LmQnB4v",
  "flowId": "9ZsVnO0o3fKq8dJxYtR2a",
  "flowVersionId": "vEr51onLkD8sQ3mZpT6yW",
  "flowDisplayName": "Order intake",
  "status": "FAILED",
  "environment": "PRODUCTION",
  "startTime": "2025-03-14T10:05:00.120Z",
  "finishTime": "2025-03-14T10:05:02.480Z",
  "tags": [],
  "failParentOnFailure": true,
  "parentRunId": null,
  "failedStep": {"name": "step_3", "displayName": "Send to Slack", "message": "channel_not_found"},
  "logsFileId": "fIlE0000000000000000b",
  "pauseMetadata": null,
  "stepsCount": 2,
  "archivedAt": null,
  "steps": {
    "trigger": {"type": "PIECE_TRIGGER", "status": "SUCCEEDED", "input": {}, "output": {"method": "POST", "headers": {"content-type": "application/json"}, "body": {"order": {"total": 120}}, "queryParams": {}}, "duration": 0},
    "step_1": {"type": "CODE", "status": "FAILED", "input": {"order": {"total": 120}}, "output": null, "duration": 41, "errorMessage": {"message": "boom"}, "standardError": ""}
  }
}`

const folderJSON = `{"id": "fOld3r000000000000001", "created": "2025-01-02T03:04:05.000Z", "updated": "2025-01-02T03:04:05.000Z",
  "projectId": "pRj0ct5kG7hXw2LmQnB4v", "displayName": "Sales", "displayOrder": 0, "externalId": null, "numberOfFlows": 3, "platformId": null}`

const connectionJSON = `{"id": "cOnN3ct10nAbCdEfGhIj1", "created": "2025-02-01T00:00:00.000Z", "updated": "2025-02-01T00:00:00.000Z",
  "externalId": "slack-main", "displayName": "Slack (main)", "pieceName": "@activepieces/piece-slack", "type": "OAUTH2",
  "projectIds": ["pRj0ct5kG7hXw2LmQnB4v"], "platformId": "pLatf0rm000000000000a", "scope": "PROJECT", "status": "ACTIVE",
  "ownerId": null, "owner": null, "metadata": null, "flowIds": null, "pieceVersion": "0.9.2"}`

const pieceSummaryJSON = `{"name": "@activepieces/piece-slack", "displayName": "Slack", "description": "Channel-based messaging",
  "logoUrl": "https://cdn.activepieces.com/pieces/slack.png", "version": "0.9.2", "authors": ["kishanprmr", "AbdulTheActivePiecer"],
  "categories": ["COMMUNICATION"], "actions": 18, "triggers": 7, "pieceType": "OFFICIAL", "packageType": "REGISTRY",
  "minimumSupportedRelease": "0.36.1", "maximumSupportedRelease": "99999.99999.9999", "auth": null, "i18n": {}}`

const pieceJSON = `{"name": "@activepieces/piece-webhook", "displayName": "Webhook", "description": "Receive HTTP requests and trigger flows using unique URLs.",
  "logoUrl": "https://cdn.activepieces.com/pieces/webhook.svg", "version": "0.1.24", "authors": ["abuaboud"], "categories": ["CORE"],
  "pieceType": "OFFICIAL", "packageType": "REGISTRY", "auth": null,
  "actions": {"return_response": {"name": "return_response", "displayName": "Return Response", "description": "Return a response",
    "requireAuth": false, "errorHandlingOptions": {"continueOnFailure": {"hide": true}},
    "props": {"responseType": {"displayName": "Response Type", "type": "STATIC_DROPDOWN", "required": true, "defaultValue": "json",
      "options": {"disabled": false, "options": [{"label": "JSON", "value": "json"}, {"label": "Raw", "value": "raw"}]}, "refreshers": []}}}},
  "triggers": {"catch_webhook": {"name": "catch_webhook", "displayName": "Catch Webhook", "description": "Receive incoming HTTP/webhooks",
    "type": "WEBHOOK", "sampleData": null, "props": {"authType": {"displayName": "Authentication", "description": null, "type": "STATIC_DROPDOWN",
      "required": true, "defaultValue": "none", "options": {"options": [{"label": "None", "value": "none"}]}}}}}}`

const triggerRunStatusJSON = `{"pieces": {"@activepieces/piece-webhook": {"dailyStats": {"2025-03-14": {"success": 12, "failure": 1, "skipped": 0}}, "totalRuns": 13}}, "window": "7d"}`

const tableJSON = `{"id": "tAbLe0000000000000001", "created": "2025-01-05T00:00:00.000Z", "updated": "2025-01-05T00:00:00.000Z",
  "name": "Leads", "projectId": "pRj0ct5kG7hXw2LmQnB4v", "externalId": "leads", "folderId": null, "status": null, "trigger": null,
  "fields": [{"id": "fIeLd000000000000001", "created": "2025-01-05T00:00:00.000Z", "updated": "2025-01-05T00:00:00.000Z",
    "name": "Email", "type": "TEXT", "tableId": "tAbLe0000000000000001", "projectId": "pRj0ct5kG7hXw2LmQnB4v", "externalId": "email", "data": null}],
  "rowCount": 2}`

const recordJSON = `{"id": "rEc0rd00000000000001", "created": "2025-01-06T00:00:00.000Z", "updated": "2025-01-06T00:00:00.000Z",
  "tableId": "tAbLe0000000000000001", "projectId": "pRj0ct5kG7hXw2LmQnB4v",
  "cells": {"fIeLd000000000000001": {"value": "ada@example.com", "fieldName": "Email", "created": "2025-01-06T00:00:00.000Z", "updated": "2025-01-06T00:00:00.000Z", "recordId": "rEc0rd00000000000001"}}}`

const mcpServerJSON = `{"id": "mCp5erver00000000001", "created": "2025-02-10T00:00:00.000Z", "updated": "2025-02-10T00:00:00.000Z",
  "projectId": "pRj0ct5kG7hXw2LmQnB4v", "name": "agents", "token": "mcp_tok_abcdefghijklmnop", "externalId": "agents",
  "status": "ENABLED", "tools": [{"id": "tOol1", "type": "PIECE", "pieceMetadata": {"pieceName": "@activepieces/piece-slack"}}], "flows": []}`

const invitationJSON = `{"id": "iNv1te00000000000001", "created": "2025-02-11T00:00:00.000Z", "updated": "2025-02-11T00:00:00.000Z",
  "email": "ada@example.com", "status": "PENDING", "type": "PROJECT", "platformId": "pLatf0rm000000000000a", "platformRole": null,
  "projectId": "pRj0ct5kG7hXw2LmQnB4v", "projectRoleId": "rOle0000000000000001", "projectRole": {"id": "rOle0000000000000001", "name": "Editor"}}`

const channelAutomationJSON = `{"id": "ca_01", "name": null, "active": true, "tags": [{"id": "tag_1", "name": "vip", "color": "#ff0000"}],
  "channelType": "whatsapp", "workflowId": "9ZsVnO0o3fKq8dJxYtR2a"}`

// page wraps items in a SeekPage.
func page(next string, items ...string) string {
	n := "null"
	if next != "" {
		n = `"` + next + `"`
	}
	out := `{"data": [`
	for i, it := range items {
		if i > 0 {
			out += ","
		}
		out += it
	}
	return out + `], "next": ` + n + `, "previous": null}`
}

// populatedFlowJSON is a published flow with a webhook trigger, a CODE step with
// error-handling branches, a loop, and a router with an empty branch. The
// workflows package owns the file: it is the models' fixture too.
var populatedFlowJSON = readFixture("../workflows/testdata/populated_flow.json")

func readFixture(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(b)
}
