package engine

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/sandbox/apierr"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// flowOpHandler applies one operation type to a flow.
type flowOpHandler func(env OpEnv, flow *workflows.Flow, req opRequest) error

// flowOpHandlers are the operation types the sandbox applies, as upstream-api §4 describes them.
var flowOpHandlers = map[string]flowOpHandler{
	string(workflows.OpUpdateTrigger):   opUpdateTrigger,
	string(workflows.OpAddAction):       opAddAction,
	string(workflows.OpUpdateAction):    opUpdateAction,
	string(workflows.OpDeleteAction):    opDeleteAction,
	string(workflows.OpDuplicateAction): opDuplicateAction,
	string(workflows.OpMoveAction):      opMoveAction,
	string(workflows.OpSetSkipAction):   opSetSkipAction,
	string(workflows.OpChangeName):      opChangeName,
	string(workflows.OpChangeFolder):    opChangeFolder,
	string(workflows.OpUpdateMetadata):  opUpdateMetadata,
	string(workflows.OpLockAndPublish):  opLockAndPublish,
	string(workflows.OpChangeStatus):    opChangeStatus,
	string(workflows.OpUseAsDraft):      opUseAsDraft,
	string(workflows.OpImportFlow):      opImportFlow,
}

// supportedFlowOps lists the handled types in a stable order, for messages.
var supportedFlowOps = []workflows.FlowOperationType{
	workflows.OpUpdateTrigger, workflows.OpAddAction, workflows.OpUpdateAction, workflows.OpDeleteAction,
	workflows.OpDuplicateAction, workflows.OpMoveAction, workflows.OpSetSkipAction, workflows.OpChangeName,
	workflows.OpChangeFolder, workflows.OpUpdateMetadata, workflows.OpLockAndPublish, workflows.OpChangeStatus,
	workflows.OpUseAsDraft, workflows.OpImportFlow,
}

// ApplyOperation applies one flow operation ({type, request}) to flow in place.
// Operations that edit the version work on the draft: a LOCKED version is first
// cloned into a new DRAFT (new id) that becomes flow.Version, which the caller
// must store. Validity is recomputed after every version edit. The flow is
// left unchanged when an error is returned.
func ApplyOperation(env OpEnv, flow *workflows.Flow, opType string, request json.RawMessage) error {
	handler, ok := flowOpHandlers[opType]
	if !ok {
		names := make([]string, len(supportedFlowOps))
		for i, t := range supportedFlowOps {
			names[i] = string(t)
		}
		return apierr.InvalidOperation("operation type %q is not supported by the sandbox; supported types: %s",
			opType, strings.Join(names, ", "))
	}
	req, err := decodeOpRequest(request)
	if err != nil {
		return err
	}
	// Work on a copy so that a failed operation leaves the caller's flow untouched.
	work, err := cloneFlow(flow)
	if err != nil {
		return err
	}
	if err := handler(env, work, req); err != nil {
		return err
	}
	work.Updated = opTimestamp(env)
	*flow = *work
	return nil
}

// editDraft runs edit on the flow's draft, first cloning a LOCKED version into
// a new DRAFT, then recomputes validity and stamps the version.
func editDraft(env OpEnv, flow *workflows.Flow, edit func(v *workflows.FlowVersion) error) error {
	if flow.Version == nil {
		return apierr.InvalidOperation("flow %s has no version to edit", flow.ID)
	}
	if flow.Version.State != workflows.VersionDraft {
		draft, err := cloneVersion(flow.Version)
		if err != nil {
			return err
		}
		draft.ID = env.NewID()
		draft.State = workflows.VersionDraft
		draft.Created = opTimestamp(env)
		flow.Version = draft
	}
	if err := edit(flow.Version); err != nil {
		return err
	}
	fillLastUpdated(flow.Version, opTimestamp(env))
	if err := recomputeValidity(env.Catalogue, flow.Version); err != nil {
		return err
	}
	flow.Version.Updated = opTimestamp(env)
	return nil
}

// fillLastUpdated stamps the trigger and steps that have no lastUpdatedDate yet.
func fillLastUpdated(v *workflows.FlowVersion, stamp string) {
	stampUpdated(&v.Trigger.Extra, stamp, false)
	for _, s := range workflows.WalkSteps(&v.Trigger) {
		stampUpdated(&s.Action.Extra, stamp, false)
	}
}

func opTimestamp(env OpEnv) string {
	now := time.Now
	if env.Now != nil {
		now = env.Now
	}
	return now().UTC().Format("2006-01-02T15:04:05.000Z")
}

func cloneFlow(f *workflows.Flow) (*workflows.Flow, error) {
	var out workflows.Flow
	return &out, jsonCopy(f, &out)
}

func cloneVersion(v *workflows.FlowVersion) (*workflows.FlowVersion, error) {
	var out workflows.FlowVersion
	return &out, jsonCopy(v, &out)
}

func cloneAction(a *workflows.Action) (*workflows.Action, error) {
	var out workflows.Action
	return &out, jsonCopy(a, &out)
}

// jsonCopy deep-copies through JSON, which keeps the members models hold in Extra.
func jsonCopy(from, to any) error {
	data, err := json.Marshal(from)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, to)
}

// opRequest is an operation's request object (or one of its sub-objects),
// member by member, so that a missing or ill-typed member is reported by its
// path (request/action/name) the way fastify does.
type opRequest struct {
	members map[string]json.RawMessage
	path    string
}

func decodeOpRequest(raw json.RawMessage) (opRequest, error) {
	return decodeOpObject(raw, "request")
}

func decodeOpObject(raw json.RawMessage, path string) (opRequest, error) {
	r := opRequest{path: path}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &r.members) != nil {
		return r, apierr.BadField("body", path, "must be object")
	}
	return r, nil
}

// sub reads a member that must be an object.
func (r opRequest) sub(name string) (opRequest, error) {
	if !r.present(name) {
		return opRequest{}, apierr.BadField("body", r.path+"/"+name, "must be object")
	}
	return decodeOpObject(r.members[name], r.path+"/"+name)
}

// present reports whether the member is given and not null.
func (r opRequest) present(name string) bool {
	raw, ok := r.members[name]
	return ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// decode reads a member into v; a missing (when required) or ill-typed member
// is a fastify validation error naming the member's path and what was expected.
func (r opRequest) decode(name string, required bool, v any, expected string) error {
	if !r.present(name) {
		if required {
			return apierr.BadField("body", r.path+"/"+name, expected)
		}
		return nil
	}
	if err := json.Unmarshal(r.members[name], v); err != nil {
		return apierr.BadField("body", r.path+"/"+name, expected)
	}
	return nil
}

func (r opRequest) str(name string, required bool) (string, error) {
	var s string
	err := r.decode(name, required, &s, "must be string")
	return s, err
}

// enum reads a string member that must be one of allowed; def is used when it is absent.
func (r opRequest) enum(name string, required bool, def string, allowed ...string) (string, error) {
	expected := "must be equal to one of the allowed values: " + strings.Join(allowed, ", ")
	var s string
	if err := r.decode(name, required, &s, expected); err != nil {
		return "", err
	}
	if !r.present(name) {
		return def, nil
	}
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", apierr.BadField("body", r.path+"/"+name, expected)
}

// names reads a non-empty array of step names.
func (r opRequest) names(name string) ([]string, error) {
	var names []string
	if err := r.decode(name, true, &names, "must be array of strings"); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, apierr.BadField("body", r.path+"/"+name, "must NOT have fewer than 1 items")
	}
	return names, nil
}
