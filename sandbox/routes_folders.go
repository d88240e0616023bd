package sandbox

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/sandbox/store"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// folderNullMembers are the members of a folder that Activepieces answers as
// null when unset (see withNullMembers).
var folderNullMembers = []string{"externalId"}

// flowCounts counts a project's flows per folder id.
func flowCounts(ctx context.Context, q store.Querier, projectID string) (map[string]int, error) {
	flows, err := store.ListDocs[workflows.Flow](ctx, q, store.KindFlow, store.Scope{ProjectID: projectID})
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
	folders, err := listPage[workflows.Folder](ctx, e.store.DB, store.KindFolder, store.Scope{ProjectID: projectID}, page)
	if err != nil {
		return err
	}
	counts, err := flowCounts(ctx, e.store.DB, projectID)
	if err != nil {
		return err
	}
	for i := range folders.Data {
		folders.Data[i].NumberOfFlows = new(counts[folders.Data[i].ID])
		folders.Data[i].Extra = nullMembers(folders.Data[i].Extra, folderNullMembers...)
	}
	writeJSON(w, http.StatusOK, folders)
	return nil
}

func (e *Engine) getFolder(w http.ResponseWriter, r *http.Request) error {
	f, err := docByPathID[workflows.Folder](r, e.store.DB, store.KindFolder)
	if err != nil {
		return err
	}
	counts, err := flowCounts(r.Context(), e.store.DB, f.ProjectID)
	if err != nil {
		return err
	}
	f.NumberOfFlows = new(counts[f.ID])
	f.Extra = nullMembers(f.Extra, folderNullMembers...)
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
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		project, err := e.requireProject(ctx, tx, projectID)
		if err != nil {
			return err
		}
		folder, _, err = store.UpsertFolder(ctx, tx, project, name)
		return err
	})
	if err != nil {
		return err
	}
	folder.Extra = nullMembers(folder.Extra, folderNullMembers...)
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
	folder, err := store.UpdateDoc(ctx, e.store, store.KindFolder, id, store.FolderRef, func(tx *sql.Tx, folder *workflows.Folder) error {
		other, _, err := store.FolderByName(ctx, tx, folder.ProjectID, name)
		if err != nil {
			return err
		}
		if other != nil && other.ID != id {
			return apierr.New(http.StatusConflict, "VALIDATION", "a folder named "+other.DisplayName+" already exists in this project")
		}
		folder.DisplayName = strings.TrimSpace(name)
		folder.Updated = store.ISOTime(time.Now())
		return nil
	})
	if err != nil {
		return err
	}
	folder.Extra = nullMembers(folder.Extra, folderNullMembers...)
	writeJSON(w, http.StatusOK, folder)
	return nil
}

func (e *Engine) deleteFolder(w http.ResponseWriter, r *http.Request) error {
	id, aerr := pathID(r, "id")
	if aerr != nil {
		return aerr
	}
	ctx := r.Context()
	err := e.store.Update(ctx, func(tx *sql.Tx) error {
		folder, err := store.FindDoc[workflows.Folder](ctx, tx, store.KindFolder, id)
		if err != nil {
			return err
		}
		flows, err := store.ListDocs[workflows.Flow](ctx, tx, store.KindFlow, store.Scope{ProjectID: folder.ProjectID})
		if err != nil {
			return err
		}
		for _, it := range flows {
			if f := it.Value; f.FolderID != nil && *f.FolderID == id {
				f.FolderID = nil
				if err := store.PutDoc(ctx, tx, store.FlowRef(&f), &f); err != nil {
					return err
				}
			}
		}
		_, err = store.DeleteDoc(ctx, tx, store.KindFolder, id)
		return err
	})
	if err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}
