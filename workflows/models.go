package workflows

import "encoding/json"

// SeekPage is one page of a list endpoint. Pass Next back as the cursor for the following page.
type SeekPage[T any] struct {
	Data     []T     `json:"data"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
}

// Base holds the fields every stored entity has.
type Base struct {
	ID      string `json:"id"`
	Created string `json:"created,omitempty"`
	Updated string `json:"updated,omitempty"`
}

// EntityID returns the entity's id.
func (b Base) EntityID() string { return b.ID }

// FlowSummary is what a list of flows says of each flow, without the steps of
// its version: decoding a page into summaries skips the step trees the engine
// sends with every flow, most of a list's bytes. It is read-only: it keeps
// nothing to send back.
type FlowSummary struct {
	Base
	ProjectID          string      `json:"projectId"`
	FolderID           *string     `json:"folderId"`
	Status             FlowStatus  `json:"status"`
	PublishedVersionID *string     `json:"publishedVersionId"`
	Version            *VersionTag `json:"version"`
}

// VersionTag is a flow version's name and completeness, without its steps.
type VersionTag struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Valid       bool   `json:"valid"`
}

// Flow is a flow; with Version set it is what Activepieces calls a PopulatedFlow.
type Flow struct {
	Base
	ProjectID          string              `json:"projectId"`
	ExternalID         string              `json:"externalId,omitempty"`
	OwnerID            *string             `json:"ownerId,omitempty"`
	FolderID           *string             `json:"folderId,omitempty"`
	Status             FlowStatus          `json:"status"`
	PublishedVersionID *string             `json:"publishedVersionId,omitempty"`
	Metadata           json.RawMessage     `json:"metadata,omitempty"`
	OperationStatus    FlowOperationStatus `json:"operationStatus,omitempty"`
	TimeSavedPerRun    *float64            `json:"timeSavedPerRun,omitempty"`
	TemplateID         *string             `json:"templateId,omitempty"`
	Version            *FlowVersion        `json:"version,omitempty"`
	TriggerSource      json.RawMessage     `json:"triggerSource,omitempty"`
	Extra              Extra               `json:"-"`
}

// FlowVersion is one version of a flow: its name and its step graph.
type FlowVersion struct {
	Base
	FlowID        string           `json:"flowId"`
	DisplayName   string           `json:"displayName"`
	Trigger       Trigger          `json:"trigger"`
	UpdatedBy     *string          `json:"updatedBy,omitempty"`
	Valid         bool             `json:"valid"`
	SchemaVersion *string          `json:"schemaVersion,omitempty"`
	AgentIDs      []string         `json:"agentIds,omitzero"`
	ConnectionIDs []string         `json:"connectionIds,omitzero"`
	State         FlowVersionState `json:"state"`
	BackupFiles   json.RawMessage  `json:"backupFiles,omitempty"`
	Notes         json.RawMessage  `json:"notes,omitempty"`
	Extra         Extra            `json:"-"`
}

// Trigger is the first step of a flow; its steps hang off NextAction.
type Trigger struct {
	Name        string      `json:"name"`
	DisplayName string      `json:"displayName"`
	Valid       bool        `json:"valid"`
	Type        TriggerType `json:"type"`
	Settings    Settings    `json:"settings"`
	NextAction  *Action     `json:"nextAction,omitempty"`
	Extra       Extra       `json:"-"`
}

// Action is one step of a flow.
type Action struct {
	Name                      string                     `json:"name"`
	DisplayName               string                     `json:"displayName"`
	Valid                     bool                       `json:"valid"`
	Skip                      bool                       `json:"skip,omitempty"`
	Type                      ActionType                 `json:"type"`
	Settings                  Settings                   `json:"settings"`
	NextAction                *Action                    `json:"nextAction,omitempty"`
	FirstLoopAction           *Action                    `json:"firstLoopAction,omitempty"`
	Children                  []*Action                  `json:"children,omitzero"`
	OnSuccessAction           *Action                    `json:"onSuccessAction,omitempty"`
	OnFailureAction           *Action                    `json:"onFailureAction,omitempty"`
	ContinueOnFailureBranches *ContinueOnFailureBranches `json:"continueOnFailureBranches,omitempty"`
	Extra                     Extra                      `json:"-"`
}

// ContinueOnFailureBranches are the two paths a CODE or PIECE step with error
// handling can take: OnSuccess when it succeeded (or its error was ignored),
// OnFailure when it failed; the step's NextAction runs after either.
type ContinueOnFailureBranches struct {
	OnSuccess *Action `json:"onSuccess,omitempty"`
	OnFailure *Action `json:"onFailure,omitempty"`
	Extra     Extra   `json:"-"`
}

// Settings is the union of the settings of every step type: a piece trigger or
// action (PieceName, PieceVersion, TriggerName or ActionName, Input), CODE
// (SourceCode, Input), LOOP_ON_ITEMS (Items) and ROUTER (ExecutionType, Branches).
type Settings struct {
	PieceName            string                     `json:"pieceName,omitempty"`
	PieceVersion         string                     `json:"pieceVersion,omitempty"`
	TriggerName          string                     `json:"triggerName,omitempty"`
	ActionName           string                     `json:"actionName,omitempty"`
	Input                map[string]any             `json:"input,omitzero"`
	PropertySettings     map[string]PropertySetting `json:"propertySettings,omitzero"`
	SampleData           json.RawMessage            `json:"sampleData,omitempty"`
	SourceCode           *SourceCode                `json:"sourceCode,omitempty"`
	ErrorHandlingOptions json.RawMessage            `json:"errorHandlingOptions,omitempty"`
	Items                *string                    `json:"items,omitempty"`
	ExecutionType        RouterExecutionType        `json:"executionType,omitempty"`
	Branches             []RouterBranch             `json:"branches,omitzero"`
	Extra                Extra                      `json:"-"`
}

// PropertySettingType says whether a step input is typed in or picked from a dynamic list.
type PropertySettingType string

// PropertySetting says how a step input is given.
type PropertySetting struct {
	Type  PropertySettingType `json:"type"`
	Extra Extra               `json:"-"`
}

// Property setting types.
const (
	PropertyManual  PropertySettingType = "MANUAL"
	PropertyDynamic PropertySettingType = "DYNAMIC"
)

// SourceCode is the code of a CODE step.
type SourceCode struct {
	Code        string `json:"code"`
	PackageJSON string `json:"packageJson"`
	Extra       Extra  `json:"-"`
}

// RouterExecutionType says whether a router runs the first matching branch or all of them.
type RouterExecutionType string

// Router execution types.
const (
	RouterAllMatch   RouterExecutionType = "EXECUTE_ALL_MATCH"
	RouterFirstMatch RouterExecutionType = "EXECUTE_FIRST_MATCH"
)

// BranchType is the kind of a router branch.
type BranchType string

// Branch types.
const (
	BranchCondition BranchType = "CONDITION"
	BranchFallback  BranchType = "FALLBACK"
)

// RouterBranch is one branch of a ROUTER step. Conditions is an OR of ANDs.
type RouterBranch struct {
	BranchType BranchType    `json:"branchType"`
	BranchName string        `json:"branchName"`
	Conditions [][]Condition `json:"conditions,omitzero"`
	Extra      Extra         `json:"-"`
}

// Condition compares two values in a router branch.
type Condition struct {
	FirstValue    string `json:"firstValue"`
	SecondValue   string `json:"secondValue,omitempty"`
	Operator      string `json:"operator"`
	CaseSensitive *bool  `json:"caseSensitive,omitempty"`
	Extra         Extra  `json:"-"`
}

// FlowRun is one execution of a flow.
type FlowRun struct {
	Base
	ProjectID           string             `json:"projectId"`
	FlowID              string             `json:"flowId"`
	FlowVersionID       string             `json:"flowVersionId"`
	FlowDisplayName     string             `json:"flowDisplayName,omitempty"`
	Status              RunStatus          `json:"status"`
	Environment         RunEnvironment     `json:"environment,omitempty"`
	StartTime           *string            `json:"startTime,omitempty"`
	FinishTime          *string            `json:"finishTime,omitempty"`
	Tags                []string           `json:"tags,omitzero"`
	FailParentOnFailure bool               `json:"failParentOnFailure"`
	ParentRunID         *string            `json:"parentRunId,omitempty"`
	FailedStep          *FailedStep        `json:"failedStep,omitempty"`
	Steps               map[string]StepRun `json:"steps,omitzero"`
	StepsCount          *int               `json:"stepsCount,omitempty"`
	ArchivedAt          *string            `json:"archivedAt,omitempty"`
	Extra               Extra              `json:"-"`
}

// FailedStep names the step a run failed at.
type FailedStep struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Message     string `json:"message,omitempty"`
	Extra       Extra  `json:"-"`
}

// StepRun is what one step did in a run.
type StepRun struct {
	Type         string          `json:"type"`
	Status       string          `json:"status"`
	Input        json.RawMessage `json:"input,omitempty"`
	Output       json.RawMessage `json:"output,omitempty"`
	Duration     *float64        `json:"duration,omitempty"`
	ErrorMessage json.RawMessage `json:"errorMessage,omitempty"`
	Extra        Extra           `json:"-"`
}

// Folder groups flows.
type Folder struct {
	Base
	ProjectID     string  `json:"projectId"`
	DisplayName   string  `json:"displayName"`
	DisplayOrder  int     `json:"displayOrder"`
	ExternalID    *string `json:"externalId,omitempty"`
	NumberOfFlows *int    `json:"numberOfFlows,omitempty"`
	Extra         Extra   `json:"-"`
}

// AppConnection is a stored credential for a piece. It never carries its secret value.
type AppConnection struct {
	Base
	ExternalID   string           `json:"externalId"`
	DisplayName  string           `json:"displayName"`
	PieceName    string           `json:"pieceName"`
	Type         ConnectionType   `json:"type"`
	ProjectIDs   []string         `json:"projectIds,omitzero"`
	ProjectID    string           `json:"projectId,omitempty"`
	PlatformID   *string          `json:"platformId,omitempty"`
	Scope        ConnectionScope  `json:"scope,omitempty"`
	Status       ConnectionStatus `json:"status"`
	OwnerID      *string          `json:"ownerId,omitempty"`
	Metadata     json.RawMessage  `json:"metadata,omitempty"`
	FlowIDs      []string         `json:"flowIds,omitzero"`
	PieceVersion string           `json:"pieceVersion,omitempty"`
	Extra        Extra            `json:"-"`
}

// PieceSummary is a piece as GET /v1/pieces lists it; Actions and Triggers are counts.
type PieceSummary struct {
	Name        string   `json:"name"`
	DisplayName string   `json:"displayName"`
	Description string   `json:"description"`
	LogoURL     string   `json:"logoUrl"`
	Version     string   `json:"version"`
	Authors     []string `json:"authors,omitzero"`
	Categories  []string `json:"categories,omitzero"`
	Actions     int      `json:"actions"`
	Triggers    int      `json:"triggers"`
	PieceType   string   `json:"pieceType,omitempty"`
	PackageType string   `json:"packageType,omitempty"`
	Extra       Extra    `json:"-"`
}

// Piece is a piece's full metadata, keyed by action and trigger name.
type Piece struct {
	Name        string                    `json:"name"`
	DisplayName string                    `json:"displayName"`
	Description string                    `json:"description"`
	LogoURL     string                    `json:"logoUrl"`
	Version     string                    `json:"version"`
	Authors     []string                  `json:"authors,omitzero"`
	Categories  []string                  `json:"categories,omitzero"`
	Actions     map[string]PieceComponent `json:"actions"`
	Triggers    map[string]PieceComponent `json:"triggers"`
	PieceType   string                    `json:"pieceType,omitempty"`
	PackageType string                    `json:"packageType,omitempty"`
	Extra       Extra                     `json:"-"`
}

// PieceComponent is one action or trigger of a piece.
type PieceComponent struct {
	Name        string                   `json:"name"`
	DisplayName string                   `json:"displayName"`
	Description string                   `json:"description"`
	Props       map[string]PieceProperty `json:"props"`
	Type        string                   `json:"type,omitempty"`
	Extra       Extra                    `json:"-"`
}

// PieceProperty describes one input of a piece action or trigger.
type PieceProperty struct {
	DisplayName  string          `json:"displayName"`
	Description  string          `json:"description,omitempty"`
	Type         string          `json:"type"`
	Required     bool            `json:"required"`
	DefaultValue json.RawMessage `json:"defaultValue,omitempty"`
	Options      json.RawMessage `json:"options,omitempty"`
	Extra        Extra           `json:"-"`
}

// TriggerRunStatus counts trigger runs per piece and day.
type TriggerRunStatus struct {
	Pieces map[string]PieceTriggerStats `json:"pieces"`
	Extra  Extra                        `json:"-"`
}

// PieceTriggerStats is one piece's trigger run counts.
type PieceTriggerStats struct {
	DailyStats map[string]DailyStat `json:"dailyStats"`
	TotalRuns  *int                 `json:"totalRuns,omitempty"`
	Extra      Extra                `json:"-"`
}

// DailyStat counts one day's trigger outcomes.
type DailyStat struct {
	Success int   `json:"success"`
	Failure int   `json:"failure"`
	Extra   Extra `json:"-"`
}

// Table is a data table.
type Table struct {
	Base
	Name       string          `json:"name"`
	ProjectID  string          `json:"projectId"`
	ExternalID string          `json:"externalId,omitempty"`
	FolderID   *string         `json:"folderId,omitempty"`
	Status     *string         `json:"status,omitempty"`
	Trigger    json.RawMessage `json:"trigger,omitempty"`
	Fields     []Field         `json:"fields,omitzero"`
	Extra      Extra           `json:"-"`
}

// FieldType is the kind of a table column.
type FieldType string

// Field types.
const (
	FieldText           FieldType = "TEXT"
	FieldNumber         FieldType = "NUMBER"
	FieldDate           FieldType = "DATE"
	FieldStaticDropdown FieldType = "STATIC_DROPDOWN"
)

// Field is a column of a table.
type Field struct {
	Base
	Name       string          `json:"name"`
	Type       FieldType       `json:"type"`
	TableID    string          `json:"tableId"`
	ProjectID  string          `json:"projectId"`
	ExternalID string          `json:"externalId,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extra      Extra           `json:"-"`
}

// Record is a table row with its cells keyed by field id (a PopulatedRecord).
type Record struct {
	Base
	TableID   string          `json:"tableId"`
	ProjectID string          `json:"projectId"`
	Cells     map[string]Cell `json:"cells"`
	Extra     Extra           `json:"-"`
}

// Cell is one value of a record. Values are stored as strings.
type Cell struct {
	Value     any    `json:"value"`
	FieldName string `json:"fieldName"`
	Created   string `json:"created,omitempty"`
	Updated   string `json:"updated,omitempty"`
	Extra     Extra  `json:"-"`
}

// McpServer is a project's MCP server with its access token.
type McpServer struct {
	Base
	ProjectID  string          `json:"projectId"`
	Name       string          `json:"name,omitempty"`
	Token      string          `json:"token,omitempty"`
	ExternalID string          `json:"externalId,omitempty"`
	Status     string          `json:"status,omitempty"`
	Tools      json.RawMessage `json:"tools,omitempty"`
	Extra      Extra           `json:"-"`
}

// UserInvitation is an invitation to a platform or project.
type UserInvitation struct {
	Base
	Email         string           `json:"email"`
	Status        InvitationStatus `json:"status"`
	Type          InvitationType   `json:"type"`
	PlatformID    string           `json:"platformId"`
	PlatformRole  *string          `json:"platformRole,omitempty"`
	ProjectID     *string          `json:"projectId,omitempty"`
	ProjectRoleID *string          `json:"projectRoleId,omitempty"`
	ProjectRole   json.RawMessage  `json:"projectRole,omitempty"`
	Extra         Extra            `json:"-"`
}

// ChannelAutomation is an iMBRACE channel automation.
type ChannelAutomation struct {
	ID     string       `json:"id"`
	Name   *string      `json:"name,omitempty"`
	Active *bool        `json:"active,omitempty"`
	Tags   []ChannelTag `json:"tags,omitzero"`
	Extra  Extra        `json:"-"`
}

// ChannelTag labels a channel automation.
type ChannelTag struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Extra Extra  `json:"-"`
}
