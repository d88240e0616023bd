// JSON methods of the models: each type decodes keeping what its fields cannot
// give back (see Extra) and encodes it again. They are mechanical on purpose;
// TestEveryModelKeepsExtra fails when a type with an Extra field lacks either method.

package workflows

// UnmarshalJSON decodes a Flow, keeping in Extra what its fields cannot hold.
func (v *Flow) UnmarshalJSON(data []byte) error {
	type plain Flow
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Flow with the members kept in Extra.
func (v Flow) MarshalJSON() ([]byte, error) {
	type plain Flow
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a FlowVersion, keeping in Extra what its fields cannot hold.
func (v *FlowVersion) UnmarshalJSON(data []byte) error {
	type plain FlowVersion
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a FlowVersion with the members kept in Extra.
func (v FlowVersion) MarshalJSON() ([]byte, error) {
	type plain FlowVersion
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Trigger, keeping in Extra what its fields cannot hold.
func (v *Trigger) UnmarshalJSON(data []byte) error {
	type plain Trigger
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Trigger with the members kept in Extra.
func (v Trigger) MarshalJSON() ([]byte, error) {
	type plain Trigger
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Action, keeping in Extra what its fields cannot hold.
func (v *Action) UnmarshalJSON(data []byte) error {
	type plain Action
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Action with the members kept in Extra.
func (v Action) MarshalJSON() ([]byte, error) {
	type plain Action
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a ContinueOnFailureBranches, keeping in Extra what its fields cannot hold.
func (v *ContinueOnFailureBranches) UnmarshalJSON(data []byte) error {
	type plain ContinueOnFailureBranches
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a ContinueOnFailureBranches with the members kept in Extra.
func (v ContinueOnFailureBranches) MarshalJSON() ([]byte, error) {
	type plain ContinueOnFailureBranches
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Settings, keeping in Extra what its fields cannot hold.
func (v *Settings) UnmarshalJSON(data []byte) error {
	type plain Settings
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Settings with the members kept in Extra.
func (v Settings) MarshalJSON() ([]byte, error) {
	type plain Settings
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a PropertySetting, keeping in Extra what its fields cannot hold.
func (v *PropertySetting) UnmarshalJSON(data []byte) error {
	type plain PropertySetting
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PropertySetting with the members kept in Extra.
func (v PropertySetting) MarshalJSON() ([]byte, error) {
	type plain PropertySetting
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a SourceCode, keeping in Extra what its fields cannot hold.
func (v *SourceCode) UnmarshalJSON(data []byte) error {
	type plain SourceCode
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a SourceCode with the members kept in Extra.
func (v SourceCode) MarshalJSON() ([]byte, error) {
	type plain SourceCode
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a RouterBranch, keeping in Extra what its fields cannot hold.
func (v *RouterBranch) UnmarshalJSON(data []byte) error {
	type plain RouterBranch
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a RouterBranch with the members kept in Extra.
func (v RouterBranch) MarshalJSON() ([]byte, error) {
	type plain RouterBranch
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Condition, keeping in Extra what its fields cannot hold.
func (v *Condition) UnmarshalJSON(data []byte) error {
	type plain Condition
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Condition with the members kept in Extra.
func (v Condition) MarshalJSON() ([]byte, error) {
	type plain Condition
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a FlowRun, keeping in Extra what its fields cannot hold.
func (v *FlowRun) UnmarshalJSON(data []byte) error {
	type plain FlowRun
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a FlowRun with the members kept in Extra.
func (v FlowRun) MarshalJSON() ([]byte, error) {
	type plain FlowRun
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a FailedStep, keeping in Extra what its fields cannot hold.
func (v *FailedStep) UnmarshalJSON(data []byte) error {
	type plain FailedStep
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a FailedStep with the members kept in Extra.
func (v FailedStep) MarshalJSON() ([]byte, error) {
	type plain FailedStep
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a StepRun, keeping in Extra what its fields cannot hold.
func (v *StepRun) UnmarshalJSON(data []byte) error {
	type plain StepRun
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a StepRun with the members kept in Extra.
func (v StepRun) MarshalJSON() ([]byte, error) {
	type plain StepRun
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Folder, keeping in Extra what its fields cannot hold.
func (v *Folder) UnmarshalJSON(data []byte) error {
	type plain Folder
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Folder with the members kept in Extra.
func (v Folder) MarshalJSON() ([]byte, error) {
	type plain Folder
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a AppConnection, keeping in Extra what its fields cannot hold.
func (v *AppConnection) UnmarshalJSON(data []byte) error {
	type plain AppConnection
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a AppConnection with the members kept in Extra.
func (v AppConnection) MarshalJSON() ([]byte, error) {
	type plain AppConnection
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a PieceSummary, keeping in Extra what its fields cannot hold.
func (v *PieceSummary) UnmarshalJSON(data []byte) error {
	type plain PieceSummary
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PieceSummary with the members kept in Extra.
func (v PieceSummary) MarshalJSON() ([]byte, error) {
	type plain PieceSummary
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Piece, keeping in Extra what its fields cannot hold.
func (v *Piece) UnmarshalJSON(data []byte) error {
	type plain Piece
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Piece with the members kept in Extra.
func (v Piece) MarshalJSON() ([]byte, error) {
	type plain Piece
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a PieceComponent, keeping in Extra what its fields cannot hold.
func (v *PieceComponent) UnmarshalJSON(data []byte) error {
	type plain PieceComponent
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PieceComponent with the members kept in Extra.
func (v PieceComponent) MarshalJSON() ([]byte, error) {
	type plain PieceComponent
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a PieceProperty, keeping in Extra what its fields cannot hold.
func (v *PieceProperty) UnmarshalJSON(data []byte) error {
	type plain PieceProperty
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PieceProperty with the members kept in Extra.
func (v PieceProperty) MarshalJSON() ([]byte, error) {
	type plain PieceProperty
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a TriggerRunStatus, keeping in Extra what its fields cannot hold.
func (v *TriggerRunStatus) UnmarshalJSON(data []byte) error {
	type plain TriggerRunStatus
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a TriggerRunStatus with the members kept in Extra.
func (v TriggerRunStatus) MarshalJSON() ([]byte, error) {
	type plain TriggerRunStatus
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a PieceTriggerStats, keeping in Extra what its fields cannot hold.
func (v *PieceTriggerStats) UnmarshalJSON(data []byte) error {
	type plain PieceTriggerStats
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a PieceTriggerStats with the members kept in Extra.
func (v PieceTriggerStats) MarshalJSON() ([]byte, error) {
	type plain PieceTriggerStats
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a DailyStat, keeping in Extra what its fields cannot hold.
func (v *DailyStat) UnmarshalJSON(data []byte) error {
	type plain DailyStat
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a DailyStat with the members kept in Extra.
func (v DailyStat) MarshalJSON() ([]byte, error) {
	type plain DailyStat
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Table, keeping in Extra what its fields cannot hold.
func (v *Table) UnmarshalJSON(data []byte) error {
	type plain Table
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Table with the members kept in Extra.
func (v Table) MarshalJSON() ([]byte, error) {
	type plain Table
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Field, keeping in Extra what its fields cannot hold.
func (v *Field) UnmarshalJSON(data []byte) error {
	type plain Field
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Field with the members kept in Extra.
func (v Field) MarshalJSON() ([]byte, error) {
	type plain Field
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Record, keeping in Extra what its fields cannot hold.
func (v *Record) UnmarshalJSON(data []byte) error {
	type plain Record
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Record with the members kept in Extra.
func (v Record) MarshalJSON() ([]byte, error) {
	type plain Record
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a Cell, keeping in Extra what its fields cannot hold.
func (v *Cell) UnmarshalJSON(data []byte) error {
	type plain Cell
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a Cell with the members kept in Extra.
func (v Cell) MarshalJSON() ([]byte, error) {
	type plain Cell
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a McpServer, keeping in Extra what its fields cannot hold.
func (v *McpServer) UnmarshalJSON(data []byte) error {
	type plain McpServer
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a McpServer with the members kept in Extra.
func (v McpServer) MarshalJSON() ([]byte, error) {
	type plain McpServer
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a UserInvitation, keeping in Extra what its fields cannot hold.
func (v *UserInvitation) UnmarshalJSON(data []byte) error {
	type plain UserInvitation
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a UserInvitation with the members kept in Extra.
func (v UserInvitation) MarshalJSON() ([]byte, error) {
	type plain UserInvitation
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a ChannelAutomation, keeping in Extra what its fields cannot hold.
func (v *ChannelAutomation) UnmarshalJSON(data []byte) error {
	type plain ChannelAutomation
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a ChannelAutomation with the members kept in Extra.
func (v ChannelAutomation) MarshalJSON() ([]byte, error) {
	type plain ChannelAutomation
	return encodeKeeping(plain(v), v.Extra)
}

// UnmarshalJSON decodes a ChannelTag, keeping in Extra what its fields cannot hold.
func (v *ChannelTag) UnmarshalJSON(data []byte) error {
	type plain ChannelTag
	return decodeKeeping(data, (*plain)(v), &v.Extra)
}

// MarshalJSON encodes a ChannelTag with the members kept in Extra.
func (v ChannelTag) MarshalJSON() ([]byte, error) {
	type plain ChannelTag
	return encodeKeeping(plain(v), v.Extra)
}
