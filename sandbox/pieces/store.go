package pieces

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/workflows-mcp/mcp-bridge/sandbox/jsonvalue"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The store piece (npm @activepieces/piece-store, "Storage"): a key/value
// storage per project that outlives runs. Its actions and props are the
// published package's; what they do follows its source: a key is scoped by
// store_scope (COLLECTION, shown as Project; FLOW; RUN) and kept through
// Run.Storage, which the HTTP side backs with the SQLite store.
const (
	StoreName           = "@activepieces/piece-store"
	StoreGet            = "get"
	StorePut            = "put"
	StoreAppend         = "append"
	StoreRemoveValue    = "remove_value"
	StoreAddToList      = "add_to_list"
	StoreRemoveFromList = "remove_from_list"
)

// Store scopes, as the store_scope dropdown's values name them.
const (
	scopeProject = "COLLECTION"
	scopeFlow    = "FLOW"
	scopeRun     = "RUN"
)

// storeMaxKey is the longest key the piece accepts; storeMaxValue is the
// largest value (as JSON) Activepieces' storage keeps.
const (
	storeMaxKey   = 128
	storeMaxValue = 512 * 1024
)

var store = Piece{
	Name:     StoreName,
	Versions: []string{"0.6.20"},
	Metadata: storeMetadata,
	Actions: map[string]Action{
		StoreGet: storeGet, StorePut: storePut, StoreAppend: storeAppend, StoreRemoveValue: storeRemoveValue,
		StoreAddToList: storeAddToList, StoreRemoveFromList: storeRemoveFromList,
	},
}

func storeMetadata(version string) *workflows.Piece {
	key := workflows.PieceProperty{DisplayName: "Key", Type: "SHORT_TEXT", Required: true}
	text := func(name string, required bool) workflows.PieceProperty {
		return workflows.PieceProperty{DisplayName: name, Type: "SHORT_TEXT", Required: required}
	}
	scope := dropdownProp("Store Scope", "The storage scope of the value.", true, scopeProject,
		dropdownOption{"Project", scopeProject}, dropdownOption{"Flow", scopeFlow}, dropdownOption{"Run", scopeRun})
	action := func(name, displayName, description string, props map[string]workflows.PieceProperty) workflows.PieceComponent {
		props["key"], props["store_scope"] = key, scope
		return workflows.PieceComponent{Name: name, DisplayName: displayName, Description: description, Extra: actionExtra(), Props: props}
	}
	return &workflows.Piece{
		Name:        StoreName,
		DisplayName: "Storage",
		Description: "Store or retrieve data from key/value database",
		LogoURL:     "https://cdn.activepieces.com/pieces/new-core/store.svg",
		Version:     version,
		Authors: []string{"JanHolger", "fardeenpanjwani-codeglo", "Abdallah-Alwarawreh", "Salem-Alaa", "kishanprmr",
			"MoShizzle", "khaledmashaly", "abuaboud"},
		Categories:  []string{"CORE"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.82.0"),
		Triggers:    map[string]workflows.PieceComponent{},
		Actions: map[string]workflows.PieceComponent{
			StoreGet: action(StoreGet, "Get", "Get a value from storage",
				map[string]workflows.PieceProperty{"defaultValue": text("Default Value", false)}),
			StorePut: action(StorePut, "Put", "Put a value in storage",
				map[string]workflows.PieceProperty{"value": text("Value", true)}),
			StoreAppend: action(StoreAppend, "Append", "Append to a value in storage", map[string]workflows.PieceProperty{
				"value": text("Value", true),
				"separator": {DisplayName: "Separator", Type: "SHORT_TEXT",
					Description: `Separator between added values, use \n for newlines`},
			}),
			StoreRemoveValue: action(StoreRemoveValue, "Remove", "Remove a value from storage", map[string]workflows.PieceProperty{}),
			StoreAddToList: action(StoreAddToList, "Add To List", "Add Items to a list.", map[string]workflows.PieceProperty{
				"value":            arrayProp("Value", "", true),
				"ignore_if_exists": {DisplayName: "Ignore if value exists", Type: "CHECKBOX"},
			}),
			StoreRemoveFromList: action(StoreRemoveFromList, "Remove from List", "Remove Item from a list",
				map[string]workflows.PieceProperty{"value": text("Value", true)}),
		},
	}
}

// storageKey is the key a step's props name in the project's storage: a
// flow's keys (and a run's, which live in its flow's scope) carry the flow's
// id, as Activepieces' engine prefixes them. It checks the key as the piece
// does, with the piece's message.
func storageKey(run Run, props map[string]any) (string, error) {
	raw, ok := props["key"]
	if !ok || raw == nil {
		return "", zodError("key", "Invalid input: expected string, received undefined")
	}
	key := jsonvalue.Text(raw)
	if len(key) > storeMaxKey {
		return "", zodError("key", fmt.Sprintf("Too big: expected string to have <=%d characters", storeMaxKey))
	}
	info := run.Info()
	switch scope := jsonvalue.Text(props["store_scope"]); scope {
	case scopeProject:
		return key, nil
	case scopeFlow:
		return "flow_" + info.FlowID + "/" + key, nil
	case scopeRun:
		return "flow_" + info.FlowID + "/run_" + info.RunID + "/" + key, nil
	default:
		return "", fmt.Errorf("store_scope must be %s (Project), %s or %s, not %q", scopeProject, scopeFlow, scopeRun, scope)
	}
}

// zodError is the message the piece's prop validation fails with.
func zodError(prop, message string) error {
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // JSON.stringify leaves < and > as they are
	enc.SetIndent("", "  ")
	_ = enc.Encode(map[string]any{"errors": map[string]string{prop: message}})
	return errors.New(strings.TrimSuffix(buf.String(), "\n"))
}

// storeGet answers the stored value, or defaultValue when there is none.
func storeGet(run Run, props map[string]any) (Result, error) {
	key, err := storageKey(run, props)
	if err != nil {
		return Result{}, err
	}
	value, found, err := run.Storage().Get(run.Context(), key)
	if err != nil {
		return Result{}, err
	}
	if !found || value == nil {
		return Result{Output: props["defaultValue"]}, nil
	}
	return Result{Output: value}, nil
}

// storePut stores value and answers it.
func storePut(run Run, props map[string]any) (Result, error) {
	key, err := storageKey(run, props)
	if err != nil {
		return Result{}, err
	}
	return putValue(run, key, props["value"])
}

// putValue stores a value, refusing one larger than Activepieces keeps.
func putValue(run Run, key string, value any) (Result, error) {
	if data, err := json.Marshal(value); err == nil && len(data) > storeMaxValue {
		return Result{}, fmt.Errorf("the value of key %s is %d bytes, more than the storage's limit of 512 KB", key, len(data))
	}
	if err := run.Storage().Put(run.Context(), key, value); err != nil {
		return Result{}, err
	}
	return Result{Output: value}, nil
}

// storeAppend adds text to the stored text, with separator in between ("\n"
// written as two characters is a newline), and answers the new text.
func storeAppend(run Run, props map[string]any) (Result, error) {
	key, err := storageKey(run, props)
	if err != nil {
		return Result{}, err
	}
	stored, found, err := run.Storage().Get(run.Context(), key)
	if err != nil {
		return Result{}, err
	}
	current := ""
	if found && stored != nil {
		text, ok := stored.(string)
		if !ok {
			return Result{}, upstreamError("Key %s is not a string", jsonvalue.Text(props["key"]))
		}
		current = text
	}
	value := jsonvalue.Text(props["value"])
	if value == "" {
		return Result{Output: current}, nil
	}
	separator := strings.ReplaceAll(jsonvalue.Text(props["separator"]), `\n`, "\n")
	if current == "" {
		separator = ""
	}
	return putValue(run, key, current+separator+value)
}

// storeRemoveValue deletes the key; a missing key is no error.
func storeRemoveValue(run Run, props map[string]any) (Result, error) {
	key, err := storageKey(run, props)
	if err != nil {
		return Result{}, err
	}
	if err := run.Storage().Delete(run.Context(), key); err != nil {
		return Result{}, err
	}
	return Result{Output: map[string]any{"success": true}}, nil
}

// storeAddToList appends value's items (a list, or text holding a JSON list)
// to the stored list, skipping items already there when ignore_if_exists,
// and answers the list.
func storeAddToList(run Run, props map[string]any) (Result, error) {
	key, err := storageKey(run, props)
	if err != nil {
		return Result{}, err
	}
	items, err := listValue(props["value"], "Provided value is not a list.")
	if err != nil {
		return Result{}, err
	}
	stored, _, err := run.Storage().Get(run.Context(), key)
	if err != nil {
		return Result{}, err
	}
	list, err := listValue(stored, "Key "+jsonvalue.Text(props["key"])+" is not a list.")
	if err != nil {
		return Result{}, err
	}
	ignoreExisting, _ := props["ignore_if_exists"].(bool)
	for _, item := range items {
		if !ignoreExisting || !containsLoosely(list, item) {
			list = append(list, item)
		}
	}
	return putValue(run, key, list)
}

// listValue reads a list the way the piece does: nothing is an empty list,
// text is parsed as JSON, and anything else that is not a list is refused.
func listValue(v any, notList string) ([]any, error) {
	if v == nil {
		return []any{}, nil
	}
	if text, ok := v.(string); ok {
		if err := json.Unmarshal([]byte(text), &v); err != nil {
			return nil, upstreamError("An unexpected error occurred: %v", err)
		}
	}
	list, ok := v.([]any)
	if !ok {
		return nil, upstreamError("An unexpected error occurred: %s", notList)
	}
	return append([]any{}, list...), nil
}

// storeRemoveFromList removes the first item equal to value from the stored
// list, and answers the list.
func storeRemoveFromList(run Run, props map[string]any) (Result, error) {
	key, err := storageKey(run, props)
	if err != nil {
		return Result{}, err
	}
	stored, found, err := run.Storage().Get(run.Context(), key)
	if err != nil {
		return Result{}, err
	}
	list := []any{}
	if found && stored != nil {
		var ok bool
		if list, ok = stored.([]any); !ok {
			return Result{}, upstreamError("Key %s is not an array", jsonvalue.Text(props["key"]))
		}
	}
	for i, item := range list {
		if looseEqual(item, props["value"]) {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	return putValue(run, key, list)
}

func containsLoosely(list []any, v any) bool {
	for _, item := range list {
		if looseEqual(item, v) {
			return true
		}
	}
	return false
}

// looseEqual is the deep-equal package's default (non-strict) comparison the
// piece uses: objects and lists member by member, and a number equal to text
// that reads as it, as JavaScript's == has it.
func looseEqual(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			if w, ok := bm[k]; !ok || !looseEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !looseEqual(a[i], bl[i]) {
				return false
			}
		}
		return true
	case float64:
		n, ok := jsonvalue.Number(b)
		return ok && n == a
	case string:
		if n, ok := b.(float64); ok {
			return looseEqual(n, a)
		}
	}
	return a == b
}
