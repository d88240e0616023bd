package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// FlowRef is where a flow sits in the store.
func FlowRef(f *workflows.Flow) DocRef {
	return DocRef{Kind: KindFlow, ID: f.ID, ProjectID: f.ProjectID, Created: f.Created}
}

// VersionRef is where a flow version sits in the store.
func VersionRef(projectID string, v *workflows.FlowVersion) DocRef {
	return DocRef{Kind: KindVersion, ID: v.ID, ProjectID: projectID, ParentID: v.FlowID, Created: v.Created}
}

// RunRef is where a flow run sits in the store: under its flow.
func RunRef(run *workflows.FlowRun) DocRef {
	return DocRef{Kind: KindRun, ID: run.ID, ProjectID: run.ProjectID, ParentID: run.FlowID, Created: run.Created}
}

// SaveFlow stores a flow without its version, and the version when it has one.
func SaveFlow(ctx context.Context, q Querier, f *workflows.Flow) error {
	bare := *f
	bare.Version = nil
	if err := PutDoc(ctx, q, FlowRef(&bare), &bare); err != nil {
		return err
	}
	if f.Version == nil {
		return nil
	}
	if f.Version.FlowID == "" {
		f.Version.FlowID = f.ID
	}
	return PutDoc(ctx, q, VersionRef(f.ProjectID, f.Version), f.Version)
}

// LoadFlow returns a flow with its latest version, or a 404.
func LoadFlow(ctx context.Context, q Querier, id string) (*workflows.Flow, error) {
	f, err := FindDoc[workflows.Flow](ctx, q, KindFlow, id)
	if err != nil {
		return nil, err
	}
	if f.Version, err = LatestChild[workflows.FlowVersion](ctx, q, KindVersion, id); err != nil {
		return nil, err
	}
	return f, nil
}

// NewFlow builds a disabled flow with one draft version and an empty trigger.
func NewFlow(projectID, displayName string, folderID *string, metadata json.RawMessage, now time.Time) *workflows.Flow {
	ts := ISOTime(now)
	id := NewID()
	return &workflows.Flow{
		Base:            workflows.Base{ID: id, Created: ts, Updated: ts},
		ProjectID:       projectID,
		ExternalID:      id,
		FolderID:        folderID,
		Status:          workflows.FlowDisabled,
		Metadata:        metadata,
		OperationStatus: "NONE",
		Version: &workflows.FlowVersion{
			Base:        workflows.Base{ID: NewID(), Created: ts, Updated: ts},
			FlowID:      id,
			DisplayName: displayName,
			Trigger: workflows.Trigger{
				Name: "trigger", DisplayName: "Select Trigger", Type: workflows.TriggerEmpty,
				Settings: workflows.Settings{}, Extra: LastUpdated(ts),
			},
			SchemaVersion: new("1"),
			AgentIDs:      []string{},
			ConnectionIDs: []string{},
			State:         workflows.VersionDraft,
			Notes:         json.RawMessage("[]"),
		},
	}
}

// LastUpdated is the lastUpdatedDate member Activepieces' schemas require on a
// trigger and every step; the client models keep it among their Extra members.
func LastUpdated(ts string) workflows.Extra {
	stamp, _ := json.Marshal(ts)
	return workflows.Extra{"lastUpdatedDate": stamp}
}
