package engine

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// readAction reads a step as ADD_ACTION (request/action) and UPDATE_ACTION
// (request) carry it. The request's "valid" is ignored: the engine decides.
func readAction(r opRequest) (*workflows.Action, error) {
	a := &workflows.Action{}
	var err error
	if a.Name, err = r.str("name", true); err != nil {
		return nil, err
	}
	if a.DisplayName, err = r.str("displayName", true); err != nil {
		return nil, err
	}
	typ, err := r.enum("type", true, "", string(workflows.ActionCode), string(workflows.ActionPiece),
		string(workflows.ActionLoop), string(workflows.ActionRouter))
	if err != nil {
		return nil, err
	}
	a.Type = workflows.ActionType(typ)
	if err := r.decode("skip", false, &a.Skip, "must be boolean"); err != nil {
		return nil, err
	}
	if err := r.decode("settings", true, &a.Settings, "must be object"); err != nil {
		return nil, err
	}
	if a.Type == workflows.ActionRouter {
		fitChildren(a)
	}
	return a, nil
}

func opAddAction(env OpEnv, flow *workflows.Flow, req opRequest) error {
	place, err := readStepPlace(req, "parentStep")
	if err != nil {
		return err
	}
	actionReq, err := req.sub("action")
	if err != nil {
		return err
	}
	action, err := readAction(actionReq)
	if err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		if place.parent != "trigger" && place.parent != v.Trigger.Name && findSlot(&v.Trigger, place.parent) == nil {
			// Activepieces inserts the step while it walks the tree: under a
			// parent that is not there, nothing happens and the answer is 200.
			// The MCP tools catch this mistake before sending it.
			return nil
		}
		if err := checkStepName(action.Name, stepNames(&v.Trigger)); err != nil {
			return err
		}
		slot, err := placeSlot(&v.Trigger, place)
		if err != nil {
			return err
		}
		stampUpdated(&action.Extra, opTimestamp(env), true)
		insertAt(slot, action)
		return nil
	})
}

// opUpdateAction replaces a step's name-independent parts. Its place and next
// step stay; a loop keeps its body and a router its branches' steps while the
// type is unchanged (a router's children follow its new branch count).
func opUpdateAction(env OpEnv, flow *workflows.Flow, req opRequest) error {
	update, err := readAction(req)
	if err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		slot, err := stepSlot(&v.Trigger, update.Name)
		if err != nil {
			return err
		}
		old := *slot
		update.NextAction = old.NextAction
		if !req.present("skip") {
			update.Skip = old.Skip
		}
		if update.Type == old.Type {
			update.FirstLoopAction = old.FirstLoopAction
			update.OnSuccessAction, update.OnFailureAction = old.OnSuccessAction, old.OnFailureAction
			if update.Type == workflows.ActionRouter {
				update.Children = old.Children
				fitChildren(update)
			}
		}
		update.Extra = old.Extra
		stampUpdated(&update.Extra, opTimestamp(env), true)
		*slot = update
		return nil
	})
}

// opDeleteAction deletes steps with everything inside them (loop bodies, branches).
func opDeleteAction(env OpEnv, flow *workflows.Flow, req opRequest) error {
	names, err := req.names("names")
	if err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		for _, name := range names {
			if name == "trigger" || name == v.Trigger.Name {
				return apierr.InvalidOperation("the trigger cannot be deleted; change it with UPDATE_TRIGGER")
			}
			if _, err := stepSlot(&v.Trigger, name); err != nil {
				return err
			}
		}
		for _, name := range names {
			if slot := findSlot(&v.Trigger, name); slot != nil { // gone already when inside a deleted step
				*slot = (*slot).NextAction
			}
		}
		return nil
	})
}

// opDuplicateAction copies a step, with its inner steps, right after itself;
// every copied step gets a new unused name step_N, and references between the
// copied steps ({{loop_1.item}} inside a copied loop) follow the new names.
func opDuplicateAction(env OpEnv, flow *workflows.Flow, req opRequest) error {
	name, err := req.str("stepName", true)
	if err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		slot, err := stepSlot(&v.Trigger, name)
		if err != nil {
			return err
		}
		original := *slot
		next := original.NextAction
		original.NextAction = nil
		dup, err := cloneAction(original)
		original.NextAction = next
		if err != nil {
			return err
		}
		taken := stepNames(&v.Trigger)
		renamed := map[string]string{}
		copies := workflows.WalkSteps(&workflows.Trigger{NextAction: dup})
		for _, s := range copies {
			newName := unusedStepName(taken)
			renamed[s.Action.Name], s.Action.Name = newName, newName
			taken[newName] = true
			stampUpdated(&s.Action.Extra, opTimestamp(env), true)
		}
		for _, s := range copies {
			if err := renameReferences(&s.Action.Settings, renamed); err != nil {
				return err
			}
		}
		insertAt(&original.NextAction, dup)
		return nil
	})
}

// opMoveAction moves a step, with its inner steps, to a new place.
func opMoveAction(env OpEnv, flow *workflows.Flow, req opRequest) error {
	name, err := req.str("name", true)
	if err != nil {
		return err
	}
	place, err := readStepPlace(req, "newParentStep")
	if err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		slot, err := stepSlot(&v.Trigger, name)
		if err != nil {
			return err
		}
		moved := *slot
		*slot = moved.NextAction // unlink; the steps after it close the gap
		moved.NextAction = nil
		for _, s := range workflows.WalkSteps(&workflows.Trigger{NextAction: moved}) {
			if s.Action.Name == place.parent {
				return apierr.InvalidOperation("step %q cannot be moved after or inside itself or its own inner steps", name)
			}
		}
		target, err := placeSlot(&v.Trigger, place)
		if err != nil {
			return err
		}
		insertAt(target, moved)
		return nil
	})
}

func opSetSkipAction(env OpEnv, flow *workflows.Flow, req opRequest) error {
	names, err := req.names("names")
	if err != nil {
		return err
	}
	var skip bool
	if err := req.decode("skip", true, &skip, "must be boolean"); err != nil {
		return err
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		for _, name := range names {
			slot, err := stepSlot(&v.Trigger, name)
			if err != nil {
				return err
			}
			(*slot).Skip = skip
		}
		return nil
	})
}

// opUpdateTrigger replaces the trigger; the steps after it stay.
func opUpdateTrigger(env OpEnv, flow *workflows.Flow, req opRequest) error {
	var t workflows.Trigger
	var err error
	if t.Name, err = req.str("name", false); err != nil {
		return err
	}
	if t.Name == "" {
		t.Name = "trigger"
	}
	if t.DisplayName, err = req.str("displayName", true); err != nil {
		return err
	}
	typ, err := req.enum("type", true, "", string(workflows.TriggerEmpty), string(workflows.TriggerPiece))
	if err != nil {
		return err
	}
	t.Type = workflows.TriggerType(typ)
	if err := req.decode("settings", t.Type == workflows.TriggerPiece, &t.Settings, "must be object"); err != nil {
		return err
	}
	if t.Name != "trigger" {
		return apierr.InvalidOperation("the trigger must be named \"trigger\", not %q", t.Name)
	}
	return editDraft(env, flow, func(v *workflows.FlowVersion) error {
		t.NextAction = v.Trigger.NextAction
		t.Extra = v.Trigger.Extra
		stampUpdated(&t.Extra, opTimestamp(env), true)
		v.Trigger = t
		return nil
	})
}

// renameReferences rewrites the {{name...}} references in settings that name a
// renamed step.
func renameReferences(settings *workflows.Settings, renamed map[string]string) error {
	names := make([]string, 0, len(renamed))
	for old := range renamed {
		names = append(names, regexp.QuoteMeta(old))
	}
	pattern := regexp.MustCompile(`\{\{(\s*)(` + strings.Join(names, "|") + `)\b`)
	data, err := json.Marshal(settings)
	if err != nil {
		return err
	}
	data = pattern.ReplaceAllFunc(data, func(m []byte) []byte {
		sub := pattern.FindSubmatch(m)
		return []byte("{{" + string(sub[1]) + renamed[string(sub[2])])
	})
	var out workflows.Settings
	if err := json.Unmarshal(data, &out); err != nil {
		return err
	}
	*settings = out
	return nil
}
