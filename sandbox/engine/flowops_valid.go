package engine

import (
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/pieces"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// recomputeValidity sets Valid on the trigger, every step and the version, as
// the server does after each edit (what the request said is ignored). Piece
// inputs the piece does not declare are dropped. A piece or piece version the
// catalogue lacks is a 404, as on a server where it is not installed.
func recomputeValidity(cat *pieces.Catalogue, v *workflows.FlowVersion) error {
	valid, err := triggerValid(cat, &v.Trigger)
	if err != nil {
		return err
	}
	v.Trigger.Valid = valid
	allValid := valid
	for _, s := range workflows.WalkSteps(&v.Trigger) {
		ok, err := stepValid(cat, s.Action)
		if err != nil {
			return err
		}
		s.Action.Valid = ok
		allValid = allValid && ok
	}
	v.Valid = allValid
	return nil
}

func triggerValid(cat *pieces.Catalogue, t *workflows.Trigger) (bool, error) {
	if t.Type != workflows.TriggerPiece {
		return false, nil // an EMPTY trigger is never valid
	}
	piece, err := cat.Metadata(t.Settings.PieceName, t.Settings.PieceVersion)
	if err != nil {
		return false, err
	}
	component, ok := piece.Triggers[t.Settings.TriggerName]
	if !ok {
		return false, nil
	}
	return pieceInputValid(component, &t.Settings), nil
}

func stepValid(cat *pieces.Catalogue, a *workflows.Action) (bool, error) {
	switch a.Type {
	case workflows.ActionPiece:
		piece, err := cat.Metadata(a.Settings.PieceName, a.Settings.PieceVersion)
		if err != nil {
			return false, err
		}
		component, ok := piece.Actions[a.Settings.ActionName]
		if !ok {
			return false, nil
		}
		return pieceInputValid(component, &a.Settings), nil
	case workflows.ActionCode:
		return a.Settings.SourceCode != nil && strings.TrimSpace(a.Settings.SourceCode.Code) != "", nil
	case workflows.ActionLoop:
		return a.Settings.Items != nil && strings.TrimSpace(*a.Settings.Items) != "", nil
	case workflows.ActionRouter:
		return routerSettingsValid(a.Settings), nil
	}
	return false, nil
}

// pieceInputValid drops the input keys (and their property settings) the
// component does not declare, then checks that every required prop has a value.
func pieceInputValid(c workflows.PieceComponent, s *workflows.Settings) bool {
	for key := range s.Input {
		if _, declared := c.Props[key]; !declared {
			delete(s.Input, key)
		}
	}
	for key := range s.PropertySettings {
		if _, declared := c.Props[key]; !declared {
			delete(s.PropertySettings, key)
		}
	}
	for key, prop := range c.Props {
		if !prop.Required || prop.Type == "MARKDOWN" {
			continue
		}
		value, given := s.Input[key]
		if !given || value == nil || value == "" {
			return false
		}
	}
	return true
}

// routerSettingsValid wants a known execution type, at least one branch, and
// every condition branch to have conditions that each name an operator.
func routerSettingsValid(s workflows.Settings) bool {
	if s.ExecutionType != workflows.RouterFirstMatch && s.ExecutionType != workflows.RouterAllMatch {
		return false
	}
	if len(s.Branches) == 0 {
		return false
	}
	for _, b := range s.Branches {
		switch b.BranchType {
		case workflows.BranchFallback:
		case workflows.BranchCondition:
			if len(b.Conditions) == 0 {
				return false
			}
			for _, group := range b.Conditions {
				if len(group) == 0 {
					return false
				}
				for _, c := range group {
					if _, known := branchOperators[c.Operator]; !known {
						return false
					}
				}
			}
		default:
			return false
		}
	}
	return true
}
