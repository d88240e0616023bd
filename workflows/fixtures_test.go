package workflows

import "os"

// populatedFlowJSON is a published flow with a webhook trigger, a CODE step with
// error-handling branches, a loop, and a router with an empty branch.
var populatedFlowJSON = func() string {
	b, err := os.ReadFile("testdata/populated_flow.json")
	if err != nil {
		panic(err)
	}
	return string(b)
}()
