package toolkit

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestStructuredResultCap(t *testing.T) {
	read := Spec{Name: "list_x", Hints: ReadHints, Narrow: "use a smaller limit"}
	small, err := structured(map[string]string{"a": "<b>"}, read)
	if err != nil || small.IsError || resultText(small) != `{"a":"<b>"}` {
		t.Fatalf("small result: %v %+v", err, small)
	}
	many := make([]string, MaxResultBytes/6)
	for i := range many {
		many[i] = "item"
	}
	res, err := structured(map[string]any{"items": many}, read)
	if err != nil {
		t.Fatal(err)
	}
	want := "the result is 38238 bytes, over the 32768-byte limit: use a smaller limit."
	if !res.IsError || resultText(res) != want {
		t.Errorf("oversized result = %.300q (isError %v), want %q", resultText(res), res.IsError, want)
	}
	// A write says it was carried out, with the id of what it made.
	create := Spec{Name: "create_x", Hints: CreateHints}
	res, _ = structured(map[string]any{"id": "AAAAAAAAAAAAAAAAAAAAA", "items": many}, create)
	want = "the result is 38267 bytes, over the 32768-byte limit: create_x was carried out (id AAAAAAAAAAAAAAAAAAAAA), " +
		"so do not call it again: read what it made with the matching get or list tool."
	if !res.IsError || resultText(res) != want {
		t.Errorf("oversized write result = %.300q, want %q", resultText(res), want)
	}
}

// One huge string does not make a result fail: it is cut, with a marker.
func TestStructuredCutsLongStringsToFit(t *testing.T) {
	huge := strings.Repeat("n", 1<<20)
	res, err := structured(map[string]any{"folders": []any{map[string]any{"id": "f1", "name": huge}, map[string]any{"id": "f2", "name": "short"}}, "count": 12345678901234567},
		Spec{Name: "list_x", Hints: ReadHints})
	if err != nil || res.IsError {
		t.Fatalf("result with a huge string: %v %s", err, resultText(res))
	}
	text := resultText(res)
	if !strings.Contains(text, strings.Repeat("n", 1000)+"…[cut, 1048576 bytes]") || !strings.Contains(text, `"short"`) ||
		!strings.Contains(text, "12345678901234567") || len(text) > 2000 {
		t.Errorf("cut result = %.300s… (%d bytes)", text, len(text))
	}
	// Many long strings are cut shorter until the result fits.
	var rows []any
	for range 100 {
		rows = append(rows, strings.Repeat("m", 5000))
	}
	res, _ = structured(map[string]any{"rows": rows}, Spec{Name: "list_x", Hints: ReadHints})
	if res.IsError || !strings.Contains(resultText(res), strings.Repeat("m", 200)+"…[cut, 5000 bytes]") {
		t.Errorf("many long strings: %.200s", resultText(res))
	}
}

func TestCutJSON(t *testing.T) {
	if got := CutJSON(json.RawMessage(` {"a":1} `), 100, "x"); string(got.(json.RawMessage)) != `{"a":1}` {
		t.Errorf("short value = %v", got)
	}
	if got := CutJSON(nil, 100, "x"); got != nil {
		t.Errorf("absent value = %v", got)
	}
	long := json.RawMessage(`"` + strings.Repeat("é", 20) + `"`)
	got, ok := CutJSON(long, 10, "get_run with stepName=step_1 shows more").(string)
	if !ok || !strings.HasPrefix(got, `"éééé…[cut: 9 of 42 bytes shown; get_run with stepName=step_1 shows more]`) {
		t.Errorf("long value = %q", got)
	}
}
