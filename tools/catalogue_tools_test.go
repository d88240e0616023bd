package tools

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/workflows-mcp/mcp-bridge/client"
)

func TestPieceTools(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var list listPiecesOutput
	h.ok("list_pieces", `{}`, &list)
	found := false
	for _, p := range list.Pieces {
		found = found || (p.Name == "@activepieces/piece-webhook" && p.Actions == 1 && p.Triggers == 1)
	}
	if !found {
		t.Fatalf("list_pieces = %+v, want the webhook piece", list.Pieces)
	}
	var one listPiecesOutput
	h.ok("list_pieces", `{"limit":1}`, &one)
	if len(one.Pieces) != 1 || !one.HasMore {
		t.Errorf("list_pieces limit=1 = %+v", one)
	}
	var p pieceOut
	h.ok("get_piece", `{"pieceName":"@activepieces/piece-webhook"}`, &p)
	if len(p.Actions) != 1 || p.Actions[0].Name != "return_response" || len(p.Actions[0].Props) != 0 ||
		len(p.Triggers) != 1 || p.Triggers[0].Name != "catch_webhook" {
		t.Errorf("get_piece summary = %+v", p)
	}
	h.ok("get_piece", `{"pieceName":"@activepieces/piece-webhook","detail":"full"}`, &p)
	if len(p.Actions[0].Props) == 0 {
		t.Errorf("get_piece full has no props: %+v", p.Actions[0])
	}
	h.fails("get_piece", `{"pieceName":"@activepieces/piece-nope"}`, "404", "list_pieces lists piece names")

	h.rejects("list_pieces", `{"limit":"ten"}`, `invalid argument limit: expected an integer from 1 to 100, got "ten"`)
	h.rejects("get_piece", `{"name":"x"}`, "missing required argument pieceName: expected a string (e.g. @activepieces/piece-http); unknown argument name: expected one of pieceName, version, detail")
}

func TestTriggerTools(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	id := h.echoFlowID()
	var trig triggerOutput
	h.ok("trigger_flow", `{"flowId":"`+id+`"}`, &trig)
	h.ok("wait_for_run", `{"runId":"`+trig.RunID+`"}`, nil) // counts are per ended run
	var status triggerStatusOutput
	h.ok("get_trigger_run_status", `{"detail":"full"}`, &status)
	if len(status.Pieces) == 0 || status.Pieces[0].TotalRuns != 1 || status.Pieces[0].Success != 1 || len(status.Pieces[0].Days) != 1 {
		t.Errorf("get_trigger_run_status after a run = %+v", status)
	}
	var tested testTriggerOutput
	h.ok("test_trigger", `{"flowId":"`+id+`"}`, &tested)
	if tested.FlowVersionID == "" || tested.Result == nil {
		t.Errorf("test_trigger = %+v", tested)
	}
	h.rejects("test_trigger", `{"flowId":"`+id+`","testStrategy":"LIVE"}`, `invalid argument testStrategy: expected one of SIMULATION, TEST_FUNCTION, got "LIVE"`)
	h.rejects("get_trigger_run_status", `{"detail":true}`, "invalid argument detail: expected one of summary, full, got true")
}

func TestTableTools(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	table := h.seed("/v1/tables", `{"name":"Leads"}`)
	tableID := table["id"].(string)
	field := h.seed("/v1/fields", `{"name":"email","type":"TEXT","tableId":"`+tableID+`"}`)
	var rows []any
	h.seedInto("/v1/records", `{"tableId":"`+tableID+`","records":[[{"fieldId":"`+field["id"].(string)+`","value":"a@example.com"}]]}`, &rows)

	var list listTablesOutput
	h.ok("list_tables", `{}`, &list)
	// A new sandbox is seeded with the Customers table.
	if len(list.Tables) != 2 || list.Tables[0].Name != "Customers" || list.Tables[1].Name != "Leads" {
		t.Fatalf("list_tables = %+v", list.Tables)
	}
	var got tableDetail
	h.ok("get_table", `{"tableId":"`+tableID+`","detail":"full"}`, &got)
	if got.Name != "Leads" || got.ProjectID == "" {
		t.Errorf("get_table = %+v", got)
	}
	var records listRecordsOutput
	h.ok("list_records", `{"tableId":"`+tableID+`"}`, &records)
	if len(records.Records) != 1 || records.Records[0].Cells["email"] != "a@example.com" {
		t.Errorf("list_records = %+v", records.Records)
	}
	h.rejects("list_records", `{}`, "missing required argument tableId: expected an id of 21 letters and digits (Table id)")
	h.rejects("get_table", `{"tableId":"`+tableID+`","detail":"raw"}`, `invalid argument detail: expected one of summary, full, got "raw"`)
	h.rejects("list_tables", `{"limit":101}`, "invalid argument limit: expected an integer from 1 to 100, got 101")
	h.fails("get_table", `{"tableId":"`+unknownID+`"}`, "404", "list_tables lists table ids")
}

func TestMcpServerTools(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var created mcpServerOut
	h.ok("create_mcp_server", `{"name":"agents"}`, &created)
	if created.ID == "" || created.Token == "" {
		t.Fatalf("create_mcp_server = %+v, want an id and a token", created)
	}
	var list listMcpServersOutput
	h.ok("list_mcp_servers", `{}`, &list)
	if len(list.Servers) != 1 || list.Servers[0].Token != "" {
		t.Errorf("list_mcp_servers = %+v, want one server without its token", list.Servers)
	}
	var summary, full mcpServerOut
	h.ok("get_mcp_server", `{"mcpServerId":"`+created.ID+`"}`, &summary)
	h.ok("get_mcp_server", `{"mcpServerId":"`+created.ID+`","detail":"full"}`, &full)
	if summary.Token != "" || full.Token != created.Token {
		t.Errorf("get_mcp_server token: summary %q, full %q, want none and %q", summary.Token, full.Token, created.Token)
	}
	var rotated mcpServerOut
	h.ok("rotate_mcp_token", `{"mcpServerId":"`+created.ID+`"}`, &rotated)
	if rotated.Token == "" || rotated.Token == created.Token {
		t.Errorf("rotate_mcp_token gave %q after %q", rotated.Token, created.Token)
	}
	var gone deleted
	h.ok("delete_mcp_server", `{"mcpServerId":"`+created.ID+`"}`, &gone)
	h.fails("get_mcp_server", `{"mcpServerId":"`+created.ID+`"}`, "404", "list_mcp_servers lists MCP server ids")

	h.rejects("create_mcp_server", `{"name":3}`, "invalid argument name: expected a string (Server name), got 3")
	h.rejects("rotate_mcp_token", `{}`, "missing required argument mcpServerId: expected an id of 21 letters and digits (MCP server id)")
	h.rejects("delete_mcp_server", `{"mcpServerId":"short"}`, `invalid argument mcpServerId: expected an id of 21 letters and digits (MCP server id), got "short"`)
	h.rejects("list_mcp_servers", `{"limit":-1}`, "invalid argument limit: expected an integer from 1 to 100, got -1")
	h.rejects("get_mcp_server", `{"mcpServerId":"`+created.ID+`","detail":"token"}`, `invalid argument detail: expected one of summary, full, got "token"`)
}

func TestInvitationTools(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var flows listFlowsOutput
	h.ok("list_flows", `{}`, &flows)
	var flow flowDetail
	h.ok("get_flow", `{"flowId":"`+flows.Flows[0].ID+`"}`, &flow)
	inv := h.seed("/v1/user-invitations", `{"email":"ann@example.com","type":"PROJECT","projectId":"`+flow.ProjectID+`","projectRole":"EDITOR"}`)
	var list listInvitationsOutput
	h.ok("list_invitations", `{"type":"PROJECT"}`, &list)
	if len(list.Invitations) != 1 || list.Invitations[0].Email != "ann@example.com" || list.Invitations[0].Status != "PENDING" {
		t.Fatalf("list_invitations = %+v", list.Invitations)
	}
	var gone deleted
	h.ok("delete_invitation", `{"invitationId":"`+inv["id"].(string)+`"}`, &gone)
	h.ok("list_invitations", `{"type":"PROJECT"}`, &list)
	if len(list.Invitations) != 0 {
		t.Errorf("after delete_invitation: %+v", list.Invitations)
	}
	h.rejects("list_invitations", `{}`, "missing required argument type: expected one of PLATFORM, PROJECT (Platform or project invitations)")
	h.rejects("delete_invitation", `{"invitationId":null}`, "missing required argument invitationId: expected an id of 21 letters and digits (Invitation id)")
}

func TestChannelTools(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var all, whatsapp listChannelAutomationsOutput
	h.ok("list_channel_automations", `{}`, &all)
	h.ok("list_channel_automations", `{"channelType":"whatsapp"}`, &whatsapp)
	if len(all.Automations) != 3 || len(whatsapp.Automations) != 1 || whatsapp.Automations[0].Name != "WhatsApp welcome message" {
		t.Fatalf("list_channel_automations: all %+v, whatsapp %+v", all.Automations, whatsapp.Automations)
	}
	h.rejects("list_channel_automations", `{"channel":"whatsapp"}`, "unknown argument channel: expected one of channelType")

	ap := newHarness(t, harnessConfig{cfg: client.Config{Layout: client.LayoutActivepieces}})
	before := ap.sent.n.Load()
	text := ap.fails("list_channel_automations", `{}`, "not available on the activepieces backend")
	if !strings.Contains(text, "use the imbrace backend") || ap.sent.n.Load() != before {
		t.Errorf("channels on activepieces: %q, %d request(s)", text, ap.sent.n.Load()-before)
	}
}

func TestListPiecesFindsActionsByName(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var found listPiecesOutput
	h.ok("list_pieces", `{"searchQuery":"return response"}`, &found)
	// The HTTP piece's description ("…and return responses") matches too; the
	// webhook piece must be there with the action that matched.
	if webhook := pieceNamed(found.Pieces, "@activepieces/piece-webhook"); webhook == nil ||
		len(webhook.Matches) != 1 || webhook.Matches[0] != "action return_response (Return Response)" {
		t.Fatalf("searchQuery \"return response\" = %+v, want the webhook piece's return_response", found.Pieces)
	}
	h.ok("list_pieces", `{"searchQuery":"DELAY_FOR"}`, &found)
	if len(found.Pieces) != 1 || found.Pieces[0].Name != "@activepieces/piece-delay" {
		t.Errorf("searchQuery DELAY_FOR = %+v", found.Pieces)
	}
	h.ok("list_pieces", `{"searchQuery":"no such thing anywhere"}`, &found)
	if len(found.Pieces) != 0 || found.HasMore {
		t.Errorf("a query matching nothing = %+v", found)
	}
}

func TestGetPieceSummaryListsRequiredInputsWithTypes(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var p pieceOut
	h.ok("get_piece", `{"pieceName":"@activepieces/piece-delay"}`, &p)
	var delayFor componentOut
	for _, a := range p.Actions {
		if a.Name == "delayFor" {
			delayFor = a
		}
	}
	if delayFor.Required != "delayFor (Amount, NUMBER)" || delayFor.Optional != "unit (default seconds)" {
		t.Errorf("delayFor inputs: required %q, optional %q", delayFor.Required, delayFor.Optional)
	}
	if !strings.Contains(p.Use, `"pieceName":"@activepieces/piece-delay"`) {
		t.Errorf("use = %q", p.Use)
	}
}

func pieceNamed(pieces []pieceSummaryOut, name string) *pieceSummaryOut {
	for i := range pieces {
		if pieces[i].Name == name {
			return &pieces[i]
		}
	}
	return nil
}

// TestListPiecesSaysWhatTheSandboxRuns: on the built-in sandbox the list says
// it is all the sandbox runs; a real engine's list carries no such note.
func TestListPiecesSaysWhatTheSandboxRuns(t *testing.T) {
	var found listPiecesOutput
	newHarness(t, harnessConfig{}).ok("list_pieces", `{}`, &found)
	if found.Note != sandboxNote {
		t.Errorf("list_pieces on the sandbox: note %q", found.Note)
	}
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`[{"name":"@activepieces/piece-slack","displayName":"Slack","version":"0.1.0"}]`))
	}))
	defer upstream.Close()
	c, err := client.New(client.Config{GatewayURL: upstream.URL, APIKey: "real-key-0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ListPieces(c).Handler(context.Background(), mcp.CallToolRequest{})
	if err != nil || res.IsError {
		t.Fatalf("list_pieces on a real engine: %v %v", err, res)
	}
	if text := resultText(res); strings.Contains(text, "sandbox") {
		t.Errorf("list_pieces on a real engine mentions the sandbox: %s", text)
	}
}
