package toolkit

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestStructuredResultCap(t *testing.T) {
	small, err := structured(map[string]string{"a": "<b>"}, "")
	if err != nil || small.IsError || resultText(small) != `{"a":"<b>"}` {
		t.Fatalf("small result: %v %+v", err, small)
	}
	big := map[string]string{"x": strings.Repeat("y", MaxResultBytes)}
	res, err := structured(big, "use a smaller limit")
	if err != nil {
		t.Fatal(err)
	}
	want := "the result is 32776 bytes, over the 32768-byte limit: use a smaller limit."
	if !res.IsError || resultText(res) != want {
		t.Errorf("oversized result = %q (isError %v), want %q", resultText(res), res.IsError, want)
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
