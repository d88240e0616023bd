package workflows

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// realisticStep is one CODE step as Activepieces stores it, with the nulls and
// members this package does not declare; %s is the step's name, %s its nextAction.
const realisticStep = `{"name":%q,"displayName":"Normalize order","type":"CODE","valid":true,"skip":false,
"lastUpdatedDate":"2025-03-14T10:02:10.990Z","customLogoUrl":null,
"settings":{"sourceCode":{"code":"export const code = async (inputs) => ({ total: inputs.order.total });","packageJson":"{}"},
"input":{"order":"{{trigger.body.order}}","retries":3,"strict":true},"inputUiInfo":{"customizedInputs":{}},
"errorHandlingOptions":{"continueOnFailure":{"value":false},"retryOnFailure":{"value":false}}},"nextAction":%s}`

// flowWithSteps is a published flow whose trigger is followed by a chain of n
// steps: each step nests the next, so the document is n objects deep.
func flowWithSteps(n int) []byte {
	next := "null"
	for i := n; i >= 1; i-- {
		next = fmt.Sprintf(realisticStep, fmt.Sprintf("step_%d", i), next)
	}
	return []byte(`{"id":"9ZsVnO0o3fKq8dJxYtR2a","created":"2025-03-14T09:26:53.589Z","updated":"2025-03-14T10:02:11.004Z",
"projectId":"pRj0ct5kG7hXw2LmQnB4v","externalId":"9ZsVnO0o3fKq8dJxYtR2a","ownerId":null,"folderId":null,
"status":"ENABLED","publishedVersionId":"vEr51onLkD8sQ3mZpT6yW","metadata":null,"operationStatus":"NONE",
"version":{"id":"vEr51onLkD8sQ3mZpT6yW","flowId":"9ZsVnO0o3fKq8dJxYtR2a","displayName":"Order intake",
"trigger":{"name":"trigger","valid":true,"displayName":"Catch Webhook","type":"PIECE_TRIGGER",
"settings":{"pieceName":"@activepieces/piece-webhook","pieceVersion":"~0.1.24","triggerName":"catch_webhook",
"input":{"authType":"none"},"propertySettings":{"authType":{"type":"MANUAL","schema":null}}},
"nextAction":` + next + `},"valid":true,"state":"LOCKED","connectionIds":[],"agentIds":[],"backupFiles":null}}`)
}

// flowPage is a page of n flows of 5 steps each, as GET /v1/flows answers.
func flowPage(n int) []byte {
	flows := make([]string, n)
	for i := range flows {
		flows[i] = string(flowWithSteps(5))
	}
	return []byte(`{"data":[` + strings.Join(flows, ",") + `],"next":null,"previous":null}`)
}

// runWithOutputs is a run with n step outputs.
func runWithOutputs(n int) []byte {
	steps := make([]string, n)
	for i := range steps {
		steps[i] = fmt.Sprintf(`"step_%d":{"type":"CODE","status":"SUCCEEDED","input":{"order":{"id":%d,"items":[1,2,3]}},
"output":{"total":%d,"lines":["a","b"]},"duration":12,"errorMessage":null}`, i+1, i, i*3)
	}
	return []byte(`{"id":"rUn0000000000000000a1","projectId":"pRj0ct5kG7hXw2LmQnB4v","flowId":"9ZsVnO0o3fKq8dJxYtR2a",
"flowVersionId":"vEr51onLkD8sQ3mZpT6yW","status":"SUCCEEDED","environment":"PRODUCTION","startTime":"2025-03-14T10:05:00.000Z",
"finishTime":"2025-03-14T10:05:01.250Z","tags":[],"failedStep":null,"steps":{` + strings.Join(steps, ",") + `}}`)
}

// decodeCases are the documents the decoding benchmarks and the linearity test
// use, by size.
func decodeCases() []struct {
	name string
	doc  []byte
	into func() any
} {
	type c = struct {
		name string
		doc  []byte
		into func() any
	}
	var cases []c
	for _, n := range []int{1, 20, 40, 200} {
		cases = append(cases, c{fmt.Sprintf("flow/steps=%d", n), flowWithSteps(n), func() any { return new(Flow) }})
	}
	for _, n := range []int{1, 20, 100} {
		cases = append(cases, c{fmt.Sprintf("page/flows=%d", n), flowPage(n), func() any { return new(SeekPage[Flow]) }})
	}
	cases = append(cases, c{"run/outputs=100", runWithOutputs(100), func() any { return new(FlowRun) }})
	return cases
}

// BenchmarkDecode decodes each document into its model, and into a plain any
// for comparison: the model's decoding should cost a small constant times the
// plain decoding at every size.
func BenchmarkDecode(b *testing.B) {
	for _, tc := range decodeCases() {
		b.Run(tc.name+"/model", func(b *testing.B) {
			b.SetBytes(int64(len(tc.doc)))
			b.ReportAllocs()
			for b.Loop() {
				if err := json.Unmarshal(tc.doc, tc.into()); err != nil {
					b.Fatal(err)
				}
			}
		})
		if strings.HasPrefix(tc.name, "page/") {
			b.Run(tc.name+"/summaries", func(b *testing.B) {
				b.SetBytes(int64(len(tc.doc)))
				b.ReportAllocs()
				for b.Loop() {
					var page SeekPage[FlowSummary]
					if err := Unmarshal(tc.doc, &page); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(tc.name+"/any", func(b *testing.B) {
			b.SetBytes(int64(len(tc.doc)))
			b.ReportAllocs()
			for b.Loop() {
				var v any
				if err := json.Unmarshal(tc.doc, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncode encodes decoded models back, with what Extra kept.
func BenchmarkEncode(b *testing.B) {
	for _, tc := range decodeCases() {
		v := tc.into()
		if err := json.Unmarshal(tc.doc, v); err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
