package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// flowOperationTypes are the operation types POST /v1/flows/{id} accepts (upstream-api §4).
var flowOperationTypes = []string{
	"UPDATE_TRIGGER", "ADD_ACTION", "UPDATE_ACTION", "DELETE_ACTION", "DUPLICATE_ACTION", "MOVE_ACTION",
	"SET_SKIP_ACTION", "ADD_BRANCH", "DELETE_BRANCH", "DUPLICATE_BRANCH", "MOVE_BRANCH", "CHANGE_NAME",
	"CHANGE_FOLDER", "UPDATE_METADATA", "UPDATE_MINUTES_SAVED", "UPDATE_OWNER", "LOCK_AND_PUBLISH", "LOCK_FLOW",
	"USE_AS_DRAFT", "CHANGE_STATUS", "IMPORT_FLOW", "SAVE_SAMPLE_DATA", "UPDATE_SAMPLE_DATA_INFO",
	"ADD_NOTE", "UPDATE_NOTE", "DELETE_NOTE",
}

// flowRef is where a flow sits in the store.
func flowRef(f *workflows.Flow) docRef {
	return docRef{Kind: kindFlow, ID: f.ID, ProjectID: f.ProjectID, Created: f.Created}
}

// versionRef is where a flow version sits in the store.
func versionRef(projectID string, v *workflows.FlowVersion) docRef {
	return docRef{Kind: kindVersion, ID: v.ID, ProjectID: projectID, ParentID: v.FlowID, Created: v.Created}
}

// saveFlow stores a flow without its version, and the version when it has one.
func saveFlow(ctx context.Context, q querier, f *workflows.Flow) error {
	bare := *f
	bare.Version = nil
	if err := putDoc(ctx, q, flowRef(&bare), &bare); err != nil {
		return err
	}
	if f.Version == nil {
		return nil
	}
	if f.Version.FlowID == "" {
		f.Version.FlowID = f.ID
	}
	return putDoc(ctx, q, versionRef(f.ProjectID, f.Version), f.Version)
}

// loadFlow returns a flow with its latest version, or a 404.
func loadFlow(ctx context.Context, q querier, id string) (*workflows.Flow, error) {
	f, err := findDoc[workflows.Flow](ctx, q, kindFlow, id)
	if err != nil {
		return nil, err
	}
	if f.Version, err = latestChild[workflows.FlowVersion](ctx, q, kindVersion, id); err != nil {
		return nil, err
	}
	return f, nil
}

func (e *Engine) listFlows(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	statuses, aerr := queryEnum(q, "status", string(workflows.FlowEnabled), string(workflows.FlowDisabled))
	if aerr != nil {
		return aerr
	}
	folderID, name := q.Get("folderId"), strings.ToLower(q.Get("name"))
	ctx := r.Context()
	flows, err := listDocs[workflows.Flow](ctx, e.store.db, kindFlow, scope{ProjectID: e.projectOf(q.Get("projectId"))})
	if err != nil {
		return err
	}
	for i := range flows {
		f := &flows[i].Value
		if f.Version, err = latestChild[workflows.FlowVersion](ctx, e.store.db, kindVersion, f.ID); err != nil {
			return err
		}
	}
	flows = filterItems(newestFirst(flows), func(f workflows.Flow) bool {
		switch {
		case folderID == "NULL" && f.FolderID != nil:
			return false
		case folderID != "" && folderID != "NULL" && (f.FolderID == nil || *f.FolderID != folderID):
			return false
		case len(statuses) > 0 && !slices.Contains(statuses, string(f.Status)):
			return false
		case name != "" && (f.Version == nil || !strings.Contains(strings.ToLower(f.Version.DisplayName), name)):
			return false
		}
		return true
	})
	writeJSON(w, http.StatusOK, seekPage(flows, page, true))
	return nil
}

func (e *Engine) getFlow(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	f, err := loadFlow(ctx, e.store.db, id)
	if err != nil {
		return err
	}
	if versionID := r.URL.Query().Get("versionId"); versionID != "" {
		if !validID(versionID) {
			return apierr.BadField("querystring", "versionId", "must be a 21-character id of letters and digits")
		}
		v, err := getDoc[workflows.FlowVersion](ctx, e.store.db, kindVersion, versionID)
		if err != nil {
			return err
		}
		if v == nil || v.FlowID != id {
			return apierr.NotFound("flow_version", versionID)
		}
		f.Version = v
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (e *Engine) createFlow(w http.ResponseWriter, r *http.Request) error {
	var displayName, projectID, folderID, folderName string
	body, aerr := readObject(w, r, requiredStr("displayName", &displayName), optionalStr("projectId", &projectID),
		optionalStr("folderId", &folderID), optionalStr("folderName", &folderName))
	if aerr != nil {
		return aerr
	}
	metadata := body.raw("metadata")
	if metadata != nil && !isJSONObject(metadata) {
		return body.bad("metadata", "must be object")
	}
	var flow *workflows.Flow
	ctx := r.Context()
	err := e.store.update(ctx, func(tx *sql.Tx) error {
		project, err := e.requireProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		var folder *string
		switch {
		case folderID != "":
			f, err := getDoc[workflows.Folder](ctx, tx, kindFolder, folderID)
			if err != nil {
				return err
			}
			if f == nil || f.ProjectID != project {
				return apierr.NotFound("folder", folderID)
			}
			folder = &f.ID
		case strings.TrimSpace(folderName) != "":
			f, _, err := e.upsertFolder(ctx, tx, project, folderName)
			if err != nil {
				return err
			}
			folder = &f.ID
		}
		flow = newFlow(project, displayName, folder, metadata, time.Now())
		return saveFlow(ctx, tx, flow)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, flow)
	return nil
}

// newFlow builds a disabled flow with one draft version and an empty trigger.
func newFlow(projectID, displayName string, folderID *string, metadata json.RawMessage, now time.Time) *workflows.Flow {
	ts := isoTime(now)
	id := newID()
	return &workflows.Flow{
		Base:            workflows.Base{ID: id, Created: ts, Updated: ts},
		ProjectID:       projectID,
		ExternalID:      id,
		FolderID:        folderID,
		Status:          workflows.FlowDisabled,
		Metadata:        metadata,
		OperationStatus: "NONE",
		Version: &workflows.FlowVersion{
			Base:        workflows.Base{ID: newID(), Created: ts, Updated: ts},
			FlowID:      id,
			DisplayName: displayName,
			Trigger: workflows.Trigger{
				Name: "trigger", DisplayName: "Select Trigger", Type: workflows.TriggerEmpty,
				Settings: workflows.Settings{}, Extra: lastUpdated(ts),
			},
			SchemaVersion: new("1"),
			AgentIDs:      []string{},
			ConnectionIDs: []string{},
			State:         workflows.VersionDraft,
			Notes:         json.RawMessage("[]"),
		},
	}
}

// deleteFlow deletes a flow with its versions, runs and trigger samples.
func (e *Engine) deleteFlow(w http.ResponseWriter, r *http.Request) error {
	return e.deleteByPathID(w, r, kindFlow, kindVersion, kindRun, kindRunOwner, kindTriggerEvent)
}

func (e *Engine) applyFlowOperation(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	body, aerr := readObject(w, r)
	if aerr != nil {
		return aerr
	}
	opType, aerr := body.enum("type", true, flowOperationTypes...)
	if aerr != nil {
		return aerr
	}
	request := body.raw("request")
	if request == nil {
		request = json.RawMessage("{}")
	} else if !isJSONObject(request) {
		return body.bad("request", "must be object")
	}
	ctx := r.Context()
	var flow *workflows.Flow
	err := e.store.update(ctx, func(tx *sql.Tx) error {
		var err error
		if flow, err = loadFlow(ctx, tx, id); err != nil {
			return err
		}
		if err := applyOperation(e.opEnv(ctx, tx, flow), flow, opType, request); err != nil {
			return err
		}
		if flow.Version == nil {
			return apierr.InvalidOperation("operation %s left the flow without a version", opType)
		}
		flow.Updated = isoTime(time.Now())
		return saveFlow(ctx, tx, flow)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, flow)
	return nil
}

// opEnv gives applyOperation access to the store inside the operation's transaction.
func (e *Engine) opEnv(ctx context.Context, tx *sql.Tx, flow *workflows.Flow) opEnv {
	flowID, projectID := flow.ID, flow.ProjectID
	return opEnv{
		NewID:     newID,
		Now:       time.Now,
		Catalogue: e.catalogue,
		Version: func(versionID string) (*workflows.FlowVersion, error) {
			v, err := getDoc[workflows.FlowVersion](ctx, tx, kindVersion, versionID)
			if err != nil || v == nil || v.FlowID != flowID {
				return nil, err
			}
			return v, nil
		},
		FolderExists: func(folderID string) (bool, error) {
			f, err := getDoc[workflows.Folder](ctx, tx, kindFolder, folderID)
			return f != nil && f.ProjectID == projectID, err
		},
	}
}

// lastUpdated is the lastUpdatedDate member Activepieces' schemas require on a
// trigger and every step; the client models keep it among their Extra members.
func lastUpdated(ts string) workflows.Extra {
	stamp, _ := json.Marshal(ts)
	return workflows.Extra{"lastUpdatedDate": stamp}
}

// isJSONObject reports whether raw is a JSON object.
func isJSONObject(raw json.RawMessage) bool {
	var m map[string]json.RawMessage
	return json.Unmarshal(raw, &m) == nil && m != nil
}
