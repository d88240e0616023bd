package tools

import (
	"strconv"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// Output types carry no enums for values the engine sends: a server with a value
// we do not know would otherwise fail clients that check results against the schema.

// flowSummary is a flow as list tools show it.
type flowSummary struct {
	ID          string `json:"id" jsonschema_description:"Flow id"`
	DisplayName string `json:"displayName" jsonschema_description:"Flow name"`
	Status      string `json:"status" jsonschema_description:"ENABLED or DISABLED; ENABLED flows answer their trigger"`
	FolderID    string `json:"folderId,omitempty" jsonschema_description:"Folder id; absent when unfiled"`
	Published   bool   `json:"published" jsonschema_description:"True when a version is published"`
	Valid       bool   `json:"valid" jsonschema_description:"True when the latest version is complete"`
	Updated     string `json:"updated,omitempty" jsonschema_description:"Last change (ISO-8601)"`
}

// triggerOutline is a flow's trigger without its settings.
type triggerOutline struct {
	Type        string `json:"type" jsonschema_description:"EMPTY or PIECE_TRIGGER"`
	PieceName   string `json:"pieceName,omitempty" jsonschema_description:"Trigger piece"`
	TriggerName string `json:"triggerName,omitempty" jsonschema_description:"Trigger of the piece"`
	Valid       bool   `json:"valid" jsonschema_description:"True when configured"`
}

// stepOutline is one step of a flow, in execution order.
type stepOutline struct {
	Name        string `json:"name" jsonschema_description:"Step name (step_1, ...)"`
	DisplayName string `json:"displayName,omitempty" jsonschema_description:"Step label"`
	Type        string `json:"type" jsonschema_description:"PIECE, CODE, LOOP_ON_ITEMS or ROUTER"`
	Parent      string `json:"parent" jsonschema_description:"Step it follows or sits inside"`
	Depth       int    `json:"depth,omitempty" jsonschema_description:"Nesting level inside loops and branches"`
	Branch      string `json:"branch,omitempty" jsonschema_description:"Router branch it is in: router name: branch name"`
	PieceName   string `json:"pieceName,omitempty" jsonschema_description:"Piece of a PIECE step"`
	ActionName  string `json:"actionName,omitempty" jsonschema_description:"Action of a PIECE step"`
	Valid       bool   `json:"valid" jsonschema_description:"True when configured"`
	Skip        bool   `json:"skip,omitempty" jsonschema_description:"True when skipped"`
}

// flowDetail is one flow with its latest (or requested) version outlined.
type flowDetail struct {
	ID                 string          `json:"id" jsonschema_description:"Flow id"`
	ProjectID          string          `json:"projectId" jsonschema_description:"Project id"`
	DisplayName        string          `json:"displayName" jsonschema_description:"Flow name"`
	Status             string          `json:"status" jsonschema_description:"ENABLED or DISABLED; ENABLED flows answer their trigger"`
	FolderID           string          `json:"folderId,omitempty" jsonschema_description:"Folder id; absent when unfiled"`
	PublishedVersionID string          `json:"publishedVersionId,omitempty" jsonschema_description:"Published version id"`
	VersionID          string          `json:"versionId,omitempty" jsonschema_description:"Id of the version shown"`
	VersionState       string          `json:"versionState,omitempty" jsonschema_description:"DRAFT or LOCKED"`
	Valid              bool            `json:"valid" jsonschema_description:"True when the version is complete"`
	Trigger            *triggerOutline `json:"trigger,omitempty" jsonschema_description:"The trigger"`
	Steps              []stepOutline   `json:"steps" jsonschema_description:"Steps in execution order"`
	Definition         any             `json:"definition,omitempty" jsonschema_description:"With detail=full: the trigger and step graph with all settings"`
}

func summarizeFlow(f *workflows.FlowSummary) flowSummary {
	s := flowSummary{ID: f.ID, Status: string(f.Status), FolderID: deref(f.FolderID), Published: deref(f.PublishedVersionID) != "", Updated: f.Updated}
	if f.Version != nil {
		s.DisplayName = f.Version.DisplayName
		s.Valid = f.Version.Valid
	}
	return s
}

func detailFlow(f *workflows.Flow, full bool) flowDetail {
	d := flowDetail{ID: f.ID, ProjectID: f.ProjectID, Status: string(f.Status), FolderID: deref(f.FolderID),
		PublishedVersionID: deref(f.PublishedVersionID), Steps: []stepOutline{}}
	v := f.Version
	if v == nil {
		return d
	}
	d.DisplayName, d.VersionID, d.VersionState, d.Valid = v.DisplayName, v.ID, string(v.State), v.Valid
	d.Trigger = &triggerOutline{Type: string(v.Trigger.Type), PieceName: v.Trigger.Settings.PieceName,
		TriggerName: v.Trigger.Settings.TriggerName, Valid: v.Trigger.Valid}
	steps := workflows.WalkSteps(&v.Trigger)
	branches := branchOf(steps)
	for _, s := range steps {
		a := s.Action
		d.Steps = append(d.Steps, stepOutline{Name: a.Name, DisplayName: a.DisplayName, Type: string(a.Type), Parent: s.Parent,
			Depth: s.Depth, Branch: branches[a.Name], PieceName: a.Settings.PieceName, ActionName: a.Settings.ActionName, Valid: a.Valid, Skip: a.Skip})
	}
	if full {
		d.Definition = v.Trigger
	}
	return d
}

// branchOf tells, for each step inside a router branch, which one ("router:
// branch name"): the outline's parent alone says only which step a step
// follows, and a step that follows another inside a branch is in that
// step's branch. steps must be in WalkSteps' order, parents first.
func branchOf(steps []workflows.Step) map[string]string {
	byName := map[string]*workflows.Action{}
	in := map[string]string{}
	for _, s := range steps {
		byName[s.Action.Name] = s.Action
		switch s.Location {
		case workflows.LocationInsideBranch:
			label := s.Parent + ": branch " + strconv.Itoa(s.BranchIndex)
			if router := byName[s.Parent]; router != nil && s.BranchIndex < len(router.Settings.Branches) {
				label = s.Parent + ": " + router.Settings.Branches[s.BranchIndex].BranchName
			}
			in[s.Action.Name] = label
		default:
			// after a step, or inside a loop: in the same branch as the parent
			if label, ok := in[s.Parent]; ok {
				in[s.Action.Name] = label
			}
		}
	}
	return in
}
