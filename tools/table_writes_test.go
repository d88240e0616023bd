package tools

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func TestTablesAreMadeFilledChangedAndEmptied(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var table tableDetail
	h.ok("create_table", `{"name":"Leads","fields":[{"name":"Email"},{"name":"Score","type":"NUMBER"},{"name":"Stage","type":"STATIC_DROPDOWN","options":["new","won"]}]}`, &table)
	if table.ID == "" || len(table.Fields) != 3 || table.Fields[0].Type != "TEXT" || table.Fields[2].Type != "STATIC_DROPDOWN" {
		t.Fatalf("created %+v", table)
	}
	var inserted recordsOutput
	h.ok("insert_records", `{"tableId":"`+table.ID+`","records":[{"Email":"ada@example.com","score":3},{"Email":"grace@example.com","Stage":"new"}]}`, &inserted)
	if len(inserted.Records) != 2 || inserted.Records[0].Cells["Email"] != "ada@example.com" || inserted.Records[0].Cells["Score"] != "3" {
		t.Fatalf("inserted %+v", inserted.Records)
	}
	var updated recordOut
	h.ok("update_record", `{"tableId":"`+table.ID+`","recordId":"`+inserted.Records[1].ID+`","cells":{"Stage":"won"}}`, &updated)
	if updated.Cells["Stage"] != "won" || updated.Cells["Email"] != "grace@example.com" {
		t.Errorf("updated %+v", updated)
	}
	var gone deleteRecordsOutput
	h.ok("delete_records", `{"tableId":"`+table.ID+`","recordIds":["`+inserted.Records[0].ID+`","`+unknownID+`"]}`, &gone)
	if len(gone.Deleted) != 1 || gone.Deleted[0] != inserted.Records[0].ID || len(gone.NotFound) != 1 || gone.NotFound[0] != unknownID {
		t.Errorf("delete_records = %+v", gone)
	}
	var left listRecordsOutput
	h.ok("list_records", `{"tableId":"`+table.ID+`"}`, &left)
	if len(left.Records) != 1 || left.Records[0].Cells["Stage"] != "won" {
		t.Errorf("left %+v", left.Records)
	}
}

func TestTableWritesNameEveryUnknownColumnAndWriteNothing(t *testing.T) {
	h := newHarness(t, harnessConfig{})
	var table tableDetail
	h.ok("create_table", `{"name":"Leads","fields":[{"name":"Email"},{"name":"Score","type":"NUMBER"}]}`, &table)
	text := h.fails("insert_records", `{"tableId":"`+table.ID+`","records":[{"Emial":"x"},{"Email":"y","Scor":1}]}`,
		"invalid argument records[0].Emial: expected a column of the table: Email, Score",
		"invalid argument records[1].Scor: expected a column of the table: Email, Score")
	if strings.Count(text, "invalid argument") != 2 {
		t.Errorf("want both problems in one answer: %s", text)
	}
	var left listRecordsOutput
	h.ok("list_records", `{"tableId":"`+table.ID+`"}`, &left)
	if len(left.Records) != 0 {
		t.Errorf("a refused insert wrote %+v", left.Records)
	}
	h.rejects("insert_records", `{"tableId":"`+table.ID+`","records":[]}`, "invalid argument records: expected at least 1 item(s), got an array")
	h.rejects("update_record", `{"tableId":"`+table.ID+`","recordId":"r1","cells":{}}`,
		`invalid argument recordId: expected an id of 21 letters and digits (Record id), got "r1"`)
	h.rejects("delete_records", `{"tableId":"`+table.ID+`"}`, "missing required argument recordIds: expected an array (Records to delete)")
	h.rejects("create_table", `{"name":"T","fields":[{"name":"a"},{"name":"A"},{"name":"s","type":"STATIC_DROPDOWN"}]}`,
		`invalid argument fields[1].name: expected a name no other column has (any case), got "A"; `+
			`missing required argument fields[2].options: expected the choices of a STATIC_DROPDOWN column`)
}

func TestCreateTableDeletesAHalfMadeTable(t *testing.T) {
	var fields atomic.Int32
	h := newHarness(t, harnessConfig{fail: func(r *http.Request, _ []byte) int {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/v1/fields") && fields.Add(1) == 2 {
			return http.StatusInternalServerError
		}
		return 0
	}})
	text := h.fails("create_table", `{"name":"Half","fields":[{"name":"a"},{"name":"b"}]}`,
		"create_table failed while creating fields[1] (b): the engine answered 500", "was deleted; fix the fields and call create_table again.")
	if strings.Contains(text, "Hint:") {
		t.Errorf("the cause's own hint points at a table that is gone: %s", text)
	}
	var tables listTablesOutput
	h.ok("list_tables", `{}`, &tables)
	for _, tb := range tables.Tables {
		if tb.Name == "Half" {
			t.Errorf("the half-made table is still there: %+v", tb)
		}
	}
}
