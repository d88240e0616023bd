// JSON methods of the models: each type decodes keeping what its fields cannot
// give back (see Extra) and encodes it again. They are mechanical on purpose;
// TestEveryModelKeepsExtra fails when a type with an Extra field lacks either method.

package workflows

import "github.com/go-json-experiment/json/jsontext"

// UnmarshalJSON decodes a Flow, keeping in Extra what its fields cannot hold.
func (v *Flow) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Flow from a stream, so that a document holding it is read once.
func (v *Flow) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Flow
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Flow with the members kept in Extra.
func (v Flow) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Flow to a stream, so that a document holding it is written once.
func (v Flow) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Flow
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a FlowVersion, keeping in Extra what its fields cannot hold.
func (v *FlowVersion) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a FlowVersion from a stream, so that a document holding it is read once.
func (v *FlowVersion) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain FlowVersion
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a FlowVersion with the members kept in Extra.
func (v FlowVersion) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a FlowVersion to a stream, so that a document holding it is written once.
func (v FlowVersion) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain FlowVersion
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Trigger, keeping in Extra what its fields cannot hold.
func (v *Trigger) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Trigger from a stream, so that a document holding it is read once.
func (v *Trigger) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Trigger
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Trigger with the members kept in Extra.
func (v Trigger) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Trigger to a stream, so that a document holding it is written once.
func (v Trigger) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Trigger
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Action, keeping in Extra what its fields cannot hold.
func (v *Action) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Action from a stream, so that a document holding it is read once.
func (v *Action) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Action
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Action with the members kept in Extra.
func (v Action) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Action to a stream, so that a document holding it is written once.
func (v Action) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Action
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a ContinueOnFailureBranches, keeping in Extra what its fields cannot hold.
func (v *ContinueOnFailureBranches) UnmarshalJSON(data []byte) error {
	return unmarshalKeeping(data, v)
}

// UnmarshalJSONFrom decodes a ContinueOnFailureBranches from a stream, so that a document holding it is read once.
func (v *ContinueOnFailureBranches) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain ContinueOnFailureBranches
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a ContinueOnFailureBranches with the members kept in Extra.
func (v ContinueOnFailureBranches) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a ContinueOnFailureBranches to a stream, so that a document holding it is written once.
func (v ContinueOnFailureBranches) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain ContinueOnFailureBranches
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Settings, keeping in Extra what its fields cannot hold.
func (v *Settings) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Settings from a stream, so that a document holding it is read once.
func (v *Settings) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Settings
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Settings with the members kept in Extra.
func (v Settings) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Settings to a stream, so that a document holding it is written once.
func (v Settings) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Settings
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a PropertySetting, keeping in Extra what its fields cannot hold.
func (v *PropertySetting) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a PropertySetting from a stream, so that a document holding it is read once.
func (v *PropertySetting) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain PropertySetting
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PropertySetting with the members kept in Extra.
func (v PropertySetting) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a PropertySetting to a stream, so that a document holding it is written once.
func (v PropertySetting) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain PropertySetting
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a SourceCode, keeping in Extra what its fields cannot hold.
func (v *SourceCode) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a SourceCode from a stream, so that a document holding it is read once.
func (v *SourceCode) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain SourceCode
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a SourceCode with the members kept in Extra.
func (v SourceCode) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a SourceCode to a stream, so that a document holding it is written once.
func (v SourceCode) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain SourceCode
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a RouterBranch, keeping in Extra what its fields cannot hold.
func (v *RouterBranch) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a RouterBranch from a stream, so that a document holding it is read once.
func (v *RouterBranch) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain RouterBranch
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a RouterBranch with the members kept in Extra.
func (v RouterBranch) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a RouterBranch to a stream, so that a document holding it is written once.
func (v RouterBranch) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain RouterBranch
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Condition, keeping in Extra what its fields cannot hold.
func (v *Condition) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Condition from a stream, so that a document holding it is read once.
func (v *Condition) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Condition
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Condition with the members kept in Extra.
func (v Condition) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Condition to a stream, so that a document holding it is written once.
func (v Condition) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Condition
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a FlowRun, keeping in Extra what its fields cannot hold.
func (v *FlowRun) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a FlowRun from a stream, so that a document holding it is read once.
func (v *FlowRun) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain FlowRun
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a FlowRun with the members kept in Extra.
func (v FlowRun) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a FlowRun to a stream, so that a document holding it is written once.
func (v FlowRun) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain FlowRun
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a FailedStep, keeping in Extra what its fields cannot hold.
func (v *FailedStep) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a FailedStep from a stream, so that a document holding it is read once.
func (v *FailedStep) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain FailedStep
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a FailedStep with the members kept in Extra.
func (v FailedStep) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a FailedStep to a stream, so that a document holding it is written once.
func (v FailedStep) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain FailedStep
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a StepRun, keeping in Extra what its fields cannot hold.
func (v *StepRun) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a StepRun from a stream, so that a document holding it is read once.
func (v *StepRun) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain StepRun
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a StepRun with the members kept in Extra.
func (v StepRun) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a StepRun to a stream, so that a document holding it is written once.
func (v StepRun) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain StepRun
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Folder, keeping in Extra what its fields cannot hold.
func (v *Folder) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Folder from a stream, so that a document holding it is read once.
func (v *Folder) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Folder
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Folder with the members kept in Extra.
func (v Folder) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Folder to a stream, so that a document holding it is written once.
func (v Folder) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Folder
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a AppConnection, keeping in Extra what its fields cannot hold.
func (v *AppConnection) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a AppConnection from a stream, so that a document holding it is read once.
func (v *AppConnection) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain AppConnection
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a AppConnection with the members kept in Extra.
func (v AppConnection) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a AppConnection to a stream, so that a document holding it is written once.
func (v AppConnection) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain AppConnection
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a PieceSummary, keeping in Extra what its fields cannot hold.
func (v *PieceSummary) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a PieceSummary from a stream, so that a document holding it is read once.
func (v *PieceSummary) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain PieceSummary
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PieceSummary with the members kept in Extra.
func (v PieceSummary) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a PieceSummary to a stream, so that a document holding it is written once.
func (v PieceSummary) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain PieceSummary
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Piece, keeping in Extra what its fields cannot hold.
func (v *Piece) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Piece from a stream, so that a document holding it is read once.
func (v *Piece) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Piece
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Piece with the members kept in Extra.
func (v Piece) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Piece to a stream, so that a document holding it is written once.
func (v Piece) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Piece
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a PieceComponent, keeping in Extra what its fields cannot hold.
func (v *PieceComponent) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a PieceComponent from a stream, so that a document holding it is read once.
func (v *PieceComponent) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain PieceComponent
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PieceComponent with the members kept in Extra.
func (v PieceComponent) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a PieceComponent to a stream, so that a document holding it is written once.
func (v PieceComponent) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain PieceComponent
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a PieceProperty, keeping in Extra what its fields cannot hold.
func (v *PieceProperty) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a PieceProperty from a stream, so that a document holding it is read once.
func (v *PieceProperty) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain PieceProperty
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PieceProperty with the members kept in Extra.
func (v PieceProperty) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a PieceProperty to a stream, so that a document holding it is written once.
func (v PieceProperty) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain PieceProperty
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a TriggerRunStatus, keeping in Extra what its fields cannot hold.
func (v *TriggerRunStatus) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a TriggerRunStatus from a stream, so that a document holding it is read once.
func (v *TriggerRunStatus) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain TriggerRunStatus
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a TriggerRunStatus with the members kept in Extra.
func (v TriggerRunStatus) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a TriggerRunStatus to a stream, so that a document holding it is written once.
func (v TriggerRunStatus) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain TriggerRunStatus
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a PieceTriggerStats, keeping in Extra what its fields cannot hold.
func (v *PieceTriggerStats) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a PieceTriggerStats from a stream, so that a document holding it is read once.
func (v *PieceTriggerStats) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain PieceTriggerStats
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PieceTriggerStats with the members kept in Extra.
func (v PieceTriggerStats) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a PieceTriggerStats to a stream, so that a document holding it is written once.
func (v PieceTriggerStats) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain PieceTriggerStats
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a DailyStat, keeping in Extra what its fields cannot hold.
func (v *DailyStat) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a DailyStat from a stream, so that a document holding it is read once.
func (v *DailyStat) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain DailyStat
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a DailyStat with the members kept in Extra.
func (v DailyStat) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a DailyStat to a stream, so that a document holding it is written once.
func (v DailyStat) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain DailyStat
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Table, keeping in Extra what its fields cannot hold.
func (v *Table) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Table from a stream, so that a document holding it is read once.
func (v *Table) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Table
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Table with the members kept in Extra.
func (v Table) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Table to a stream, so that a document holding it is written once.
func (v Table) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Table
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Field, keeping in Extra what its fields cannot hold.
func (v *Field) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Field from a stream, so that a document holding it is read once.
func (v *Field) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Field
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Field with the members kept in Extra.
func (v Field) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Field to a stream, so that a document holding it is written once.
func (v Field) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Field
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Record, keeping in Extra what its fields cannot hold.
func (v *Record) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Record from a stream, so that a document holding it is read once.
func (v *Record) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Record
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Record with the members kept in Extra.
func (v Record) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Record to a stream, so that a document holding it is written once.
func (v Record) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Record
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a Cell, keeping in Extra what its fields cannot hold.
func (v *Cell) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a Cell from a stream, so that a document holding it is read once.
func (v *Cell) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain Cell
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Cell with the members kept in Extra.
func (v Cell) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a Cell to a stream, so that a document holding it is written once.
func (v Cell) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain Cell
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a McpServer, keeping in Extra what its fields cannot hold.
func (v *McpServer) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a McpServer from a stream, so that a document holding it is read once.
func (v *McpServer) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain McpServer
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a McpServer with the members kept in Extra.
func (v McpServer) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a McpServer to a stream, so that a document holding it is written once.
func (v McpServer) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain McpServer
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a UserInvitation, keeping in Extra what its fields cannot hold.
func (v *UserInvitation) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a UserInvitation from a stream, so that a document holding it is read once.
func (v *UserInvitation) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain UserInvitation
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a UserInvitation with the members kept in Extra.
func (v UserInvitation) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a UserInvitation to a stream, so that a document holding it is written once.
func (v UserInvitation) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain UserInvitation
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a ChannelAutomation, keeping in Extra what its fields cannot hold.
func (v *ChannelAutomation) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a ChannelAutomation from a stream, so that a document holding it is read once.
func (v *ChannelAutomation) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain ChannelAutomation
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a ChannelAutomation with the members kept in Extra.
func (v ChannelAutomation) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a ChannelAutomation to a stream, so that a document holding it is written once.
func (v ChannelAutomation) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain ChannelAutomation
	return encodeKeeping(enc, plain(v), v.Extra)
}

// UnmarshalJSON decodes a ChannelTag, keeping in Extra what its fields cannot hold.
func (v *ChannelTag) UnmarshalJSON(data []byte) error { return unmarshalKeeping(data, v) }

// UnmarshalJSONFrom decodes a ChannelTag from a stream, so that a document holding it is read once.
func (v *ChannelTag) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	type plain ChannelTag
	return decodeKeeping(dec, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a ChannelTag with the members kept in Extra.
func (v ChannelTag) MarshalJSON() ([]byte, error) { return marshalKeeping(v) }

// MarshalJSONTo encodes a ChannelTag to a stream, so that a document holding it is written once.
func (v ChannelTag) MarshalJSONTo(enc *jsontext.Encoder) error {
	type plain ChannelTag
	return encodeKeeping(enc, plain(v), v.Extra)
}
