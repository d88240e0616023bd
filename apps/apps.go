// Package apps serves the bridge's MCP App views (the MCP Apps extension,
// io.modelcontextprotocol/ui, SEP-1865): two self-contained HTML pages, one that
// draws a flow and one that draws a run, offered as ui:// resources and linked
// from the tools whose results they show.
//
// What a client sees is negotiated. One that declares the extension with the
// MCP App MIME type (in initialize, or in a 2026-07-28 request's own client
// capabilities) sees the server advertise the extension, the two resources in
// resources/list with their MIME type and content-security metadata, and
// _meta.ui.resourceUri on the six linked tools. Any other client sees the tool
// list and every tool result exactly as without this package: the tool
// definitions are never changed in place, only decorated per request. Only
// resources/read answers everyone (see readView).
//
// The HTML is built from apps/web by esbuild (apps/web/build.mjs) and committed
// under apps/dist; the package embeds that build as it is.
package apps

import (
	"context"
	"embed"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// ExtensionID names the MCP Apps extension in capabilities.extensions.
const ExtensionID = "io.modelcontextprotocol/ui"

// MIMEType is the MIME type of an MCP App's HTML; a client must list it in the
// extension's mimeTypes for the views to be offered.
const MIMEType = "text/html;profile=mcp-app"

// The views' resource URIs.
const (
	FlowViewURI = "ui://mcp-bridge/flow-view.html"
	RunViewURI  = "ui://mcp-bridge/run-view.html"
)

//go:embed dist/flow-view.html dist/run-view.html
var dist embed.FS

// View is one ui:// resource and the tools whose results it shows.
type View struct {
	URI, Name, Title, Description string
	// File is the built HTML in dist/, as committed.
	File string
	// Tools are the tools that name this view in _meta.ui.resourceUri.
	Tools []string
}

// Views lists the views, flow first.
var Views = []View{
	{URI: FlowViewURI, Name: "flow-view", Title: "Flow view", File: "dist/flow-view.html",
		Description: "Draws a flow: its trigger and every step as a graph, with loops, router branches and their conditions, skipped and invalid steps, published or draft.",
		Tools:       []string{"get_flow", "build_flow", "apply_flow_operation"}},
	{URI: RunViewURI, Name: "run-view", Title: "Run view", File: "dist/run-view.html",
		Description: "Draws a run: the flow's graph coloured by each step's status, with durations, the failed step and its error, and a step's input and output on selection.",
		Tools:       []string{"get_run", "wait_for_run", "trigger_flow_sync"}},
}

// HTML returns a view's HTML as served: the committed build, byte for byte.
func (v View) HTML() string {
	b, err := dist.ReadFile(v.File)
	if err != nil {
		panic(fmt.Sprintf("apps: %s is not embedded: %v", v.File, err)) // the embed pattern lists every view
	}
	return string(b)
}

// uiMeta is the resources' _meta.ui: no origin may be reached (the views are
// self-contained and fetch nothing), and the host may draw its own border.
func uiMeta() map[string]any {
	return map[string]any{"ui": map[string]any{
		"csp":           map[string]any{"connectDomains": []string{}, "resourceDomains": []string{}},
		"prefersBorder": true,
	}}
}

// Register offers the views of the registered tools (names) on s and hooks
// their negotiation into hooks, which must be the *server.Hooks s was built
// with (server.WithHooks). A view none of whose tools is registered (a narrow
// --tools, say) is left out, and so is its link.
func Register(s *server.MCPServer, hooks *server.Hooks, names []string) {
	links := map[string]string{}
	var uris []string
	for _, v := range Views {
		linked := false
		for _, tool := range v.Tools {
			if slices.Contains(names, tool) {
				links[tool], linked = v.URI, true
			}
		}
		if !linked {
			continue
		}
		uris = append(uris, v.URI)
		res := mcp.NewResource(v.URI, v.Name, mcp.WithResourceDescription(v.Description), mcp.WithMIMEType(MIMEType))
		res.Title, res.Meta = v.Title, &mcp.Meta{AdditionalFields: uiMeta()}
		s.AddResource(res, readView(v))
	}
	if len(uris) == 0 {
		return
	}
	server.WithToolFilter(linkTools(links))(s)
	hooks.AddAfterInitialize(func(_ context.Context, _ any, req *mcp.InitializeRequest, res *mcp.InitializeResult) {
		if declares(&req.Params.Capabilities) {
			advertise(&res.Capabilities)
		}
	})
	hooks.AddAfterDiscover(func(ctx context.Context, _ any, _ *mcp.DiscoverRequest, res *mcp.DiscoverResult) {
		if ClientDeclares(ctx) {
			advertise(&res.Capabilities)
		}
	})
	hooks.AddAfterListResources(func(ctx context.Context, _ any, _ *mcp.ListResourcesRequest, res *mcp.ListResourcesResult) {
		if !ClientDeclares(ctx) {
			res.Resources = slices.DeleteFunc(res.Resources, func(r mcp.Resource) bool { return slices.Contains(uris, r.URI) })
		}
	})
}

// readView answers resources/read of a view. Reads are not gated: the URI is
// only learnt from the listing or a link, which are negotiated, and a host that
// follows a link must be able to read it even where a transport keeps no
// session to remember its initialize (stateless Streamable HTTP).
func readView(v View) server.ResourceHandlerFunc {
	return func(context.Context, mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		return []mcp.ResourceContents{mcp.TextResourceContents{URI: v.URI, MIMEType: MIMEType, Text: v.HTML(), Meta: uiMeta()}}, nil
	}
}

// linkTools returns the tool filter that adds _meta.ui.resourceUri to the linked
// tools for a client that declared the extension. It hides nothing. It changes
// copies, with a new _meta object, so the registered definitions stay as they
// are for every other client.
func linkTools(links map[string]string) server.ToolFilterFunc {
	return func(ctx context.Context, tools []mcp.Tool) []mcp.Tool {
		if !ClientDeclares(ctx) {
			return tools
		}
		tools = slices.Clone(tools)
		for i, t := range tools {
			uri, ok := links[t.Name]
			if !ok {
				continue
			}
			meta := &mcp.Meta{AdditionalFields: map[string]any{}}
			if t.Meta != nil {
				meta.ProgressToken = t.Meta.ProgressToken
				maps.Copy(meta.AdditionalFields, t.Meta.AdditionalFields)
			}
			meta.AdditionalFields["ui"] = map[string]any{"resourceUri": uri}
			tools[i].Meta = meta
		}
		return tools
	}
}

// advertise adds the extension to the server's capabilities in one answer. The
// map is copied: it may be the server's own (server.WithExtensions).
func advertise(caps *mcp.ServerCapabilities) {
	ext := maps.Clone(caps.Extensions)
	if ext == nil {
		ext = map[string]any{}
	}
	ext[ExtensionID] = map[string]any{"mimeTypes": []string{MIMEType}}
	caps.Extensions = ext
}

// ClientDeclares reports whether the client behind ctx declared the extension
// with the MCP App MIME type. A 2026-07-28 request carries its client's
// capabilities itself, and only those count (the protocol forbids inferring them
// from earlier requests); an older request is judged by what its session's
// client declared in initialize.
func ClientDeclares(ctx context.Context) bool {
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return declares(info.ClientCapabilities)
	}
	if s, ok := server.ClientSessionFromContext(ctx).(server.SessionWithClientInfo); ok {
		caps := s.GetClientCapabilities()
		return declares(&caps)
	}
	return false
}

// declares reads the extension's settings, {"mimeTypes": [...]}, as the
// extension defines them: mimeTypes is required and must hold MIMEType.
func declares(caps *mcp.ClientCapabilities) bool {
	if caps == nil {
		return false
	}
	settings, ok := caps.Extensions[ExtensionID].(map[string]any)
	if !ok {
		return false
	}
	switch types := settings["mimeTypes"].(type) {
	case []any:
		return slices.ContainsFunc(types, func(t any) bool { s, ok := t.(string); return ok && sameType(s) })
	case []string:
		return slices.ContainsFunc(types, sameType)
	}
	return false
}

// sameType compares MIME types as RFC 2045 does: case-insensitively, ignoring
// spaces around the parameter.
func sameType(s string) bool {
	return strings.EqualFold(strings.ReplaceAll(s, " ", ""), MIMEType)
}
