package mcpextra

import (
	"context"
	_ "embed"

	"github.com/mark3labs/mcp-go/mcp"
)

// markdownMIME is the MIME type of the reference texts.
const markdownMIME = "text/markdown"

// Reference is a fixed text resource a model reads when it needs it, instead
// of carrying it in every tool description.
type Reference struct {
	URI, Name, Title, Description string
	MIMEType                      string // default text/markdown
	Text                          string
}

//go:embed reference/build-flow.md
var buildFlowReference string

// BuildFlowURI is the build_flow reference: the step spec, router branches and
// operators, and the template syntax.
const BuildFlowURI = scheme + "reference/build-flow"

// References are the bridge's reference texts.
func References() []Reference {
	return []Reference{{
		URI: BuildFlowURI, Name: "build-flow-reference", Title: "build_flow reference",
		Description: "How to write a build_flow spec: step types and their members, router branches and condition operators, " +
			"{{...}} templates, and what to call after building (Markdown).",
		Text: buildFlowReference,
	}}
}

// mimeType is the reference's MIME type, Markdown unless it says otherwise.
func (r Reference) mimeType() string {
	if r.MIMEType == "" {
		return markdownMIME
	}
	return r.MIMEType
}

// resource is the reference as resources/list shows it.
func (r Reference) resource() mcp.Resource {
	return mcp.NewResource(r.URI, r.Name, mcp.WithResourceTitle(r.Title), mcp.WithResourceDescription(r.Description),
		mcp.WithMIMEType(r.mimeType()))
}

// read returns the text.
func (r Reference) read(context.Context, mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
	return textContents(r.URI, r.mimeType(), r.Text), nil
}
