package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// POST /v1/pieces/options answers the choices of a dropdown property. On
// Activepieces the server has its engine run the property's options function
// and answers the engine's result, {type, options: {disabled?, placeholder?,
// options: [{label, value}]}} (ExecutePropsResult in pieces-framework). The
// sandbox runs no piece code, and its catalogue has only static dropdowns, so
// it answers their options from the metadata, in that same shape.

// pieceVersionPattern is Activepieces' VersionType: an exact, "~" or "^" version.
var pieceVersionPattern = regexp.MustCompile(`^([~^])?[0-9]+\.[0-9]+\.[0-9]+$`)

// dropdownTypes are the property types whose choices the metadata carries.
var dropdownTypes = []string{"STATIC_DROPDOWN", "STATIC_MULTI_SELECT_DROPDOWN"}

// pieceOptionsRequest is the body of POST /v1/pieces/options (PieceOptionRequest).
// Activepieces needs flowId and flowVersionId to resolve the input's references
// and projectId to authorize; the sandbox resolves nothing, so it only checks
// that they are strings when given.
type pieceOptionsRequest struct {
	projectID, pieceName, pieceVersion, actionOrTriggerName, propertyName string
	flowID, flowVersionID, searchValue                                    string
}

// dropdownChoice is one option of a dropdown: a label and any JSON value.
type dropdownChoice struct {
	Label string          `json:"label"`
	Value json.RawMessage `json:"value"`
}

// dropdownState is pieces-framework's DropdownState.
type dropdownState struct {
	Disabled    bool             `json:"disabled"`
	Placeholder string           `json:"placeholder,omitempty"`
	Options     []dropdownChoice `json:"options"`
}

// pieceOptionsAnswer is pieces-framework's ExecutePropsResult for a dropdown.
type pieceOptionsAnswer struct {
	Type    string        `json:"type"`
	Options dropdownState `json:"options"`
}

func (e *Engine) pieceOptions(w http.ResponseWriter, r *http.Request) error {
	req, aerr := readPieceOptionsRequest(w, r)
	if aerr != nil {
		return aerr
	}
	piece, err := e.catalogue.Metadata(req.pieceName, req.pieceVersion)
	if err != nil {
		return err
	}
	component, kind, aerr := pieceComponent(piece, req.actionOrTriggerName)
	if aerr != nil {
		return aerr
	}
	prop, ok := component.Props[req.propertyName]
	if !ok {
		missing := apierr.NotFound("property", req.propertyName)
		missing.Params["message"] = fmt.Sprintf("%s %s of %s %s has no property %s; its properties are: %s",
			kind, component.Name, piece.Name, piece.Version, req.propertyName, sortedKeys(component.Props))
		return missing
	}
	if !slices.Contains(dropdownTypes, prop.Type) {
		return apierr.New(http.StatusBadRequest, "VALIDATION", fmt.Sprintf(
			"property %s of %s %s of %s %s is of type %s, not a dropdown: only %s properties have options",
			req.propertyName, kind, component.Name, piece.Name, piece.Version, prop.Type, strings.Join(dropdownTypes, " and ")))
	}
	var state dropdownState
	if err := json.Unmarshal(prop.Options, &state); err != nil {
		return fmt.Errorf("options of property %s of %s %s: %w", req.propertyName, kind, component.Name, err)
	}
	state.Options = matchingChoices(state.Options, req.searchValue)
	writeJSON(w, http.StatusOK, pieceOptionsAnswer{Type: prop.Type, Options: state})
	return nil
}

// readPieceOptionsRequest reads and checks the body, naming the first bad field
// in Activepieces' order.
func readPieceOptionsRequest(w http.ResponseWriter, r *http.Request) (pieceOptionsRequest, *apierr.Error) {
	var req pieceOptionsRequest
	body, aerr := readObject(w, r,
		optionalStr("projectId", &req.projectID),
		requiredStr("pieceName", &req.pieceName),
		requiredStr("pieceVersion", &req.pieceVersion),
		requiredStr("actionOrTriggerName", &req.actionOrTriggerName),
		requiredStr("propertyName", &req.propertyName),
		optionalStr("flowId", &req.flowID),
		optionalStr("flowVersionId", &req.flowVersionID))
	if aerr != nil {
		return req, aerr
	}
	if !pieceVersionPattern.MatchString(req.pieceVersion) {
		return req, body.bad("pieceVersion", `must match pattern "`+pieceVersionPattern.String()+`" (an exact, ~ or ^ version such as 0.3.26)`)
	}
	// The engine reads the input as the property's sibling values, a JSON object.
	if _, aerr := body.obj("input", false); aerr != nil {
		return req, aerr
	}
	if aerr := body.strs(optionalStr("searchValue", &req.searchValue)); aerr != nil {
		return req, aerr
	}
	return req, nil
}

// pieceComponent finds the action or trigger named name; an action wins when a
// piece has both, as there is no way to say which is meant.
func pieceComponent(piece *workflows.Piece, name string) (workflows.PieceComponent, string, *apierr.Error) {
	if a, ok := piece.Actions[name]; ok {
		return a, "action", nil
	}
	if t, ok := piece.Triggers[name]; ok {
		return t, "trigger", nil
	}
	missing := apierr.NotFound("action_or_trigger", name)
	names := slices.Concat(slices.Collect(maps.Keys(piece.Actions)), slices.Collect(maps.Keys(piece.Triggers)))
	slices.Sort(names)
	missing.Params["message"] = fmt.Sprintf("%s %s has no action or trigger %s; it has: %s",
		piece.Name, piece.Version, name, strings.Join(names, ", "))
	return workflows.PieceComponent{}, "", missing
}

// matchingChoices keeps the choices whose label contains search, ignoring case;
// an empty search keeps them all. Activepieces hands searchValue to the piece,
// whose dropdowns narrow their list the same way.
func matchingChoices(choices []dropdownChoice, search string) []dropdownChoice {
	search = strings.ToLower(strings.TrimSpace(search))
	out := []dropdownChoice{}
	for _, c := range choices {
		if strings.Contains(strings.ToLower(c.Label), search) {
			out = append(out, c)
		}
	}
	return out
}

// sortedKeys lists a property map's names, sorted, for messages.
func sortedKeys(props map[string]workflows.PieceProperty) string {
	return strings.Join(slices.Sorted(maps.Keys(props)), ", ")
}
