package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// runLoop runs a LOOP_ON_ITEMS step's body once per item. Inside the body,
// {{loop.item}} and {{loop.index}} (1-based, as in Activepieces) name the
// current item. The loop's output is {item, index, iterations}: the last item
// and index, and for each iteration the runs of the body's steps by name (the
// steps map of the run holds the last iteration's). A loop fails when a step
// inside it fails.
func (r *runner) runLoop(a *workflows.Action, started time.Time) chainEnd {
	itemsTemplate := ""
	if a.Settings.Items != nil {
		itemsTemplate = *a.Settings.Items
	}
	resolved, err := resolveTemplateString(itemsTemplate, r.scope)
	if err != nil {
		return r.stepError(a, started, map[string]any{"items": itemsTemplate}, err)
	}
	input := map[string]any{"items": resolved}
	items, ok := jsonvalue.List(resolved)
	if !ok {
		return r.stepError(a, started, input, fmt.Errorf("items must resolve to a list, but %q gave %s",
			itemsTemplate, jsonvalue.Kind(resolved)))
	}
	output := map[string]any{"item": nil, "index": 0, "iterations": []map[string]workflows.StepRun{}}
	iterations := []map[string]workflows.StepRun{}
	end := chainDone
	for i, item := range items {
		output["item"], output["index"] = item, i+1
		r.scope[a.Name] = map[string]any{"item": item, "index": float64(i + 1)}
		r.iterations = append(r.iterations, map[string]workflows.StepRun{})
		end = r.runChain(a.FirstLoopAction)
		iterations = append(iterations, r.iterations[len(r.iterations)-1])
		r.iterations = r.iterations[:len(r.iterations)-1]
		if end != chainDone {
			break
		}
	}
	output["iterations"] = iterations
	r.scope[a.Name] = genericJSON(output)
	return r.endContainer(a, started, input, output, end)
}

// endContainer records a loop or a router, which failed when a step it ran
// failed, and passes on how its steps ended.
func (r *runner) endContainer(a *workflows.Action, started time.Time, input, output any, end chainEnd) chainEnd {
	status := stepSucceeded
	if end == chainFailed {
		status = stepFailed
	}
	r.record(a, workflows.StepRun{Type: string(a.Type), Status: status, Input: rawJSON(input),
		Output: rawJSON(output), Duration: durationMs(started)})
	return end
}

// runRouter evaluates a ROUTER's branches and runs the steps of the chosen
// ones in order. Its output is {branches: [{branchName, branchIndex, evaluation}]}.
// A router fails when a step inside a branch it ran fails.
func (r *runner) runRouter(a *workflows.Action, started time.Time) chainEnd {
	input := routerInput(a.Settings, r.scope)
	if a.Settings.ExecutionType != workflows.RouterFirstMatch && a.Settings.ExecutionType != workflows.RouterAllMatch {
		return r.stepError(a, started, input, fmt.Errorf("executionType must be EXECUTE_FIRST_MATCH or EXECUTE_ALL_MATCH, not %q",
			a.Settings.ExecutionType))
	}
	evaluations, err := evaluateBranches(a.Settings, r.scope)
	if err != nil {
		return r.stepError(a, started, input, err)
	}
	output := map[string]any{"branches": evaluations}
	r.scope[a.Name] = genericJSON(output)
	end := chainDone
	for i, e := range evaluations {
		if !e.Evaluation || i >= len(a.Children) {
			continue
		}
		if end = r.runChain(a.Children[i]); end != chainDone {
			break
		}
	}
	return r.endContainer(a, started, input, output, end)
}

// routerInput is a router's settings with each condition's values resolved.
func routerInput(s workflows.Settings, scope runScope) map[string]any {
	branches := make([]any, len(s.Branches))
	for i, b := range s.Branches {
		groups := make([]any, len(b.Conditions))
		for g, group := range b.Conditions {
			conditions := make([]any, len(group))
			for c, cond := range group {
				first, _ := resolveTemplateString(cond.FirstValue, scope)
				second, _ := resolveTemplateString(cond.SecondValue, scope)
				conditions[c] = map[string]any{"firstValue": first, "operator": cond.Operator,
					"secondValue": second, "caseSensitive": cond.CaseSensitive != nil && *cond.CaseSensitive}
			}
			groups[g] = conditions
		}
		branches[i] = map[string]any{"branchName": b.BranchName, "branchType": b.BranchType, "conditions": groups}
	}
	return map[string]any{"executionType": s.ExecutionType, "branches": branches}
}

// runReturnResponse answers a sync webhook caller, as the webhook piece's
// Return Response does: responseType json (the body is JSON; a text body is
// parsed as JSON), raw (the body is sent as text) or redirect (301 to the
// URL in body); respond "stop" ends the run, "respond" answers and goes on.
// Only the first response reaches the caller.
func runReturnResponse(r *runner, props map[string]any) (any, chainEnd, error) {
	responseType := textOr(props["responseType"], "json")
	respond := textOr(props["respond"], "stop")
	if respond != "stop" && respond != "respond" {
		return nil, 0, fmt.Errorf("respond must be stop or respond, not %q", respond)
	}
	fields, ok := props["fields"].(map[string]any)
	if !ok && props["fields"] != nil {
		return nil, 0, fmt.Errorf("fields must be an object with status, headers and body, not %s", jsonvalue.Kind(props["fields"]))
	}
	status, err := responseStatus(fields["status"])
	if err != nil {
		return nil, 0, err
	}
	headers, err := responseHeaders(fields["headers"])
	if err != nil {
		return nil, 0, err
	}
	resp := flowResponse{Status: status, Headers: headers}
	switch responseType {
	case "json":
		if resp.Body, err = responseJSONBody(fields["body"]); err != nil {
			return nil, 0, err
		}
	case "raw":
		resp.Body, resp.Raw = jsonvalue.Text(fields["body"]), true
	case "redirect":
		target := strings.TrimSpace(jsonvalue.Text(fields["body"]))
		if target == "" {
			return nil, 0, errors.New("a redirect needs the URL in fields.body")
		}
		if !strings.Contains(target, "://") {
			target = "https://" + target
		}
		resp.Status, resp.Body, resp.Raw = 301, target, true
		resp.Headers["Location"] = target
	default:
		return nil, 0, fmt.Errorf("responseType must be json, raw or redirect, not %q", responseType)
	}
	if !r.responded {
		r.responded = true
		if r.env.Respond != nil {
			r.env.Respond(resp)
		}
	}
	output := map[string]any{"status": resp.Status, "headers": resp.Headers, "body": resp.Body}
	if respond == "stop" {
		return output, chainStopped, nil
	}
	return output, chainDone, nil
}

func responseStatus(v any) (int, error) {
	if v == nil || v == "" {
		return 200, nil
	}
	n, ok := jsonvalue.Number(v)
	if !ok || n != math.Trunc(n) || n < 100 || n > 599 {
		return 0, fmt.Errorf("fields.status must be an HTTP status code from 100 to 599, not %s", jsonvalue.Text(v))
	}
	return int(n), nil
}

func responseHeaders(v any) (map[string]string, error) {
	headers := map[string]string{}
	if v == nil || v == "" {
		return headers, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("fields.headers must be an object of header names to values, not %s", jsonvalue.Kind(v))
	}
	for k, value := range m {
		headers[k] = jsonvalue.Text(value)
	}
	return headers, nil
}

// responseJSONBody parses a text body as JSON, as Activepieces does; other values are sent as they are.
func responseJSONBody(v any) (any, error) {
	if v == nil {
		return nil, errors.New("fields.body must be JSON for responseType json, but it is empty")
	}
	text, isText := v.(string)
	if !isText {
		return v, nil
	}
	var body any
	if err := json.Unmarshal([]byte(text), &body); err != nil {
		return nil, fmt.Errorf("fields.body must be JSON for responseType json, but it is the text %q; "+
			"use responseType raw to send text", jsonvalue.Truncate(text, 80))
	}
	return body, nil
}

// delayUnits are the units of the delay piece's Delay For.
var delayUnits = map[string]time.Duration{
	"seconds": time.Second, "minutes": time.Minute, "hours": time.Hour, "days": 24 * time.Hour,
}

// runDelayFor waits delayFor units, shortened to the sandbox's maximum delay.
// Its output is Activepieces' {delayForInMs, success}, plus waitedInMs when
// the wait was shortened.
func runDelayFor(r *runner, props map[string]any) (any, chainEnd, error) {
	unitName := textOr(props["unit"], "seconds")
	unit, ok := delayUnits[unitName]
	if !ok {
		return nil, 0, fmt.Errorf("unit must be seconds, minutes, hours or days, not %q", unitName)
	}
	amount, ok := jsonvalue.Number(props["delayFor"])
	if !ok || amount < 0 {
		return nil, 0, fmt.Errorf("delayFor must be a number of %s, at least 0, not %s", unitName, jsonvalue.Text(props["delayFor"]))
	}
	requested := time.Duration(amount * float64(unit))
	output := map[string]any{"delayForInMs": requested.Milliseconds(), "success": true}
	waited := r.capDelay(requested)
	if waited != requested {
		output["waitedInMs"] = waited.Milliseconds()
	}
	if err := r.wait(waited); err != nil {
		return nil, 0, err
	}
	return output, chainDone, nil
}

// runDelayUntil waits until delayUntilTimestamp, shortened to the sandbox's maximum delay.
func runDelayUntil(r *runner, props map[string]any) (any, chainEnd, error) {
	until, ok := jsonvalue.Date(props["delayUntilTimestamp"])
	if !ok {
		return nil, 0, fmt.Errorf("delayUntilTimestamp must be an ISO-8601 date and time, not %q",
			jsonvalue.Text(props["delayUntilTimestamp"]))
	}
	requested := time.Until(until)
	output := map[string]any{"delayTill": until.UTC().Format(time.RFC3339Nano), "success": true}
	waited := r.capDelay(requested)
	if waited != requested && requested > 0 {
		output["waitedInMs"] = waited.Milliseconds()
	}
	if err := r.wait(waited); err != nil {
		return nil, 0, err
	}
	return output, chainDone, nil
}

func (r *runner) capDelay(d time.Duration) time.Duration {
	if r.env.MaxDelay > 0 && d > r.env.MaxDelay {
		return r.env.MaxDelay
	}
	return d
}

// textOr is v as text, or def when v is empty.
func textOr(v any, def string) string {
	if s := jsonvalue.Text(v); s != "" {
		return s
	}
	return def
}
