package engine

import (
	"encoding/json"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func opChangeName(env OpEnv, flow *workflows.Flow, req opRequest) error {
	name, err := req.str("displayName", true)
	if err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		v.DisplayName = name
		return nil
	})
}

// opChangeFolder files the flow into an existing folder; null unfiles it.
func opChangeFolder(env OpEnv, flow *workflows.Flow, req opRequest) error {
	if _, given := req.members["folderId"]; !given {
		return apierr.BadField("body", "request/folderId", "must be string or null")
	}
	var folderID *string
	if err := req.decode("folderId", false, &folderID, "must be string or null"); err != nil {
		return err
	}
	if folderID != nil {
		exists, err := env.FolderExists(*folderID)
		if err != nil {
			return err
		}
		if !exists {
			return apierr.NotFound("folder", *folderID)
		}
	}
	flow.FolderID = folderID
	return nil
}

func opUpdateMetadata(env OpEnv, flow *workflows.Flow, req opRequest) error {
	var metadata map[string]any
	if err := req.decode("metadata", false, &metadata, "must be object or null"); err != nil {
		return err
	}
	flow.Metadata = nil
	if req.present("metadata") {
		flow.Metadata = append(json.RawMessage(nil), req.members["metadata"]...)
	}
	return nil
}

// opLockAndPublish locks the draft, makes it the published version and sets
// the flow's status (ENABLED unless the request says otherwise). A version
// that is not valid cannot be published.
func opLockAndPublish(env OpEnv, flow *workflows.Flow, req opRequest) error {
	status, err := req.enum("status", false, string(workflows.FlowEnabled), string(workflows.FlowEnabled), string(workflows.FlowDisabled))
	if err != nil {
		return err
	}
	v := flow.Version
	if v == nil {
		return apierr.InvalidOperation("flow %s has no version to publish", flow.ID)
	}
	if v.State == workflows.VersionDraft {
		if err := checkRunnable(env.Catalogue, v); err != nil {
			return err
		}
		if err := recomputeValidity(env.Catalogue, v); err != nil {
			return err
		}
		if !v.Valid {
			return apierr.InvalidOperation("the flow cannot be published because it is not valid: %s", invalidParts(v))
		}
		if err := checkSchedule(v); err != nil {
			return err
		}
		v.State = workflows.VersionLocked
		v.Updated = opTimestamp(env)
		fillLastUpdated(v, v.Updated)
	}
	id := v.ID
	flow.PublishedVersionID = &id
	flow.Status = workflows.FlowStatus(status)
	return nil
}

// invalidParts names what keeps a version from being valid.
func invalidParts(v *workflows.FlowVersion) string {
	var parts []string
	if !v.Trigger.Valid {
		if v.Trigger.Type == workflows.TriggerEmpty {
			parts = append(parts, "the trigger is empty (set it with UPDATE_TRIGGER)")
		} else {
			parts = append(parts, "the trigger is not valid")
		}
	}
	for _, s := range workflows.WalkSteps(&v.Trigger) {
		if !s.Action.Valid {
			parts = append(parts, "step "+s.Action.Name+" ("+s.Action.DisplayName+") is not valid")
		}
	}
	return strings.Join(parts, "; ")
}

// opChangeStatus enables or disables the flow; only a published flow can be enabled.
func opChangeStatus(env OpEnv, flow *workflows.Flow, req opRequest) error {
	status, err := req.enum("status", true, "", string(workflows.FlowEnabled), string(workflows.FlowDisabled))
	if err != nil {
		return err
	}
	if status == string(workflows.FlowEnabled) && (flow.PublishedVersionID == nil || *flow.PublishedVersionID == "") {
		return apierr.InvalidOperation("flow %s has no published version; publish it with LOCK_AND_PUBLISH before enabling it", flow.ID)
	}
	flow.Status = workflows.FlowStatus(status)
	return nil
}

// opUseAsDraft makes a copy of one of the flow's versions its draft.
func opUseAsDraft(env OpEnv, flow *workflows.Flow, req opRequest) error {
	id, err := req.str("versionId", true)
	if err != nil {
		return err
	}
	source, err := env.Version(id)
	if err != nil {
		return err
	}
	if source == nil || source.FlowID != flow.ID {
		return apierr.NotFound("flow_version", id)
	}
	source, err = cloneVersion(source)
	if err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		v.DisplayName = source.DisplayName
		v.Trigger = source.Trigger
		v.SchemaVersion = source.SchemaVersion
		v.Notes = source.Notes
		return nil
	})
}

// opImportFlow replaces the draft's name and whole step graph.
func opImportFlow(env OpEnv, flow *workflows.Flow, req opRequest) error {
	name, err := req.str("displayName", true)
	if err != nil {
		return err
	}
	var trigger workflows.Trigger
	if err := req.decode("trigger", true, &trigger, "must be object"); err != nil {
		return err
	}
	var schemaVersion *string
	if err := req.decode("schemaVersion", false, &schemaVersion, "must be string or null"); err != nil {
		return err
	}
	var notes []json.RawMessage
	if err := req.decode("notes", false, &notes, "must be array"); err != nil {
		return err
	}
	if trigger.Name != "trigger" {
		return apierr.InvalidOperation("the trigger must be named \"trigger\", not %q", trigger.Name)
	}
	if trigger.Type != workflows.TriggerEmpty && trigger.Type != workflows.TriggerPiece {
		return apierr.BadField("body", "request/trigger/type", "must be equal to one of the allowed values: EMPTY, PIECE_TRIGGER")
	}
	if err := checkStructure(&trigger); err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		v.DisplayName = name
		v.Trigger = trigger
		v.SchemaVersion = schemaVersion
		if req.present("notes") {
			v.Notes = append(json.RawMessage(nil), req.members["notes"]...)
		}
		return nil
	})
}
