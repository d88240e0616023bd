package sandbox

import (
	"encoding/json"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The metadata below follows Activepieces' own pieces (names, display names,
// prop types, defaults and options), so agents see what a real server shows.

// Actions and triggers the executor runs.
const (
	catchWebhookTrigger  = "catch_webhook"
	returnResponseAction = "return_response"
	delayForAction       = "delayFor"
	delayUntilAction     = "delay_until"
)

func webhookPiece(version string) *workflows.Piece {
	return &workflows.Piece{
		Name:        webhookPieceName,
		DisplayName: "Webhook",
		Description: "Receive HTTP requests and trigger flows using unique URLs.",
		LogoURL:     "https://cdn.activepieces.com/pieces/webhook.svg",
		Version:     version,
		Authors:     []string{"abuaboud", "pfernandez98", "kishanprmr", "AbdulTheActivePiecer"},
		Categories:  []string{"CORE"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.22.0"),
		Triggers: map[string]workflows.PieceComponent{catchWebhookTrigger: {
			Name:        catchWebhookTrigger,
			DisplayName: "Catch Webhook",
			Description: "Receive incoming HTTP/webhooks using any HTTP method such as GET, POST, PUT, DELETE, etc.",
			Type:        "WEBHOOK",
			Extra:       workflows.Extra{"testStrategy": catalogueJSON("SIMULATION"), "sampleData": catalogueJSON(nil), "requireAuth": catalogueJSON(true)},
			Props: map[string]workflows.PieceProperty{
				"liveMarkdown": markdownProp("**Live URL:** `{{webhookUrl}}` generates sample data and triggers the published flow."),
				"syncMarkdown": markdownProp("**Synchronous Requests:** add `/sync` to the URL to get the response set by a Return Response step. " +
					"If it takes more than 30 seconds, the caller gets no response from the flow."),
				"testMarkdown": markdownProp("**Test URL:** append `/test` to generate sample data without triggering the flow."),
				"authType": dropdownProp("Authentication", "", true, "none",
					dropdownOption{"None", "none"}, dropdownOption{"Basic Auth", "basic"}, dropdownOption{"Header Auth", "header"}),
				"authFields": dynamicProp("Authentication Fields",
					"basic: username, password; header: headerName, headerValue; none: nothing.", false, "authType"),
			},
		}},
		Actions: map[string]workflows.PieceComponent{returnResponseAction: {
			Name:        returnResponseAction,
			DisplayName: "Return Response",
			Description: "return a response",
			Extra:       actionExtra(),
			Props: map[string]workflows.PieceProperty{
				"responseType": dropdownProp("Response Type", "", false, "json",
					dropdownOption{"JSON", "json"}, dropdownOption{"Raw", "raw"}, dropdownOption{"Redirect", "redirect"}),
				"fields": dynamicProp("Response",
					"json and raw: status (Status, number, default 200), headers (Headers, object) and body "+
						"(JSON Body, or Raw Body text); redirect: body (Redirect URL).", true, "responseType"),
				"respond": dropdownProp("Flow Execution", "", false, "stop",
					dropdownOption{"Stop", "stop"}, dropdownOption{"Respond and Continue", "respond"}),
			},
		}},
	}
}

func delayPiece(version string) *workflows.Piece {
	return &workflows.Piece{
		Name:        delayPieceName,
		DisplayName: "Delay",
		Description: "Use it to delay the execution of the next action",
		LogoURL:     "https://cdn.activepieces.com/pieces/delay.png",
		Version:     version,
		Authors:     []string{"abuaboud", "nileshtrivedi"},
		Categories:  []string{"CORE"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.5.0"),
		Triggers:    map[string]workflows.PieceComponent{},
		Actions: map[string]workflows.PieceComponent{
			delayForAction: {
				Name:        delayForAction,
				DisplayName: "Delay For",
				Description: "Delays the execution of the next action for a given duration",
				Extra:       actionExtra(),
				Props: map[string]workflows.PieceProperty{
					"unit": dropdownProp("Unit", "The unit of time to delay the execution of the next action", true, "seconds",
						dropdownOption{"Seconds", "seconds"}, dropdownOption{"Minutes", "minutes"}, dropdownOption{"Hours", "hours"}, dropdownOption{"Days", "days"}),
					"delayFor": {DisplayName: "Amount", Type: "NUMBER", Required: true,
						Description: "The number of units to delay the execution of the next action"},
				},
			},
			delayUntilAction: {
				Name:        delayUntilAction,
				DisplayName: "Delay Until",
				Description: "Delays the execution of the next action until a given timestamp",
				Extra:       actionExtra(),
				Props: map[string]workflows.PieceProperty{
					"markdown": markdownProp("Delays longer than the sandbox's maximum are shortened to it."),
					"delayUntilTimestamp": {DisplayName: "Date and Time", Type: "DATE_TIME", Required: true,
						Description: "Specifies the date and time until which the execution of the next action should be delayed. " +
							"It supports multiple formats, including ISO format."},
				},
			},
		},
	}
}

// pieceExtra is metadata Activepieces' piece schema requires beyond the model's fields.
func pieceExtra(minimumSupportedRelease string) workflows.Extra {
	return workflows.Extra{"projectUsage": catalogueJSON(0), "minimumSupportedRelease": catalogueJSON(minimumSupportedRelease)}
}

// actionExtra is metadata Activepieces' action schema requires beyond the model's fields.
func actionExtra() workflows.Extra {
	return workflows.Extra{"requireAuth": catalogueJSON(true)}
}

// dropdownOption is one choice of a static dropdown.
type dropdownOption struct{ label, value string }

func dropdownProp(displayName, description string, required bool, defaultValue string, options ...dropdownOption) workflows.PieceProperty {
	type jsonOption struct {
		Label string `json:"label"`
		Value string `json:"value"`
	}
	list := make([]jsonOption, len(options))
	for i, o := range options {
		list[i] = jsonOption{o.label, o.value}
	}
	return workflows.PieceProperty{
		DisplayName:  displayName,
		Description:  description,
		Type:         "STATIC_DROPDOWN",
		Required:     required,
		DefaultValue: catalogueJSON(defaultValue),
		Options:      catalogueJSON(map[string]any{"disabled": false, "options": list}),
	}
}

func dynamicProp(displayName, description string, required bool, refreshers ...string) workflows.PieceProperty {
	return workflows.PieceProperty{DisplayName: displayName, Description: description, Type: "DYNAMIC",
		Required: required, Extra: workflows.Extra{"refreshers": catalogueJSON(refreshers)}}
}

func markdownProp(value string) workflows.PieceProperty {
	return workflows.PieceProperty{DisplayName: "Markdown", Type: "MARKDOWN",
		Extra: workflows.Extra{"value": catalogueJSON(value)}}
}

// catalogueJSON encodes a value built in this file; it cannot fail.
func catalogueJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}
