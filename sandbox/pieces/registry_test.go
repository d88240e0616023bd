package pieces

import (
	"maps"
	"slices"
	"testing"
)

// Each registered piece runs exactly the actions its metadata declares, at
// every version, and checks only triggers its metadata declares: a piece whose
// metadata and behaviour disagree would offer agents steps that cannot run.
func TestRegisteredPiecesMatchTheirMetadata(t *testing.T) {
	for _, p := range All {
		if len(p.Versions) == 0 || p.Metadata == nil {
			t.Errorf("%s: no versions or no metadata", p.Name)
			continue
		}
		for _, v := range p.Versions {
			m := p.Metadata(v)
			if m.Name != p.Name || m.Version != v {
				t.Errorf("%s@%s: metadata says %s@%s", p.Name, v, m.Name, m.Version)
			}
			declared := slices.Sorted(maps.Keys(m.Actions))
			runnable := slices.Sorted(maps.Keys(p.Actions))
			if !slices.Equal(declared, runnable) {
				t.Errorf("%s@%s: metadata declares actions %v, but the piece runs %v", p.Name, v, declared, runnable)
			}
			for name := range p.Triggers {
				if _, ok := m.Triggers[name]; !ok {
					t.Errorf("%s@%s: checks trigger %s, which its metadata does not declare", p.Name, v, name)
				}
			}
		}
	}
}

func TestCatalogueRunsEveryRegisteredAction(t *testing.T) {
	cat := NewCatalogue(All)
	for _, p := range All {
		for name := range p.Actions {
			if _, ok := cat.Action(p.Name, name); !ok {
				t.Errorf("the catalogue cannot run %s of %s", name, p.Name)
			}
		}
	}
	if _, ok := cat.Action(WebhookName, "no_such_action"); ok {
		t.Error("the catalogue claims to run an action no piece has")
	}
	if _, ok := cat.Action("@activepieces/piece-slack", "send_message"); ok {
		t.Error("the catalogue claims to run a piece it lacks")
	}
}
