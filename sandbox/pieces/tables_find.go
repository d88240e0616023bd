package pieces

import (
	"fmt"
	"math"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// recordFilter is one condition of Find Records: a field, an operator
// (Activepieces' FilterOperator: eq, neq, gt, gte, lt, lte, co) and a value.
type recordFilter struct {
	field    workflows.Field
	operator string
	value    string
}

var filterOperators = []string{"eq", "neq", "gt", "gte", "lt", "lte", "co"}

// tablesFindRecords lists the table's records that meet every filter, oldest
// first, at most limit of them.
func tablesFindRecords(run Run, props map[string]any) (Result, error) {
	table, err := findTable(run, props)
	if err != nil {
		return Result{}, err
	}
	filters, err := readFilters(objectProp(props["filters"])["filters"], table.Fields)
	if err != nil {
		return Result{}, err
	}
	limit := math.MaxInt
	if props["limit"] != nil && props["limit"] != "" {
		n, ok := jsonvalue.Number(props["limit"])
		if !ok || n < 0 {
			return Result{}, fmt.Errorf("limit must be a number of records, not %s", jsonvalue.Kind(props["limit"]))
		}
		limit = int(n)
	}
	records, err := run.Tables().Records(run.Context(), table.ID)
	if err != nil {
		return Result{}, err
	}
	found := []workflows.Record{}
	for _, rec := range records {
		if len(found) == limit {
			break
		}
		if matchesAll(rec, filters) {
			found = append(found, rec)
		}
	}
	return Result{Output: formatRecords(found)}, nil
}

// readFilters reads the filters list. A filter's field is the piece's
// {id, type, name}, or, leniently, a field's id, externalId or name.
func readFilters(v any, fields []workflows.Field) ([]recordFilter, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := jsonvalue.List(v)
	if !ok {
		return nil, fmt.Errorf("filters.filters must be a list of {field, operator, value}, not %s", jsonvalue.Kind(v))
	}
	out := make([]recordFilter, 0, len(list))
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("filters.filters[%d] must be an object {field, operator, value}, not %s", i, jsonvalue.Kind(item))
		}
		field, ok := filterField(m["field"], fields)
		if !ok {
			return nil, fmt.Errorf("filters.filters[%d].field names no field of the table: %s", i, jsonvalue.Text(m["field"]))
		}
		f := recordFilter{field: field, operator: jsonvalue.Text(m["operator"]), value: jsonvalue.Text(m["value"])}
		if !containsString(filterOperators, f.operator) {
			return nil, fmt.Errorf("filters.filters[%d].operator must be one of %s, not %q", i, strings.Join(filterOperators, ", "), f.operator)
		}
		if err := checkCell(field, m["value"]); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func filterField(v any, fields []workflows.Field) (workflows.Field, bool) {
	ref := jsonvalue.Text(v)
	if m, ok := v.(map[string]any); ok {
		ref = jsonvalue.Text(m["id"])
	}
	if f, ok := fieldByRef(fields, ref); ok {
		return f, true
	}
	for _, f := range fields {
		if f.Name == ref {
			return f, true
		}
	}
	return workflows.Field{}, false
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func matchesAll(rec workflows.Record, filters []recordFilter) bool {
	for _, f := range filters {
		cell, ok := rec.Cells[f.field.ID]
		if !ok || !f.matches(jsonvalue.Text(cell.Value)) {
			return false
		}
	}
	return true
}

// matches compares a cell's text with the filter's value: as numbers for a
// NUMBER field, as instants for a DATE field, else as text; co is a
// case-insensitive "contains", as the server's ILIKE is.
func (f recordFilter) matches(cell string) bool {
	if f.operator == "co" {
		return strings.Contains(strings.ToLower(cell), strings.ToLower(f.value))
	}
	var cmp int
	switch f.field.Type {
	case workflows.FieldNumber:
		a, okA := jsonvalue.Number(cell)
		b, okB := jsonvalue.Number(f.value)
		if !okA || !okB {
			return false
		}
		cmp = compareFloats(a, b)
	case workflows.FieldDate:
		a, okA := jsonvalue.Date(cell)
		b, okB := jsonvalue.Date(f.value)
		if !okA || !okB {
			return false
		}
		cmp = a.Compare(b)
	default:
		cmp = strings.Compare(cell, f.value)
	}
	switch f.operator {
	case "eq":
		return cmp == 0
	case "neq":
		return cmp != 0
	case "gt":
		return cmp > 0
	case "gte":
		return cmp >= 0
	case "lt":
		return cmp < 0
	default: // lte
		return cmp <= 0
	}
}

func compareFloats(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
