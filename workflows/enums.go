// Closed sets of values the engine uses, as typed strings.

package workflows

// FlowStatus says whether a flow's published version answers its trigger.
type FlowStatus string

// Flow statuses.
const (
	FlowEnabled  FlowStatus = "ENABLED"
	FlowDisabled FlowStatus = "DISABLED"
)

// FlowOperationStatus says whether a long operation (deletion, enabling) is running on a flow.
type FlowOperationStatus string

// Flow operation statuses.
const (
	FlowOperationNone      FlowOperationStatus = "NONE"
	FlowOperationDeleting  FlowOperationStatus = "DELETING"
	FlowOperationEnabling  FlowOperationStatus = "ENABLING"
	FlowOperationDisabling FlowOperationStatus = "DISABLING"
)

// FlowVersionState says whether a flow version can still be edited.
type FlowVersionState string

// Flow version states.
const (
	VersionDraft  FlowVersionState = "DRAFT"
	VersionLocked FlowVersionState = "LOCKED"
)

// TriggerType is the kind of a flow's trigger.
type TriggerType string

// Trigger types.
const (
	TriggerEmpty TriggerType = "EMPTY"
	TriggerPiece TriggerType = "PIECE_TRIGGER"
)

// ActionType is the kind of a flow step.
type ActionType string

// Action types.
const (
	ActionCode   ActionType = "CODE"
	ActionPiece  ActionType = "PIECE"
	ActionLoop   ActionType = "LOOP_ON_ITEMS"
	ActionRouter ActionType = "ROUTER"
)

// RunStatus is the state of a flow run.
type RunStatus string

// Run statuses. QUEUED, RUNNING and PAUSED are not terminal.
const (
	RunQueued              RunStatus = "QUEUED"
	RunRunning             RunStatus = "RUNNING"
	RunPaused              RunStatus = "PAUSED"
	RunSucceeded           RunStatus = "SUCCEEDED"
	RunFailed              RunStatus = "FAILED"
	RunQuotaExceeded       RunStatus = "QUOTA_EXCEEDED"
	RunInternalError       RunStatus = "INTERNAL_ERROR"
	RunMemoryLimitExceeded RunStatus = "MEMORY_LIMIT_EXCEEDED"
	RunTimeout             RunStatus = "TIMEOUT"
	RunCanceled            RunStatus = "CANCELED"
	RunLogSizeExceeded     RunStatus = "LOG_SIZE_EXCEEDED"
	RunStopped             RunStatus = "STOPPED"
)

// Terminal reports whether a run in this status will not change any more.
func (s RunStatus) Terminal() bool {
	switch s {
	case RunQueued, RunRunning, RunPaused, "":
		return false
	}
	return true
}

// RunEnvironment says whether a run came from the published flow or a test.
type RunEnvironment string

// Run environments.
const (
	EnvProduction RunEnvironment = "PRODUCTION"
	EnvTesting    RunEnvironment = "TESTING"
)

// ConnectionType is the kind of credential an app connection holds.
type ConnectionType string

// Connection types.
const (
	ConnSecretText     ConnectionType = "SECRET_TEXT"
	ConnBasicAuth      ConnectionType = "BASIC_AUTH"
	ConnCustomAuth     ConnectionType = "CUSTOM_AUTH"
	ConnNoAuth         ConnectionType = "NO_AUTH"
	ConnOAuth2         ConnectionType = "OAUTH2"
	ConnCloudOAuth2    ConnectionType = "CLOUD_OAUTH2"
	ConnPlatformOAuth2 ConnectionType = "PLATFORM_OAUTH2"
)

// ConnectionStatus is the health of an app connection.
type ConnectionStatus string

// Connection statuses.
const (
	ConnActive  ConnectionStatus = "ACTIVE"
	ConnMissing ConnectionStatus = "MISSING"
	ConnError   ConnectionStatus = "ERROR"
)

// ConnectionScope says who can use an app connection.
type ConnectionScope string

// Connection scopes.
const (
	ScopeProject  ConnectionScope = "PROJECT"
	ScopePlatform ConnectionScope = "PLATFORM"
)

// InvitationType says whether an invitation is to a platform or a project.
type InvitationType string

// Invitation types.
const (
	InvitePlatform InvitationType = "PLATFORM"
	InviteProject  InvitationType = "PROJECT"
)

// InvitationStatus is the state of an invitation.
type InvitationStatus string

// Invitation statuses.
const (
	InvitePending  InvitationStatus = "PENDING"
	InviteAccepted InvitationStatus = "ACCEPTED"
)
