package sandbox

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/workflows-mcp/mcp-bridge/client"
)

// flowOpHandler applies one operation type to a flow.
type flowOpHandler func(env opEnv, flow *client.Flow, req opRequest) error

// flowOpHandlers are the operation types the sandbox applies, as upstream-api §4 describes them.
var flowOpHandlers = map[string]flowOpHandler{
	string(client.OpUpdateTrigger):   opUpdateTrigger,
	string(client.OpAddAction):       opAddAction,
	string(client.OpUpdateAction):    opUpdateAction,
	string(client.OpDeleteAction):    opDeleteAction,
	string(client.OpDuplicateAction): opDuplicateAction,
	string(client.OpMoveAction):      opMoveAction,
	string(client.OpSetSkipAction):   opSetSkipAction,
	string(client.OpChangeName):      opChangeName,
	string(client.OpChangeFolder):    opChangeFolder,
	string(client.OpUpdateMetadata):  opUpdateMetadata,
	string(client.OpLockAndPublish):  opLockAndPublish,
	string(client.OpChangeStatus):    opChangeStatus,
	string(client.OpUseAsDraft):      opUseAsDraft,
	string(client.OpImportFlow):      opImportFlow,
}

// supportedFlowOps lists the handled types in a stable order, for messages.
var supportedFlowOps = []client.FlowOperationType{
	client.OpUpdateTrigger, client.OpAddAction, client.OpUpdateAction, client.OpDeleteAction,
	client.OpDuplicateAction, client.OpMoveAction, client.OpSetSkipAction, client.OpChangeName,
	client.OpChangeFolder, client.OpUpdateMetadata, client.OpLockAndPublish, client.OpChangeStatus,
	client.OpUseAsDraft, client.OpImportFlow,
}

// applyOperation applies one flow operation ({type, request}) to flow in place.
// Operations that edit the version work on the draft: a LOCKED version is first
// cloned into a new DRAFT (new id) that becomes flow.Version, which the caller
// must store. Validity is recomputed after every version edit. The flow is
// left unchanged when an error is returned.
func applyOperation(env opEnv, flow *client.Flow, opType string, request json.RawMessage) error {
	handler, ok := flowOpHandlers[opType]
	if !ok {
		names := make([]string, len(supportedFlowOps))
		for i, t := range supportedFlowOps {
			names[i] = string(t)
		}
		return invalidOperation("operation type %q is not supported by the sandbox; supported types: %s",
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
func editDraft(env opEnv, flow *client.Flow, edit func(v *client.FlowVersion) error) error {
	if flow.Version == nil {
		return invalidOperation("flow %s has no version to edit", flow.ID)
	}
	if flow.Version.State != client.VersionDraft {
		draft, err := cloneVersion(flow.Version)
		if err != nil {
			return err
		}
		draft.ID = env.NewID()
		draft.State = client.VersionDraft
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
func fillLastUpdated(v *client.FlowVersion, stamp string) {
	stampUpdated(&v.Trigger.Extra, stamp, false)
	for _, s := range client.WalkSteps(&v.Trigger) {
		stampUpdated(&s.Action.Extra, stamp, false)
	}
}

func opTimestamp(env opEnv) string {
	now := time.Now
	if env.Now != nil {
		now = env.Now
	}
	return now().UTC().Format("2006-01-02T15:04:05.000Z")
}

func cloneFlow(f *client.Flow) (*client.Flow, error) {
	var out client.Flow
	return &out, jsonCopy(f, &out)
}

func cloneVersion(v *client.FlowVersion) (*client.FlowVersion, error) {
	var out client.FlowVersion
	return &out, jsonCopy(v, &out)
}

func cloneAction(a *client.Action) (*client.Action, error) {
	var out client.Action
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
		return r, badField("body", path, "must be object")
	}
	return r, nil
}

// sub reads a member that must be an object.
func (r opRequest) sub(name string) (opRequest, error) {
	if !r.present(name) {
		return opRequest{}, badField("body", r.path+"/"+name, "must be object")
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
			return badField("body", r.path+"/"+name, expected)
		}
		return nil
	}
	if err := json.Unmarshal(r.members[name], v); err != nil {
		return badField("body", r.path+"/"+name, expected)
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
	return "", badField("body", r.path+"/"+name, expected)
}

// names reads a non-empty array of step names.
func (r opRequest) names(name string) ([]string, error) {
	var names []string
	if err := r.decode(name, true, &names, "must be array of strings"); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, badField("body", r.path+"/"+name, "must NOT have fewer than 1 items")
	}
	return names, nil
}
