package tools

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/tools/toolkit"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// maxStepDataBytes bounds one step input or output in a run's full detail.
const maxStepDataBytes = 2000

// runSummary is a run as list tools show it.
type runSummary struct {
	ID         string         `json:"id" jsonschema_description:"Run id"`
	FlowID     string         `json:"flowId" jsonschema_description:"Flow id"`
	Status     string         `json:"status" jsonschema_description:"QUEUED, RUNNING, PAUSED, or a final status such as SUCCEEDED or FAILED"`
	Created    string         `json:"created,omitempty" jsonschema_description:"Creation time (ISO-8601)"`
	DurationMs int64          `json:"durationMs,omitempty" jsonschema_description:"finishTime - startTime"`
	FailedStep *failedStepOut `json:"failedStep,omitempty" jsonschema_description:"Where a failed run stopped"`
}

// failedStepOut names the step a run failed at.
type failedStepOut struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName,omitempty"`
	Message     string `json:"message,omitempty"`
}

// stepRunOut is what one step did in a run.
type stepRunOut struct {
	Name       string  `json:"name" jsonschema_description:"Step name"`
	Type       string  `json:"type,omitempty"`
	Status     string  `json:"status" jsonschema_description:"SUCCEEDED, FAILED, SKIPPED, ..."`
	DurationMs float64 `json:"durationMs,omitempty"`
	Error      any     `json:"error,omitempty" jsonschema_description:"Error message of a failed step"`
	Input      any     `json:"input,omitempty" jsonschema_description:"detail=full: the step's resolved input (long values cut)"`
	Output     any     `json:"output,omitempty" jsonschema_description:"detail=full: the step's output (long values cut)"`
}

// runDetail is one run with its steps.
type runDetail struct {
	runSummary
	FlowVersionID string       `json:"flowVersionId,omitempty" jsonschema_description:"Flow version that ran"`
	StartTime     string       `json:"startTime,omitempty"`
	FinishTime    string       `json:"finishTime,omitempty"`
	Done          bool         `json:"done" jsonschema_description:"True when the status is final"`
	Steps         []stepRunOut `json:"steps" jsonschema_description:"Steps in order, trigger first"`
}

func summarizeRun(r *workflows.FlowRun) runSummary {
	s := runSummary{ID: r.ID, FlowID: r.FlowID, Status: string(r.Status), Created: r.Created, DurationMs: durationMs(r.StartTime, r.FinishTime)}
	if r.FailedStep != nil {
		s.FailedStep = &failedStepOut{Name: r.FailedStep.Name, DisplayName: r.FailedStep.DisplayName, Message: r.FailedStep.Message}
	}
	return s
}

func durationMs(start, finish *string) int64 {
	if start == nil || finish == nil {
		return 0
	}
	s, err1 := time.Parse(time.RFC3339Nano, *start)
	f, err2 := time.Parse(time.RFC3339Nano, *finish)
	if err1 != nil || err2 != nil || f.Before(s) {
		return 0
	}
	return f.Sub(s).Milliseconds()
}

// runView says how much of a run's steps to show.
type runView struct {
	full     bool   // inputs and outputs, cut at maxStepDataBytes
	stepName string // only this step, cut at a larger bound
}

func detailRun(r *workflows.FlowRun, view runView) runDetail {
	d := runDetail{runSummary: summarizeRun(r), FlowVersionID: r.FlowVersionID, StartTime: deref(r.StartTime),
		FinishTime: deref(r.FinishTime), Done: r.Status.Terminal(), Steps: []stepRunOut{}}
	for _, name := range orderedStepNames(r.Steps) {
		if view.stepName != "" && name != view.stepName {
			continue
		}
		st := r.Steps[name]
		out := stepRunOut{Name: name, Type: st.Type, Status: st.Status, Error: jsonValue(st.ErrorMessage)}
		if st.Duration != nil {
			out.DurationMs = *st.Duration
		}
		switch {
		case view.stepName != "":
			limit := toolkit.MaxResultBytes/2 - 1024
			out.Input = toolkit.CutJSON(st.Input, limit, "the input is too long to show whole")
			out.Output = toolkit.CutJSON(st.Output, limit, "the output is too long to show whole")
		case view.full:
			whole := "get_run with stepName=" + name + " shows more"
			out.Input = toolkit.CutJSON(st.Input, maxStepDataBytes, whole)
			out.Output = toolkit.CutJSON(st.Output, maxStepDataBytes, whole)
		}
		d.Steps = append(d.Steps, out)
	}
	return d
}

// jsonValue decodes a small JSON value (an error message) for display; nil when absent.
func jsonValue(raw json.RawMessage) any {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return toolkit.CutJSON(raw, maxStepDataBytes, "get_run with stepName shows more")
}

// orderedStepNames puts the trigger first and step_N in numeric order; other
// names follow alphabetically.
func orderedStepNames(steps map[string]workflows.StepRun) []string {
	names := make([]string, 0, len(steps))
	for n := range steps {
		names = append(names, n)
	}
	rank := func(n string) (int, int) {
		if n == "trigger" {
			return 0, 0
		}
		if num, err := strconv.Atoi(strings.TrimPrefix(n, "step_")); err == nil && strings.HasPrefix(n, "step_") {
			return 1, num
		}
		return 2, 0
	}
	sort.Slice(names, func(i, j int) bool {
		ci, ni := rank(names[i])
		cj, nj := rank(names[j])
		if ci != cj {
			return ci < cj
		}
		if ni != nj {
			return ni < nj
		}
		return names[i] < names[j]
	})
	return names
}
