package bench

import (
	"encoding/json"
	"fmt"
	"time"
)

// Realistic list bodies for the stub upstreams (stub.go): what an Activepieces
// server and an n8n server answer when asked for a page of flows or workflows.
// Each flow has several steps, and the JSON has what real servers send and a
// client must cope with: nulls, empty arrays, and fields the bridge's models
// do not know.

// StubProjectID is the project every stub flow and folder belongs to.
const StubProjectID = "pRj0ct5kG7hXw2LmQnB4v"

var fixtureEpoch = time.Date(2025, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

func stamp(i, minutes int) string {
	return fixtureEpoch.Add(time.Duration(i)*26*time.Hour + time.Duration(minutes)*time.Minute).Format("2006-01-02T15:04:05.000Z")
}

// apID is a 21-character Activepieces id: prefix (4 characters) and a number.
func apID(prefix string, n int) string { return fmt.Sprintf("%s%017d", prefix, n) }

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, slices and scalars: cannot fail
	}
	return b
}

// ActivepiecesFlowsPage is GET /v1/flows answering with n flows, each with its
// latest version: a trigger and 3 to 6 steps.
func ActivepiecesFlowsPage(n int) []byte {
	flows := make([]any, n)
	for i := range flows {
		flows[i] = activepiecesFlow(i)
	}
	return mustJSON(map[string]any{"data": flows, "next": nil, "previous": nil})
}

// ActivepiecesFoldersPage is GET /v1/folders answering with n folders.
func ActivepiecesFoldersPage(n int) []byte {
	folders := make([]any, n)
	for i := range folders {
		folders[i] = map[string]any{
			"id": apID("fOld", i), "created": stamp(i, 0), "updated": stamp(i, 5), "projectId": StubProjectID,
			"displayName": fmt.Sprintf("Folder %d", i+1), "displayOrder": i, "externalId": nil,
			"numberOfFlows": 3 + i, "platformId": nil,
		}
	}
	return mustJSON(map[string]any{"data": folders, "next": nil, "previous": nil})
}

// ActivepiecesProjectsPage is GET /v1/projects for a key that sees one project.
func ActivepiecesProjectsPage() []byte {
	return mustJSON(map[string]any{"data": []any{map[string]any{
		"id": StubProjectID, "created": stamp(0, 0), "updated": stamp(0, 0), "displayName": "Default project",
		"ownerId": apID("uSer", 1), "platformId": apID("pLat", 1), "externalId": nil, "releasesEnabled": false, "metadata": nil,
	}}, "next": nil, "previous": nil})
}

func activepiecesFlow(i int) map[string]any {
	id, versionID := apID("fL0w", i), apID("vErs", i)
	enabled := i%3 != 2
	var folder, published, source any
	if i%2 == 0 {
		folder = apID("fOld", i%3)
	}
	if enabled {
		published = versionID
		source = map[string]any{"type": "WEBHOOK", "pieceName": "@activepieces/piece-webhook", "schedule": nil, "simulate": false}
	}
	status := "ENABLED"
	if !enabled {
		status = "DISABLED"
	}
	return map[string]any{
		"id": id, "created": stamp(i, 0), "updated": stamp(i, 36), "projectId": StubProjectID, "externalId": id,
		"ownerId": nil, "folderId": folder, "status": status, "publishedVersionId": published, "metadata": nil,
		"operationStatus": "NONE", "timeSavedPerRun": nil, "templateId": nil, "triggerSource": source,
		// Fields newer servers send that the bridge's models leave out.
		"isInternal": false, "lastRunAt": stamp(i, 90), "agentIds": []any{},
		"version": map[string]any{
			"id": versionID, "created": stamp(i, 0), "updated": stamp(i, 36), "flowId": id,
			"displayName": fmt.Sprintf("Order intake %d", i+1), "trigger": activepiecesTrigger(i, 3+i%4),
			"updatedBy": nil, "valid": true, "schemaVersion": "7", "agentIds": []any{},
			"connectionIds": []any{"cOnN3ct10nAbCdEfGhIj1"}, "state": "LOCKED", "backupFiles": nil, "notes": []any{},
		},
	}
}

// activepiecesTrigger is a webhook trigger followed by steps steps.
func activepiecesTrigger(i, steps int) map[string]any {
	var next any
	for s := steps; s >= 1; s-- {
		next = activepiecesStep(i, s, next)
	}
	return map[string]any{
		"name": "trigger", "valid": true, "displayName": "Catch Webhook", "type": "PIECE_TRIGGER", "lastUpdatedDate": stamp(i, 36),
		"settings": map[string]any{
			"pieceName": "@activepieces/piece-webhook", "pieceVersion": "~0.1.24", "triggerName": "catch_webhook",
			"input": map[string]any{"authType": "none", "authFields": map[string]any{}}, "propertySettings": map[string]any{},
			"sampleData":  map[string]any{"body": map[string]any{"order": map[string]any{"total": 120, "items": []any{}}}},
			"inputUiInfo": map[string]any{"customizedInputs": map[string]any{}}, "packageType": "REGISTRY",
		},
		"nextAction": next,
	}
}

// activepiecesStep is step s of flow i, cycling through the step kinds.
func activepiecesStep(i, s int, next any) map[string]any {
	name := fmt.Sprintf("step_%d", s)
	step := map[string]any{"name": name, "valid": true, "skip": false, "lastUpdatedDate": stamp(i, 36), "nextAction": next}
	errs := map[string]any{"continueOnFailure": map[string]any{"value": false}, "retryOnFailure": map[string]any{"value": s%2 == 0}}
	switch (i + s) % 4 {
	case 0:
		step["type"], step["displayName"] = "CODE", "Normalize order"
		step["settings"] = map[string]any{
			"sourceCode":           map[string]any{"code": "export const code = async (inputs) => ({ items: inputs.order.items, total: inputs.order.total });", "packageJson": "{}"},
			"input":                map[string]any{"order": "{{trigger.body.order}}"},
			"errorHandlingOptions": errs,
		}
	case 1:
		step["type"], step["displayName"] = "PIECE", "Send to Slack"
		step["settings"] = map[string]any{
			"pieceName": "@activepieces/piece-slack", "pieceVersion": "0.9.2", "actionName": "send_channel_message",
			"input":                map[string]any{"channel": "C024BE91L", "text": "New order {{trigger.body.order.id}}", "auth": "{{connections['slack-main']}}", "threadTs": nil},
			"propertySettings":     map[string]any{"channel": map[string]any{"type": "DYNAMIC"}, "text": map[string]any{"type": "MANUAL"}},
			"errorHandlingOptions": errs, "packageType": "REGISTRY", "pieceType": "OFFICIAL",
		}
	case 2:
		step["type"], step["displayName"] = "LOOP_ON_ITEMS", "For each item"
		step["settings"] = map[string]any{"items": "{{trigger.body.order.items}}", "inputUiInfo": map[string]any{}}
		step["firstLoopAction"] = map[string]any{
			"name": fmt.Sprintf("step_%d", 10+s), "displayName": "Call inventory", "type": "PIECE", "valid": true, "skip": false,
			"settings": map[string]any{
				"pieceName": "@activepieces/piece-http", "pieceVersion": "0.5.3", "actionName": "send_request",
				"input": map[string]any{"method": "POST", "url": "https://inventory.example/reserve", "headers": map[string]any{},
					"body_type": "json", "body": map[string]any{"data": map[string]any{"sku": "{{" + name + ".item.sku}}"}}, "failsafe": nil},
				"propertySettings": map[string]any{}, "errorHandlingOptions": nil,
			},
			"nextAction": nil,
		}
	default:
		step["type"], step["displayName"] = "ROUTER", "Route by total"
		step["settings"] = map[string]any{
			"executionType": "EXECUTE_FIRST_MATCH",
			"branches": []any{
				map[string]any{"branchType": "CONDITION", "branchName": "Large order", "conditions": []any{[]any{
					map[string]any{"firstValue": "{{trigger.body.order.total}}", "secondValue": "100", "operator": "NUMBER_IS_GREATER_THAN", "caseSensitive": false},
				}}},
				map[string]any{"branchType": "FALLBACK", "branchName": "Otherwise"},
			},
		}
		step["children"] = []any{map[string]any{
			"name": fmt.Sprintf("step_%d", 20+s), "displayName": "Return Response", "type": "PIECE", "valid": true,
			"settings": map[string]any{"pieceName": "@activepieces/piece-webhook", "pieceVersion": "~0.1.24", "actionName": "return_response",
				"input": map[string]any{"responseType": "json", "respond": "stop", "fields": map[string]any{"status": 200, "body": map[string]any{"ok": true}}}, "propertySettings": map[string]any{}},
			"nextAction": nil,
		}, nil}
	}
	return step
}

// N8nWorkflowsPage is n8n's GET /api/v1/workflows answering with n workflows of
// 4 to 7 nodes each.
func N8nWorkflowsPage(n int) []byte {
	workflows := make([]any, n)
	for i := range workflows {
		workflows[i] = n8nWorkflow(i)
	}
	return mustJSON(map[string]any{"data": workflows, "nextCursor": nil})
}

func n8nWorkflow(i int) map[string]any {
	kinds := []struct{ name, typ string }{
		{"Set order fields", "n8n-nodes-base.set"},
		{"Is large order?", "n8n-nodes-base.if"},
		{"Reserve stock", "n8n-nodes-base.httpRequest"},
		{"Notify Slack", "n8n-nodes-base.slack"},
		{"Shape response", "n8n-nodes-base.code"},
		{"Respond to Webhook", "n8n-nodes-base.respondToWebhook"},
	}
	nodes := []any{map[string]any{
		"parameters": map[string]any{"httpMethod": "POST", "path": fmt.Sprintf("orders-%d", i), "responseMode": "responseNode", "options": map[string]any{}},
		"id":         fmt.Sprintf("0f5532f9-36ba-4bef-86c7-30d607400b%02d", i), "name": "Webhook", "type": "n8n-nodes-base.webhook",
		"typeVersion": 2, "position": []any{0, 0}, "webhookId": fmt.Sprintf("5c6a1b2e-8f1e-4f7e-9d2a-%012d", i),
	}}
	connections := map[string]any{}
	prev := "Webhook"
	for k := range 3 + i%4 {
		kind := kinds[(i+k)%len(kinds)]
		name := fmt.Sprintf("%s %d", kind.name, k+1)
		node := map[string]any{
			"parameters": map[string]any{"options": map[string]any{}, "assignments": map[string]any{"assignments": []any{
				map[string]any{"id": "a1", "name": "total", "value": "={{ $json.body.order.total }}", "type": "number"},
			}}},
			"id": fmt.Sprintf("9a8b7c6d-%04d-4e5f-8a9b-%012d", k, i), "name": name, "type": kind.typ,
			"typeVersion": 3.4, "position": []any{220 * (k + 1), 0}, "credentials": nil, "notesInFlow": false,
		}
		if kind.typ == "n8n-nodes-base.slack" {
			node["credentials"] = map[string]any{"slackApi": map[string]any{"id": "Jx3Y2", "name": "Slack account"}}
		}
		nodes = append(nodes, node)
		connections[prev] = map[string]any{"main": []any{[]any{map[string]any{"node": name, "type": "main", "index": 0}}}}
		prev = name
	}
	var meta any
	if i%2 == 0 {
		meta = map[string]any{"templateCredsSetupCompleted": true, "instanceId": "b6e7d1f0c3a2"}
	}
	tags := []any{}
	if i%3 == 0 {
		tags = append(tags, map[string]any{"id": "tG1", "name": "orders", "createdAt": stamp(0, 0), "updatedAt": stamp(0, 0)})
	}
	return map[string]any{
		"id": fmt.Sprintf("wF%014d", i), "name": fmt.Sprintf("Order intake %d", i+1), "active": i%3 != 2, "isArchived": false,
		"createdAt": stamp(i, 0), "updatedAt": stamp(i, 36), "nodes": nodes, "connections": connections,
		"settings":   map[string]any{"executionOrder": "v1", "saveManualExecutions": true, "callerPolicy": "workflowsFromSameOwner", "errorWorkflow": nil},
		"staticData": nil, "meta": meta, "pinData": map[string]any{}, "versionId": fmt.Sprintf("3d5e7f90-1a2b-4c3d-8e9f-%012d", i),
		"triggerCount": 1, "tags": tags, "shared": []any{map[string]any{"role": "workflow:owner", "projectId": "Pq7rS8tU9vW0xY1z"}},
	}
}
