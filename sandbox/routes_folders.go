package sandbox

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func folderRef(f *workflows.Folder) docRef {
	return docRef{Kind: kindFolder, ID: f.ID, ProjectID: f.ProjectID, Created: f.Created}
}

// folderByName finds a project's folder by case-insensitive name.
func folderByName(ctx context.Context, q querier, projectID, name string) (*workflows.Folder, int, error) {
	folders, err := listDocs[workflows.Folder](ctx, q, kindFolder, scope{ProjectID: projectID})
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

// upsertFolder returns the project's folder with this name, creating it when missing.
func (e *Engine) upsertFolder(ctx context.Context, q querier, projectID, name string) (*workflows.Folder, bool, error) {
	existing, count, err := folderByName(ctx, q, projectID, name)
	if err != nil || existing != nil {
		return existing, false, err
	}
	ts := isoTime(time.Now())
	f := &workflows.Folder{Base: workflows.Base{ID: newID(), Created: ts, Updated: ts}, ProjectID: projectID,
		DisplayName: strings.TrimSpace(name), DisplayOrder: count}
	return f, true, putDoc(ctx, q, folderRef(f), f)
}

// flowCounts counts a project's flows per folder id.
func flowCounts(ctx context.Context, q querier, projectID string) (map[string]int, error) {
	flows, err := listDocs[workflows.Flow](ctx, q, kindFlow, scope{ProjectID: projectID})
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, f := range flows {
		if f.Value.FolderID != nil {
			counts[*f.Value.FolderID]++
		}
	}
	return counts, nil
}

func (e *Engine) listFolders(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, aerr := parsePage(q)
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	projectID := e.projectOf(q.Get("projectId"))
	folders, err := listPage[workflows.Folder](ctx, e.store.db, kindFolder, scope{ProjectID: projectID}, page)
	if err != nil {
		return err
	}
	counts, err := flowCounts(ctx, e.store.db, projectID)
	if err != nil {
		return err
	}
	for i := range folders.Data {
		folders.Data[i].NumberOfFlows = new(counts[folders.Data[i].ID])
	}
	writeJSON(w, http.StatusOK, folders)
	return nil
}

func (e *Engine) getFolder(w http.ResponseWriter, r *http.Request) error {
	f, err := docByPathID[workflows.Folder](r, e.store.db, kindFolder)
	if err != nil {
		return err
	}
	counts, err := flowCounts(r.Context(), e.store.db, f.ProjectID)
	if err != nil {
		return err
	}
	f.NumberOfFlows = new(counts[f.ID])
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (e *Engine) createFolder(w http.ResponseWriter, r *http.Request) error {
	var name, projectID string
	if _, aerr := readObject(w, r, requiredStr("displayName", &name), optionalStr("projectId", &projectID)); aerr != nil {
		return aerr
	}
	ctx := r.Context()
	var folder *workflows.Folder
	err := e.store.update(ctx, func(tx *sql.Tx) error {
		project, err := e.requireProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		folder, _, err = e.upsertFolder(ctx, tx, project, name)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, folder)
	return nil
}

func (e *Engine) updateFolder(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	var name string
	if _, aerr := readObject(w, r, requiredStr("displayName", &name)); aerr != nil {
		return aerr
	}
	ctx := r.Context()
	folder, err := updateDoc(ctx, e.store, kindFolder, id, folderRef, func(tx *sql.Tx, folder *workflows.Folder) error {
		other, _, err := folderByName(ctx, tx, folder.ProjectID, name)
		if err != nil {
			return err
		}
		if other != nil && other.ID != id {
			return apierr.New(http.StatusConflict, "VALIDATION", "a folder named "+other.DisplayName+" already exists in this project")
		}
		folder.DisplayName = strings.TrimSpace(name)
		folder.Updated = isoTime(time.Now())
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, folder)
	return nil
}

func (e *Engine) deleteFolder(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	err := e.store.update(ctx, func(tx *sql.Tx) error {
		folder, err := findDoc[workflows.Folder](ctx, tx, kindFolder, id)
		if err != nil {
			return err
		}
		flows, err := listDocs[workflows.Flow](ctx, tx, kindFlow, scope{ProjectID: folder.ProjectID})
		if err != nil {
			return err
		}
		for _, it := range flows {
			if f := it.Value; f.FolderID != nil && *f.FolderID == id {
				f.FolderID = nil
				if err := putDoc(ctx, tx, flowRef(&f), &f); err != nil {
					return err
				}
			}
		}
		_, err = deleteDoc(ctx, tx, kindFolder, id)
		return err
	})
	if err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}
