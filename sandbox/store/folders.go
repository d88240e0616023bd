package store

import (
	"context"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// FolderRef is where a folder sits in the store.
func FolderRef(f *workflows.Folder) DocRef {
	return DocRef{Kind: KindFolder, ID: f.ID, ProjectID: f.ProjectID, Created: f.Created}
}

// FolderByName finds a project's folder by case-insensitive name.
func FolderByName(ctx context.Context, q Querier, projectID, name string) (*workflows.Folder, int, error) {
	folders, err := ListDocs[workflows.Folder](ctx, q, KindFolder, Scope{ProjectID: projectID})
	if err != nil {
		return nil, 0, err
	}
	for _, f := range folders {
		if strings.EqualFold(strings.TrimSpace(f.Value.DisplayName), strings.TrimSpace(name)) {
			return &f.Value, len(folders), nil
		}
	}
	return nil, len(folders), nil
}

// UpsertFolder returns the project's folder with this name, creating it when
// missing. As in Activepieces, whose upsert writes the name it is given, a
// folder found under another spelling (case) is renamed to this one.
func UpsertFolder(ctx context.Context, q Querier, projectID, name string) (*workflows.Folder, bool, error) {
	existing, count, err := FolderByName(ctx, q, projectID, name)
	if err != nil {
		return nil, false, err
	}
	ts := ISOTime(time.Now())
	if existing != nil {
		if spelled := strings.TrimSpace(name); existing.DisplayName != spelled {
			existing.DisplayName, existing.Updated = spelled, ts
			err = PutDoc(ctx, q, FolderRef(existing), existing)
		}
		return existing, false, err
	}
	f := &workflows.Folder{Base: workflows.Base{ID: NewID(), Created: ts, Updated: ts}, ProjectID: projectID,
		DisplayName: strings.TrimSpace(name), DisplayOrder: count}
	return f, true, PutDoc(ctx, q, FolderRef(f), f)
}
