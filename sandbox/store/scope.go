package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

type projectScopeKey struct{}

// WithProjectScope returns a context in which every read and delete of the
// store sees only project's documents (plus the project itself and documents
// that belong to no project), and writes into another project fail. The
// sandbox sets it for a request whose API key is bound to a project, so one
// check here scopes every route, by-id reads included, instead of each route
// checking on its own.
func WithProjectScope(ctx context.Context, project string) context.Context {
	return context.WithValue(ctx, projectScopeKey{}, project)
}

// ProjectScope returns the project ctx is scoped to, or "" when it is not.
func ProjectScope(ctx context.Context) string {
	p, _ := ctx.Value(projectScopeKey{}).(string)
	return p
}

// scopeClause is the SQL condition (with its arguments) that limits a query on
// docs to ctx's project; empty when ctx is not scoped.
func scopeClause(ctx context.Context) (string, []any) {
	p := ProjectScope(ctx)
	if p == "" {
		return "", nil
	}
	return ` AND (project_id = ? OR (project_id = '' AND kind <> '` + KindProject + `') OR (kind = '` + KindProject + `' AND id = ?))`, []any{p, p}
}

// ProjectIDFor returns the id of the project an operator names: the name
// itself when it has the shape of an id, else an id derived from it, the same
// on every start, since routes refuse ids of another shape.
func ProjectIDFor(name string) string {
	if ValidID(name) {
		return name
	}
	sum := sha256.Sum256([]byte("sandbox project " + name))
	out := make([]byte, idLength)
	for i := range out {
		out[i] = idAlphabet[int(sum[i])%len(idAlphabet)]
	}
	return string(out)
}

// EnsureProject creates the project named name (see ProjectIDFor), with the system folders and the echo
// flow a new project starts with, unless it exists. It lets an operator bind
// API keys to projects of their choosing (see sandbox.WithKeyProjects).
func (s *Store) EnsureProject(ctx context.Context, name string) error {
	id := ProjectIDFor(name)
	return s.Update(ctx, func(tx *sql.Tx) error {
		existing, err := GetDoc[Project](ctx, tx, KindProject, id)
		if err != nil || existing != nil {
			return err
		}
		now := time.Now()
		ts := ISOTime(now)
		p := Project{Base: workflows.Base{ID: id, Created: ts, Updated: ts}, DisplayName: "Sandbox Project " + name,
			OwnerID: NewID(), PlatformID: PlatformID, ExternalID: name}
		if err := PutDoc(ctx, tx, DocRef{Kind: KindProject, ID: p.ID, Created: ts}, p); err != nil {
			return err
		}
		var others *workflows.Folder
		for _, name := range SystemFolders {
			if others, _, err = UpsertFolder(ctx, tx, p.ID, name); err != nil {
				return err
			}
		}
		return SaveFlow(ctx, tx, echoFlow(p.ID, &others.ID, now))
	})
}
