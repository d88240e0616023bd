package workflows

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/internal/jsontest"
)

// TestEveryModelKeepsExtra guards the mechanical JSON methods: a type with an
// Extra field but without both methods would silently drop unknown members.
func TestEveryModelKeepsExtra(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	withExtra := map[string]bool{}
	methods := map[string]map[string]bool{} // type → "*UnmarshalJSON" / "MarshalJSON"
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok {
						continue
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, field := range st.Fields.List {
						if id, ok := field.Type.(*ast.Ident); ok && id.Name == "Extra" {
							withExtra[ts.Name.Name] = true
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil {
					continue
				}
				recv, prefix := d.Recv.List[0].Type, ""
				if star, ok := recv.(*ast.StarExpr); ok {
					recv, prefix = star.X, "*"
				}
				if id, ok := recv.(*ast.Ident); ok {
					if methods[id.Name] == nil {
						methods[id.Name] = map[string]bool{}
					}
					methods[id.Name][prefix+d.Name.Name] = true
				}
			}
		}
	}
	if len(withExtra) < 25 {
		t.Fatalf("found only %d types with Extra; the scan is broken", len(withExtra))
	}
	var missing []string
	for typ := range withExtra {
		if !methods[typ]["*UnmarshalJSON"] || !methods[typ]["MarshalJSON"] {
			missing = append(missing, typ)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("types with Extra but without (*T).UnmarshalJSON and T.MarshalJSON: %v", missing)
	}
	if src, _ := os.ReadFile("models_json.go"); len(src) == 0 {
		t.Error("models_json.go is missing")
	}
}

func TestPopulatedFlowDecodes(t *testing.T) {
	var f Flow
	if err := json.Unmarshal([]byte(populatedFlowJSON), &f); err != nil {
		t.Fatal(err)
	}
	v := f.Version
	switch {
	case f.FolderID != nil, f.OwnerID != nil, f.TimeSavedPerRun != nil, f.TemplateID != nil:
		t.Errorf("nulls decoded as values: %+v", f)
	case f.PublishedVersionID == nil || *f.PublishedVersionID != "vEr51onLkD8sQ3mZpT6yW":
		t.Errorf("publishedVersionId %v", f.PublishedVersionID)
	case f.OperationStatus != FlowOperationNone || f.Status != FlowEnabled:
		t.Errorf("enums %q %q", f.OperationStatus, f.Status)
	case v.State != VersionLocked || !v.Valid || v.Trigger.Type != TriggerPiece || v.SchemaVersion == nil || *v.SchemaVersion != "7":
		t.Errorf("version %+v", v)
	case v.Trigger.Settings.PropertySettings["authType"].Type != PropertyManual:
		t.Errorf("property settings %+v", v.Trigger.Settings.PropertySettings)
	case len(v.AgentIDs) != 0 || v.AgentIDs == nil || len(v.ConnectionIDs) != 1:
		t.Errorf("id lists %#v %#v", v.AgentIDs, v.ConnectionIDs)
	}
	step1 := v.Trigger.NextAction
	if step1.Type != ActionCode || step1.Settings.SourceCode == nil || step1.Settings.Input["retries"] != float64(3) {
		t.Errorf("step_1 %+v", step1)
	}
	if string(step1.Extra["lastUpdatedDate"]) != `"2025-03-14T10:02:10.990Z"` || string(step1.Settings.SourceCode.Extra["language"]) != `"typescript"` {
		t.Errorf("unknown members not kept: %v %v", step1.Extra, step1.Settings.SourceCode.Extra)
	}
	router := FindStep(&v.Trigger, "step_4")
	if router == nil || router.Settings.ExecutionType != RouterFirstMatch || len(router.Settings.Branches) != 2 ||
		router.Settings.Branches[1].BranchType != BranchFallback || router.Settings.Branches[0].Conditions[0][1].Operator != "LIST_IS_NOT_EMPTY" ||
		len(router.Children) != 2 || router.Children[1] != nil {
		t.Errorf("router %+v", router)
	}
}

func TestRoundTripKeepsEveryMember(t *testing.T) {
	var f Flow
	if err := json.Unmarshal([]byte(populatedFlowJSON), &f); err != nil {
		t.Fatal(err)
	}
	once, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	jsontest.Same(t, "flow", []byte(populatedFlowJSON), once)
	var again Flow
	if err := json.Unmarshal(once, &again); err != nil {
		t.Fatal(err)
	}
	twice, _ := json.Marshal(again)
	if string(once) != string(twice) {
		t.Errorf("encoding is not stable:\n%s\n%s", once, twice)
	}
	// Pointers encode the same way: *Flow inside other values keeps everything too.
	wrapped, _ := json.Marshal(struct {
		Flow *Flow `json:"flow"`
	}{&f})
	jsontest.Same(t, "flow behind a pointer", []byte(populatedFlowJSON), jsontest.Member(t, wrapped, "flow"))
}

func TestSetFieldsWinOverKeptMembers(t *testing.T) {
	var f Flow
	if err := json.Unmarshal([]byte(populatedFlowJSON), &f); err != nil {
		t.Fatal(err)
	}
	folder := "fOld3r000000000000001"
	f.FolderID = &folder
	f.Version.Trigger.NextAction.Skip = true
	out, _ := json.Marshal(f)
	if got := string(jsontest.Member(t, out, "folderId")); got != `"fOld3r000000000000001"` {
		t.Errorf("folderId = %s after setting it", got)
	}
	if got := string(jsontest.Member(t, out, "version", "trigger", "nextAction", "skip")); got != "true" {
		t.Errorf("skip = %s after setting it", got)
	}
	if strings.Count(string(out), `"folderId"`) != 1 {
		t.Errorf("folderId written twice: %s", out)
	}
	f.FolderID = nil
	out, _ = json.Marshal(f)
	if got := string(jsontest.Member(t, out, "folderId")); got != "null" {
		t.Errorf("folderId = %s after clearing it, want the server's null back", got)
	}
}

func TestModelsAcceptAbsentAndNull(t *testing.T) {
	models := []any{&Flow{}, &FlowVersion{}, &Trigger{}, &Action{}, &ContinueOnFailureBranches{}, &Settings{}, &PropertySetting{},
		&SourceCode{}, &RouterBranch{}, &Condition{}, &FlowRun{}, &FailedStep{}, &StepRun{}, &Folder{}, &AppConnection{},
		&PieceSummary{}, &Piece{}, &PieceComponent{}, &PieceProperty{}, &TriggerRunStatus{}, &PieceTriggerStats{}, &DailyStat{},
		&Table{}, &Field{}, &Record{}, &Cell{}, &McpServer{}, &UserInvitation{}, &ChannelAutomation{}, &ChannelTag{}, &ConnectionValue{}}
	for _, m := range models {
		typ := reflect.TypeOf(m).Elem()
		t.Run(typ.Name(), func(t *testing.T) {
			allNull := map[string]any{}
			for name := range jsonFields(typ).byName {
				allNull[name] = nil
			}
			data, _ := json.Marshal(allNull)
			for _, doc := range [][]byte{[]byte(`{}`), data, []byte(`null`)} {
				fresh := reflect.New(typ).Interface()
				if err := json.Unmarshal(doc, fresh); err != nil {
					t.Errorf("decoding %s: %v", doc, err)
				}
				if _, err := json.Marshal(fresh); err != nil {
					t.Errorf("encoding after %s: %v", doc, err)
				}
			}
			withUnknown := reflect.New(typ).Interface()
			if err := json.Unmarshal([]byte(`{"zzFutureMember": {"a": [1, null]}}`), withUnknown); err != nil {
				t.Fatal(err)
			}
			out, _ := json.Marshal(withUnknown)
			if got := string(jsontest.Member(t, out, "zzFutureMember")); got != `{"a":[1,null]}` {
				t.Errorf("unknown member came back as %s", got)
			}
		})
	}
}

func TestWalkStepsInOrder(t *testing.T) {
	var f Flow
	if err := json.Unmarshal([]byte(populatedFlowJSON), &f); err != nil {
		t.Fatal(err)
	}
	type visit struct {
		name, parent string
		depth        int
		loc          StepLocation
		branch       int
	}
	want := []visit{
		{"step_1", "trigger", 0, LocationAfter, 0},
		{"step_5", "step_1", 1, LocationInsideOnSuccess, 0},
		{"step_2", "step_1", 0, LocationAfter, 0},
		{"step_3", "step_2", 1, LocationInsideLoop, 0},
		{"step_4", "step_2", 0, LocationAfter, 0},
		{"step_6", "step_4", 1, LocationInsideBranch, 0},
	}
	var got []visit
	for _, s := range WalkSteps(&f.Version.Trigger) {
		got = append(got, visit{s.Action.Name, s.Parent, s.Depth, s.Location, s.BranchIndex})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("walk\n got %v\nwant %v", got, want)
	}
	if WalkSteps(nil) != nil || WalkSteps(&Trigger{Name: "trigger"}) != nil {
		t.Error("an empty graph has steps")
	}
	// FindStep points into the graph: a change through it changes the version.
	FindStep(&f.Version.Trigger, "step_6").DisplayName = "Answer"
	if f.Version.Trigger.NextAction.NextAction.NextAction.Children[0].DisplayName != "Answer" {
		t.Error("FindStep returned a copy")
	}
	if FindStep(&f.Version.Trigger, "nope") != nil {
		t.Error("FindStep found a step that does not exist")
	}
}

func TestWalkStepsNesting(t *testing.T) {
	// A loop inside a router branch inside a failure path, and the old BRANCH
	// step's success and failure paths: everything is visited once, in order.
	leaf := func(name string, next *Action) *Action {
		return &Action{Name: name, Type: ActionCode, NextAction: next}
	}
	trig := Trigger{Name: "trigger", NextAction: &Action{
		Name: "a", Type: ActionPiece,
		ContinueOnFailureBranches: &ContinueOnFailureBranches{
			OnFailure: &Action{Name: "r", Type: ActionRouter, Children: []*Action{nil,
				{Name: "loop", Type: ActionLoop, FirstLoopAction: leaf("in1", leaf("in2", nil)), NextAction: leaf("afterLoop", nil)}}},
		},
		NextAction: &Action{Name: "old", OnSuccessAction: leaf("yes", nil), OnFailureAction: leaf("no", nil), NextAction: leaf("end", nil)},
	}}
	var names []string
	var depths []int
	for _, s := range WalkSteps(&trig) {
		names = append(names, s.Action.Name+":"+string(s.Location))
		depths = append(depths, s.Depth)
	}
	wantNames := []string{"a:AFTER", "r:INSIDE_ON_FAILURE_BRANCH", "loop:INSIDE_BRANCH", "in1:INSIDE_LOOP", "in2:AFTER", "afterLoop:AFTER",
		"old:AFTER", "yes:INSIDE_ON_SUCCESS_BRANCH", "no:INSIDE_ON_FAILURE_BRANCH", "end:AFTER"}
	wantDepths := []int{0, 1, 2, 3, 3, 2, 0, 1, 1, 0}
	if !reflect.DeepEqual(names, wantNames) || !reflect.DeepEqual(depths, wantDepths) {
		t.Errorf("walk\n got %v %v\nwant %v %v", names, depths, wantNames, wantDepths)
	}
	if s := WalkSteps(&trig)[2]; s.BranchIndex != 1 || s.Parent != "r" {
		t.Errorf("loop hangs off %q branch %d, want r branch 1", s.Parent, s.BranchIndex)
	}
}

func TestEncodingWithoutHTMLEscapingKeepsCodeReadable(t *testing.T) {
	var f Flow
	if err := json.Unmarshal([]byte(populatedFlowJSON), &f); err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"code":"export const code = async (inputs) => ({`) {
		t.Errorf("code was escaped: %s", buf.String())
	}
}
