package tools

import (
	"strings"
	"testing"
)

func TestGuideLeadsWithTheShortestPathAndHoldsTheReference(t *testing.T) {
	g := Guide(false)
	path := []string{"build_flow", "publish:true", "trigger_flow_sync", "get_run"}
	at := 0
	for _, step := range path {
		i := strings.Index(g[at:], step)
		if i < 0 {
			t.Fatalf("the guide lacks %q after position %d: %s", step, at, g)
		}
		at += i
	}
	if !strings.HasPrefix(g, "Shortest path to a working flow: build_flow") {
		t.Errorf("the guide does not lead with the shortest path: %.80s", g)
	}
	for _, op := range branchOperators {
		if !strings.Contains(g, op) {
			t.Errorf("the guide lacks router operator %s", op)
		}
	}
	for _, must := range []string{"dryRun:true", "{{trigger.body.x}}", "return_response", "CHANGE_FOLDER moves the flow", "test_trigger only captures"} {
		if !strings.Contains(g, must) {
			t.Errorf("the guide lacks %q", must)
		}
	}
	if ro := Guide(true); strings.Contains(ro, "build_flow") || !strings.Contains(ro, "read-only") {
		t.Errorf("the read-only guide offers write tools or does not say it is read-only: %s", ro)
	}
}
