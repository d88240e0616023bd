package workflows

// The request bodies of the tables API's writes, as Activepieces' routes take
// them. Cells are addressed by field id; a value is sent as given and stored by
// the engine as text.

// CreateTableRequest creates an empty table (POST /v1/tables).
type CreateTableRequest struct {
	ProjectID string `json:"projectId"`
	Name      string `json:"name"`
}

// CreateFieldRequest adds a column to a table (POST /v1/fields). Data carries a
// STATIC_DROPDOWN's options and is left out for the other types.
type CreateFieldRequest struct {
	TableID string     `json:"tableId"`
	Name    string     `json:"name"`
	Type    FieldType  `json:"type"`
	Data    *FieldData `json:"data,omitempty"`
}

// FieldData is a STATIC_DROPDOWN field's choices.
type FieldData struct {
	Options []FieldOption `json:"options"`
}

// FieldOption is one choice of a STATIC_DROPDOWN field.
type FieldOption struct {
	Value string `json:"value"`
}

// CellInput is one value of a record being written.
type CellInput struct {
	FieldID string `json:"fieldId"`
	Value   any    `json:"value"`
}

// CreateRecordsRequest adds rows to a table (POST /v1/records), each row a
// list of cells.
type CreateRecordsRequest struct {
	TableID string        `json:"tableId"`
	Records [][]CellInput `json:"records"`
}

// UpdateRecordRequest sets some cells of one record (POST /v1/records/{id});
// cells not listed keep their values.
type UpdateRecordRequest struct {
	TableID string      `json:"tableId"`
	Cells   []CellInput `json:"cells"`
}

// DeleteRecordsRequest deletes records by id (DELETE /v1/records). TableID is
// sent too: the sandbox requires it, and Activepieces ignores what it does not declare.
type DeleteRecordsRequest struct {
	TableID string   `json:"tableId,omitempty"`
	IDs     []string `json:"ids"`
}
