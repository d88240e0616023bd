package pieces

import (
	"encoding/json"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The data mapper piece (npm @activepieces/piece-data-mapper): Advanced
// Mapping answers its mapping, whose templates the engine has already
// resolved, so a flow can reshape data without code.
const (
	DataMapperName  = "@activepieces/piece-data-mapper"
	AdvancedMapping = "advanced_mapping"
)

var dataMapper = Piece{
	Name:     DataMapperName,
	Versions: []string{"0.3.15"},
	Metadata: dataMapperMetadata,
	Actions:  map[string]Action{AdvancedMapping: advancedMapping},
}

func dataMapperMetadata(version string) *workflows.Piece {
	return &workflows.Piece{
		Name:        DataMapperName,
		DisplayName: "Data Mapper",
		Description: "tools to manipulate data structure",
		LogoURL:     "https://cdn.activepieces.com/pieces/new-core/data-mapper.svg",
		Version:     version,
		Authors:     []string{"kishanprmr", "MoShizzle", "AbdulTheActivePiecer", "khaledmashaly", "abuaboud"},
		Categories:  []string{"CORE"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.73.0"),
		Triggers:    map[string]workflows.PieceComponent{},
		Actions: map[string]workflows.PieceComponent{AdvancedMapping: {
			Name:        AdvancedMapping,
			DisplayName: "Advanced Mapping",
			Description: "Map data from one format to another",
			Extra:       actionExtra(),
			Props: map[string]workflows.PieceProperty{
				"mapping": {DisplayName: "Mapping", Description: "The mapping to use", Type: "JSON", Required: true,
					DefaultValue: metadataJSON(map[string]any{"newProperty": "oldProperty"})},
			},
		}},
	}
}

// advancedMapping answers the mapping as it resolved. A JSON prop given as
// text is parsed first, as Activepieces' engine does with JSON props; text
// that is not JSON is answered as it is.
func advancedMapping(_ Run, props map[string]any) (Result, error) {
	mapping := props["mapping"]
	if text, ok := mapping.(string); ok {
		var parsed any
		if json.Unmarshal([]byte(text), &parsed) == nil {
			mapping = parsed
		}
	}
	return Result{Output: mapping}, nil
}
