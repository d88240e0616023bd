package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// SystemFolders are the folders every iMBRACE project starts with.
var SystemFolders = []string{"Channel Workflow", "Board Automation", "AI Agent Capabilities", "Others"}

// SeededWebhookVersion is the version of the webhook piece the seeded flow uses.
const SeededWebhookVersion = "0.1.29"

// EchoFlowName is the display name of the seeded flow that answers its sync
// webhook with the request body.
const EchoFlowName = "Echo webhook"

// Seed fills an empty store with a project, the system folders, the echo flow,
// the sample Customers table and sample channel automations, and returns the
// default project's id. It runs in one immediate transaction, so two engines
// opening one file seed it once.
func (s *Store) Seed(ctx context.Context) (string, error) {
	var projectID string
	err := s.Update(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM docs WHERE kind = ? ORDER BY seq LIMIT 1`, KindProject).Scan(&projectID)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		now := time.Now()
		ts := ISOTime(now)
		p := Project{Base: workflows.Base{ID: NewID(), Created: ts, Updated: ts}, DisplayName: "Sandbox Project",
			OwnerID: NewID(), PlatformID: PlatformID}
		projectID = p.ID
		if err := PutDoc(ctx, tx, DocRef{Kind: KindProject, ID: p.ID, Created: ts}, p); err != nil {
			return err
		}
		var others *workflows.Folder
		for _, name := range SystemFolders {
			if others, _, err = UpsertFolder(ctx, tx, p.ID, name); err != nil {
				return err
			}
		}
		if err := SaveFlow(ctx, tx, echoFlow(p.ID, &others.ID, now)); err != nil {
			return err
		}
		if err := seedSampleTable(ctx, tx, p.ID, now); err != nil {
			return err
		}
		return seedChannelAutomations(ctx, tx)
	})
	return projectID, err
}

// echoFlow is a published flow whose sync webhook answers with the request body.
func echoFlow(projectID string, folderID *string, now time.Time) *workflows.Flow {
	flow := NewFlow(projectID, EchoFlowName, folderID, nil, now)
	trigger := workflows.WebhookTrigger(SeededWebhookVersion)
	v := flow.Version
	v.Trigger = workflows.Trigger{
		Name: trigger.Name, DisplayName: trigger.DisplayName, Valid: true, Type: trigger.Type, Settings: trigger.Settings,
		Extra: LastUpdated(v.Created),
		NextAction: &workflows.Action{
			Name: "step_1", DisplayName: "Return Response", Valid: true, Type: workflows.ActionPiece, Extra: LastUpdated(v.Created),
			Settings: workflows.Settings{
				PieceName:    workflows.WebhookPieceName,
				PieceVersion: SeededWebhookVersion,
				ActionName:   "return_response",
				Input: map[string]any{
					"responseType": "json",
					"fields":       map[string]any{"status": 200, "headers": map[string]any{}, "body": "{{trigger.body}}"},
					"respond":      "stop",
				},
				PropertySettings: map[string]workflows.PropertySetting{
					"responseType": {Type: workflows.PropertyManual},
					"fields":       {Type: workflows.PropertyManual},
					"respond":      {Type: workflows.PropertyManual},
				},
			},
		},
	}
	v.Valid = true
	v.State = workflows.VersionLocked
	flow.Status = workflows.FlowEnabled
	flow.PublishedVersionID = &v.ID
	return flow
}

// seedChannelAutomations stores sample iMBRACE channel automations.
func seedChannelAutomations(ctx context.Context, q Querier) error {
	samples := []struct {
		channelType, name string
		active            bool
		tags              []string
	}{
		{"whatsapp", "WhatsApp welcome message", true, []string{"welcome", "whatsapp"}},
		{"web", "Website chat triage", true, []string{"triage"}},
		{"email", "Email auto-acknowledge", false, []string{"email"}},
	}
	for _, s := range samples {
		tags := make([]workflows.ChannelTag, 0, len(s.tags))
		for _, t := range s.tags {
			tags = append(tags, workflows.ChannelTag{ID: NewID(), Name: t})
		}
		ca := workflows.ChannelAutomation{ID: NewID(), Name: new(s.name), Active: new(s.active), Tags: tags,
			Extra: workflows.Extra{"channelType": json.RawMessage(`"` + s.channelType + `"`)}}
		wire, err := json.Marshal(ca)
		if err != nil {
			return err
		}
		if err := PutDoc(ctx, q, DocRef{Kind: KindChannel, ID: ca.ID}, ChannelAutomation{ChannelType: s.channelType, Wire: wire}); err != nil {
			return err
		}
	}
	return nil
}
