package bench

import (
	"strings"
	"testing"
	"time"
)

func TestParseInitTrace(t *testing.T) {
	stderr := "init internal/bytealg @0.008 ms, 0 ms clock, 0 bytes, 0 allocs\n" +
		"init github.com/workflows-mcp/mcp-bridge/tools @13 ms, 7.5 ms clock, 1864160 bytes, 19837 allocs\n" +
		"mcp-bridge: something else on stderr\n"
	got, err := ParseInitTrace(strings.NewReader(stderr))
	if err != nil {
		t.Fatal(err)
	}
	want := []InitCost{
		{Package: "internal/bytealg"},
		{Package: "github.com/workflows-mcp/mcp-bridge/tools", Clock: 7500 * time.Microsecond, Bytes: 1864160, Allocs: 19837},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("ParseInitTrace = %+v, want %+v", got, want)
	}
	if _, err := ParseInitTrace(strings.NewReader("init broken line\n")); err == nil || err.Error() != `not an inittrace line: "init broken line"` {
		t.Errorf("err = %v, want it to quote the broken line", err)
	}
}

func TestSummarizeInit(t *testing.T) {
	runs := [][]InitCost{
		{{Package: "a", Clock: 1 * time.Millisecond}, {Package: "b", Clock: 5 * time.Millisecond}},
		{{Package: "a", Clock: 3 * time.Millisecond}, {Package: "b", Clock: 4 * time.Millisecond}},
		{{Package: "a", Clock: 2 * time.Millisecond}, {Package: "b", Clock: 9 * time.Millisecond}},
	}
	got := SummarizeInit(runs)
	if got.Total != 7*time.Millisecond {
		t.Errorf("Total = %v, want the median of 6, 7 and 11 ms", got.Total)
	}
	want := []InitCost{{Package: "b", Clock: 5 * time.Millisecond}, {Package: "a", Clock: 2 * time.Millisecond}}
	if len(got.Packages) != 2 || got.Packages[0] != want[0] || got.Packages[1] != want[1] {
		t.Errorf("Packages = %+v, want %+v", got.Packages, want)
	}
}
