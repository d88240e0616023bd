package workflows

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzDecodeModels feeds any bytes to the models an engine's answers decode
// into. Decoding must never panic; whatever decodes must encode, and decoding
// that encoding again must give the same document (nothing kept in Extra may
// turn into something else on a round trip).
func FuzzDecodeModels(f *testing.F) {
	f.Add([]byte(populatedFlowJSON))
	f.Add(flowWithSteps(3))
	f.Add(flowPage(2))
	f.Add(runWithOutputs(3))
	f.Add([]byte(`{"id":null,"ownerId":null,"folderId":"","tags":[],"extra":{"a":[1,{"b":null}]},"ID":"dup","id":"x"}`))
	f.Add([]byte(`{"name":"step_1","type":"ROUTER","settings":{"branches":[{"conditions":[[{"operator":"TEXT_EQUALS"}]]}]},"children":[null,{"name":"s"}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		for _, into := range []func() any{
			func() any { return new(Flow) },
			func() any { return new(SeekPage[Flow]) },
			func() any { return new(FlowRun) },
			func() any { return new(Action) },
			func() any { return new(Piece) },
			func() any { return new(AppConnection) },
		} {
			v := into()
			if json.Unmarshal(doc, v) != nil {
				continue
			}
			once, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%T decoded but does not encode: %v\n%s", v, err, doc)
			}
			again := into()
			if err := json.Unmarshal(once, again); err != nil {
				t.Fatalf("%T: its own encoding does not decode: %v\n%s", v, err, once)
			}
			twice, err := json.Marshal(again)
			if err != nil || !bytes.Equal(once, twice) {
				t.Fatalf("%T: a round trip changed the document:\n%s\n%s", v, once, twice)
			}
		}
	})
}
