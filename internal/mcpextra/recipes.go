package mcpextra

// Prompts are the bridge's worked recipes.
func Prompts() []Prompt {
	return []Prompt{webhookAPIPrompt(), debugFailedRunPrompt(), moveFlowsPrompt()}
}

// webhookAPIPrompt builds, publishes and calls a flow that answers HTTP calls.
func webhookAPIPrompt() Prompt {
	return Prompt{
		Name: "webhook_api", Title: "Build a webhook API",
		Description: "Build a flow that answers HTTP calls (webhook trigger → steps → Return Response), publish it, call it, and read the run.",
		Args: []PromptArg{
			{Name: "name", Description: "The flow's display name (default: Webhook API)"},
			{Name: "behaviour", Description: "What the API should do with the JSON it receives"},
			{Name: "folderId", Description: "Folder to create the flow in (list_folders lists them)", ID: true},
		},
		Render: func(args map[string]string) (string, []Step, string) {
			intro := "Build a webhook API as a flow"
			if b := args["behaviour"]; b != "" {
				intro += " that does this: " + b
			}
			intro += ". The flow starts when its webhook URL is called and answers with a Return Response step. " +
				"Read the resource " + BuildFlowURI + " for the step types, router conditions and {{...}} templates; " +
				"find other pieces with list_pieces and their required inputs with get_piece."
			build := map[string]any{"displayName": or(args["name"], "Webhook API"), "publish": true, "steps": []any{
				map[string]any{"name": "reply", "type": "PIECE", "pieceName": "@activepieces/piece-webhook", "actionName": "return_response",
					"input": map[string]any{"responseType": "json", "fields": map[string]any{
						"status": 200, "headers": map[string]any{}, "body": map[string]any{"echo": "{{trigger.body.message}}"}}}},
			}}
			setIf(build, "folderId", args, "folderId", nil)
			steps := []Step{
				{Tool: "build_flow", Args: build,
					Why: "Put the steps that do the work before reply, and make reply's body the answer. publish: true publishes and enables the flow. Note the flow id it returns."},
				{Tool: "trigger_flow_sync", Args: map[string]any{"flowId": "<the flow id>", "payload": map[string]any{"message": "hello"}},
					Why: "Calls the webhook and waits for the Return Response: check status and body. The result names the run it started (runId)."},
				{Tool: "get_run", Args: map[string]any{"runId": "<the runId from trigger_flow_sync>", "detail": "full"},
					Why: "Shows each step's input and output. If the run failed, failedStep says where; fix that step with apply_flow_operation (UPDATE_ACTION, then LOCK_AND_PUBLISH) and call again."},
			}
			return intro, steps, "Finish by telling the user the flow id and how to call it: POST JSON to the flow's webhook, with /sync for an answer."
		},
	}
}

// debugFailedRunPrompt finds the newest failed run and explains it.
func debugFailedRunPrompt() Prompt {
	return Prompt{
		Name: "debug_failed_run", Title: "Debug the last failed run",
		Description: "Find the newest failed run (of one flow, or of any), see which step failed and why, and fix the flow.",
		Args: []PromptArg{
			{Name: "flowId", Description: "Only runs of this flow (list_flows lists them)", ID: true},
			{Name: "runId", Description: "Debug this run instead of looking for the newest failed one", ID: true},
		},
		Render: func(args map[string]string) (string, []Step, string) {
			intro := "Debug the newest failed flow run"
			if f := args["flowId"]; f != "" {
				intro = "Debug the newest failed run of flow " + f
			}
			var steps []Step
			runID := "<the id of the newest failed run>"
			if r := args["runId"]; r != "" {
				intro, runID = "Debug run "+r, r
			} else {
				list := map[string]any{"status": "FAILED", "limit": 1}
				setIf(list, "flowId", args, "flowId", nil)
				steps = append(steps, Step{Tool: "list_runs", Args: list,
					Why: "The newest failed run comes first. No run: say there is no failed run, and stop."})
			}
			steps = append(steps,
				Step{Tool: "get_run", Args: map[string]any{"runId": runID, "detail": "full"},
					Why: "failedStep names the step that failed; its error, input and output say why (a {{...}} reference that gave nothing, a missing required input, the service's answer)."},
				Step{Tool: "get_flow", Args: map[string]any{"flowId": or(args["flowId"], "<the run's flowId>"), "detail": "full"},
					Why: "Shows the failed step's settings as they are now: compare them with what the run received."},
				Step{Tool: "apply_flow_operation", Args: map[string]any{"flowId": "<the flow id>", "type": "UPDATE_ACTION",
					"action": map[string]any{"name": "<the failed step's name>", "type": "PIECE", "pieceName": "<its pieceName>",
						"actionName": "<its actionName>", "input": map[string]any{"<the input to fix>": "<its new value>"}}},
					Why: "Only after the user agrees to the fix. Give the step's whole input: it replaces the old one."},
				Step{Tool: "apply_flow_operation", Args: map[string]any{"flowId": "<the flow id>", "type": "LOCK_AND_PUBLISH"},
					Why: "Publishes the fixed version, so the next trigger runs it."},
			)
			return intro + ": find out which step failed and why, then propose a fix.", steps,
				"Explain the cause in a sentence or two before changing anything. The resource " + runTemplate +
					" is the same run; a client can subscribe to it to hear when a new run ends."
		},
	}
}

// moveFlowsPrompt moves flows from one folder (or none) to another.
func moveFlowsPrompt() Prompt {
	return Prompt{
		Name: "move_flows", Title: "Move flows between folders",
		Description: "Move flows into a folder: from another folder, from no folder, or those whose name contains a text.",
		Args: []PromptArg{
			{Name: "folderId", Description: "The folder to move the flows into (list_folders lists them); NULL takes them out of every folder",
				Required: true, ID: true, Null: true},
			{Name: "sourceFolderId", Description: "Move the flows of this folder; NULL for flows in no folder", ID: true, Null: true},
			{Name: "name", Description: "Only flows whose name contains this"},
		},
		Render: func(args map[string]string) (string, []Step, string) {
			target := or(args["folderId"], "<the target folder id>")
			list := map[string]any{"limit": 100}
			setIf(list, "folderId", args, "sourceFolderId", nil)
			setIf(list, "name", args, "name", nil)
			steps := []Step{
				{Tool: "list_folders", Args: map[string]any{"limit": 100},
					Why: "Check that the target folder exists and note its name (and the source folder's)."},
				{Tool: "list_flows", Args: list,
					Why: "These are the flows to move; page with cursor while hasMore is true. Show the user the list before moving anything."},
				{Tool: "apply_flow_operation", Args: map[string]any{"flowId": "<each flow's id>", "type": "CHANGE_FOLDER", "folderId": target},
					Why: "Once per flow. folderId NULL would take a flow out of every folder instead."},
				{Tool: "list_flows", Args: map[string]any{"folderId": target, "limit": 100},
					Why: "Check that the moved flows are there."},
			}
			return "Move flows into folder " + target + ".", steps, "Report how many flows moved and any that failed, with the error."
		},
	}
}
