package bench

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"
)

// DefinitionSize is how many bytes of JSON one tool's definition takes.
type DefinitionSize struct {
	Name string
	// ModelView is the compact JSON of {name, description, inputSchema}: what
	// every client puts in front of the model for the tool.
	ModelView int
	// Full is the tool's whole tools/list entry: title, annotations and output
	// schema included. Clients differ in how much of it they pass on.
	Full int
	// Description and InputSchema are the two parts of ModelView that vary, in
	// bytes as encoded: where trimming would pay.
	Description, InputSchema int
}

// modelView is the part of a tool every client shows the model.
type modelView struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	InputSchema json.RawMessage `json:"inputSchema"`
}

// DefinitionSizes measures each of defs.
func DefinitionSizes(defs []mcp.Tool) ([]DefinitionSize, error) {
	out := make([]DefinitionSize, 0, len(defs))
	for _, d := range defs {
		input := d.RawInputSchema
		if len(input) == 0 {
			var err error
			if input, err = json.Marshal(d.InputSchema); err != nil {
				return nil, fmt.Errorf("%s: encoding the input schema: %w", d.Name, err)
			}
		}
		view, err := json.Marshal(modelView{Name: d.Name, Description: d.Description, InputSchema: input})
		if err != nil {
			return nil, fmt.Errorf("%s: encoding the model's view: %w", d.Name, err)
		}
		full, err := json.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("%s: encoding the definition: %w", d.Name, err)
		}
		desc, err := json.Marshal(d.Description)
		if err != nil {
			return nil, err
		}
		var schema bytes.Buffer
		if err := json.Compact(&schema, input); err != nil {
			return nil, fmt.Errorf("%s: the input schema is not JSON: %w", d.Name, err)
		}
		out = append(out, DefinitionSize{Name: d.Name, ModelView: len(view), Full: len(full), Description: len(desc), InputSchema: schema.Len()})
	}
	return out, nil
}

// SizeSummary sums up one measure over a catalogue.
type SizeSummary struct {
	Count, Total, Average, Max int
	MaxName                    string // the largest tool
}

// SummarizeSizes sums up the measure pick over sizes; Average rounds to the nearest byte.
func SummarizeSizes(sizes []DefinitionSize, pick func(DefinitionSize) int) SizeSummary {
	s := SizeSummary{Count: len(sizes)}
	for _, d := range sizes {
		n := pick(d)
		s.Total += n
		if n > s.Max {
			s.Max, s.MaxName = n, d.Name
		}
	}
	if s.Count > 0 {
		s.Average = (s.Total + s.Count/2) / s.Count
	}
	return s
}

// ListedTools counts the tools in a raw tools/list result.
func ListedTools(result json.RawMessage) (int, error) {
	var list struct {
		Tools []json.RawMessage `json:"tools"`
	}
	if err := json.Unmarshal(result, &list); err != nil {
		return 0, fmt.Errorf("tools/list result: %w", err)
	}
	return len(list.Tools), nil
}

// WireToolSizes measures each tool of a raw tools/list result as DefinitionSizes
// measures a definition, from the JSON the server sent: how any server's
// catalogue, not only the bridge's, weighs on the model.
func WireToolSizes(result json.RawMessage) ([]DefinitionSize, error) {
	var list struct {
		Tools []json.RawMessage `json:"tools"`
	}
	if err := json.Unmarshal(result, &list); err != nil {
		return nil, fmt.Errorf("tools/list result: %w", err)
	}
	out := make([]DefinitionSize, 0, len(list.Tools))
	for i, raw := range list.Tools {
		var t modelView
		if err := json.Unmarshal(raw, &t); err != nil {
			return nil, fmt.Errorf("tool %d: %w", i, err)
		}
		var schema, full bytes.Buffer
		if len(t.InputSchema) == 0 {
			t.InputSchema = json.RawMessage(`{}`)
		}
		if err := json.Compact(&schema, t.InputSchema); err != nil {
			return nil, fmt.Errorf("%s: the input schema is not JSON: %w", t.Name, err)
		}
		if err := json.Compact(&full, raw); err != nil {
			return nil, fmt.Errorf("%s: %w", t.Name, err)
		}
		t.InputSchema = schema.Bytes()
		view, err := json.Marshal(t)
		if err != nil {
			return nil, err
		}
		desc, _ := json.Marshal(t.Description)
		out = append(out, DefinitionSize{Name: t.Name, ModelView: len(view), Full: full.Len(), Description: len(desc), InputSchema: schema.Len()})
	}
	return out, nil
}
