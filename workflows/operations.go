package workflows

import (
	"bytes"
	"encoding/json"
)

// FlowOperationType names a flow operation (POST /v1/flows/{id} with {type, request}).
type FlowOperationType string

// Flow operation types the client builds typed requests for. Others can be sent with RawOperation.
const (
	OpUpdateTrigger   FlowOperationType = "UPDATE_TRIGGER"
	OpAddAction       FlowOperationType = "ADD_ACTION"
	OpUpdateAction    FlowOperationType = "UPDATE_ACTION"
	OpDeleteAction    FlowOperationType = "DELETE_ACTION"
	OpDuplicateAction FlowOperationType = "DUPLICATE_ACTION"
	OpMoveAction      FlowOperationType = "MOVE_ACTION"
	OpSetSkipAction   FlowOperationType = "SET_SKIP_ACTION"
	OpChangeName      FlowOperationType = "CHANGE_NAME"
	OpChangeFolder    FlowOperationType = "CHANGE_FOLDER"
	OpUpdateMetadata  FlowOperationType = "UPDATE_METADATA"
	OpLockAndPublish  FlowOperationType = "LOCK_AND_PUBLISH"
	OpChangeStatus    FlowOperationType = "CHANGE_STATUS"
	OpUseAsDraft      FlowOperationType = "USE_AS_DRAFT"
	OpImportFlow      FlowOperationType = "IMPORT_FLOW"
)

// StepLocation says where ADD_ACTION and MOVE_ACTION put a step relative to its parent.
type StepLocation string

// Step locations.
const (
	LocationAfter           StepLocation = "AFTER"
	LocationInsideLoop      StepLocation = "INSIDE_LOOP"
	LocationInsideBranch    StepLocation = "INSIDE_BRANCH"
	LocationInsideOnSuccess StepLocation = "INSIDE_ON_SUCCESS_BRANCH"
	LocationInsideOnFailure StepLocation = "INSIDE_ON_FAILURE_BRANCH"
)

// FlowOperation is a request body for ApplyFlowOperation.
type FlowOperation struct {
	Type    FlowOperationType `json:"type"`
	Request any               `json:"request"`
}

// UpdateTriggerRequest replaces a flow's trigger (its NextAction is kept by the server).
type UpdateTriggerRequest struct {
	Name        string      `json:"name"`
	DisplayName string      `json:"displayName"`
	Valid       bool        `json:"valid"`
	Type        TriggerType `json:"type"`
	Settings    Settings    `json:"settings"`
}

// AddActionRequest adds Action after, or inside, ParentStep.
type AddActionRequest struct {
	ParentStep                   string       `json:"parentStep"`
	StepLocationRelativeToParent StepLocation `json:"stepLocationRelativeToParent,omitempty"`
	BranchIndex                  *int         `json:"branchIndex,omitempty"`
	Action                       NewAction    `json:"action"`
}

// NewAction is a step as ADD_ACTION and UPDATE_ACTION take it (without children).
type NewAction struct {
	Name        string     `json:"name"`
	DisplayName string     `json:"displayName"`
	Type        ActionType `json:"type"`
	Valid       bool       `json:"valid"`
	Skip        bool       `json:"skip"`
	Settings    Settings   `json:"settings"`
}

// DeleteActionRequest deletes the named steps.
type DeleteActionRequest struct {
	Names []string `json:"names"`
}

// DuplicateActionRequest duplicates a step after itself.
type DuplicateActionRequest struct {
	StepName string `json:"stepName"`
}

// MoveActionRequest moves a step after, or inside, NewParentStep.
type MoveActionRequest struct {
	Name                         string       `json:"name"`
	NewParentStep                string       `json:"newParentStep"`
	StepLocationRelativeToParent StepLocation `json:"stepLocationRelativeToParent,omitempty"`
	BranchIndex                  *int         `json:"branchIndex,omitempty"`
}

// SetSkipActionRequest marks steps as skipped or not.
type SetSkipActionRequest struct {
	Names []string `json:"names"`
	Skip  bool     `json:"skip"`
}

// ChangeNameRequest renames a flow.
type ChangeNameRequest struct {
	DisplayName string `json:"displayName"`
}

// ChangeFolderRequest moves a flow into a folder; a nil FolderID unfiles it.
type ChangeFolderRequest struct {
	FolderID *string `json:"folderId"`
}

// UpdateMetadataRequest replaces a flow's metadata.
type UpdateMetadataRequest struct {
	Metadata json.RawMessage `json:"metadata"`
}

// LockAndPublishRequest publishes the draft; Status defaults to ENABLED on the server.
type LockAndPublishRequest struct {
	Status FlowStatus `json:"status,omitempty"`
}

// ChangeStatusRequest enables or disables a published flow.
type ChangeStatusRequest struct {
	Status FlowStatus `json:"status"`
}

// UseAsDraftRequest makes a copy of an earlier version the draft.
type UseAsDraftRequest struct {
	VersionID string `json:"versionId"`
}

// ImportFlowRequest replaces the draft with a whole trigger and step graph.
type ImportFlowRequest struct {
	DisplayName   string          `json:"displayName"`
	Trigger       Trigger         `json:"trigger"`
	SchemaVersion *string         `json:"schemaVersion,omitempty"`
	Notes         json.RawMessage `json:"notes,omitempty"`
}

// UpdateTrigger builds an UPDATE_TRIGGER operation.
func UpdateTrigger(r UpdateTriggerRequest) FlowOperation { return FlowOperation{OpUpdateTrigger, r} }

// AddAction builds an ADD_ACTION operation.
func AddAction(r AddActionRequest) FlowOperation { return FlowOperation{OpAddAction, r} }

// UpdateAction builds an UPDATE_ACTION operation.
func UpdateAction(r NewAction) FlowOperation { return FlowOperation{OpUpdateAction, r} }

// DeleteAction builds a DELETE_ACTION operation.
func DeleteAction(names ...string) FlowOperation {
	return FlowOperation{OpDeleteAction, DeleteActionRequest{Names: names}}
}

// DuplicateAction builds a DUPLICATE_ACTION operation.
func DuplicateAction(stepName string) FlowOperation {
	return FlowOperation{OpDuplicateAction, DuplicateActionRequest{StepName: stepName}}
}

// MoveAction builds a MOVE_ACTION operation.
func MoveAction(r MoveActionRequest) FlowOperation { return FlowOperation{OpMoveAction, r} }

// SetSkipAction builds a SET_SKIP_ACTION operation.
func SetSkipAction(skip bool, names ...string) FlowOperation {
	return FlowOperation{OpSetSkipAction, SetSkipActionRequest{Names: names, Skip: skip}}
}

// ChangeName builds a CHANGE_NAME operation.
func ChangeName(displayName string) FlowOperation {
	return FlowOperation{OpChangeName, ChangeNameRequest{DisplayName: displayName}}
}

// ChangeFolder builds a CHANGE_FOLDER operation; nil unfiles the flow.
func ChangeFolder(folderID *string) FlowOperation {
	return FlowOperation{OpChangeFolder, ChangeFolderRequest{FolderID: folderID}}
}

// UpdateMetadata builds an UPDATE_METADATA operation.
func UpdateMetadata(metadata json.RawMessage) FlowOperation {
	return FlowOperation{OpUpdateMetadata, UpdateMetadataRequest{Metadata: metadata}}
}

// LockAndPublish builds a LOCK_AND_PUBLISH operation.
func LockAndPublish() FlowOperation { return FlowOperation{OpLockAndPublish, LockAndPublishRequest{}} }

// ChangeStatus builds a CHANGE_STATUS operation.
func ChangeStatus(status FlowStatus) FlowOperation {
	return FlowOperation{OpChangeStatus, ChangeStatusRequest{Status: status}}
}

// UseAsDraft builds a USE_AS_DRAFT operation.
func UseAsDraft(versionID string) FlowOperation {
	return FlowOperation{OpUseAsDraft, UseAsDraftRequest{VersionID: versionID}}
}

// ImportFlow builds an IMPORT_FLOW operation.
func ImportFlow(r ImportFlowRequest) FlowOperation { return FlowOperation{OpImportFlow, r} }

// RawOperation builds an operation of any type with a request given as JSON
// (an empty request is sent as {}).
func RawOperation(t FlowOperationType, request json.RawMessage) FlowOperation {
	if len(bytes.TrimSpace(request)) == 0 {
		request = json.RawMessage("{}")
	}
	return FlowOperation{t, request}
}

// WebhookPieceName is the piece whose trigger receives webhook calls.
const WebhookPieceName = "@activepieces/piece-webhook"

// WebhookTrigger returns the settings of the catch_webhook trigger at the given piece version.
func WebhookTrigger(pieceVersion string) UpdateTriggerRequest {
	return UpdateTriggerRequest{
		Name:        "trigger",
		DisplayName: "Catch Webhook",
		Valid:       true,
		Type:        TriggerPiece,
		Settings: Settings{
			PieceName:        WebhookPieceName,
			PieceVersion:     pieceVersion,
			TriggerName:      "catch_webhook",
			Input:            map[string]any{"authType": "none"},
			PropertySettings: map[string]PropertySetting{"authType": {Type: PropertyManual}},
		},
	}
}
