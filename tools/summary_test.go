package tools

import "testing"

func TestSummary(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"first sentence", "List flows. Newest first.", "List flows."},
		{"e.g. does not end it", "Add a step, e.g. a delay. Then publish.", "Add a step, e.g. a delay."},
		{"i.e. does not end it", "Unfile it, i.e. no folder. More.", "Unfile it, i.e. no folder."},
		{"first line only", "Get a run\nwith its steps.", "Get a run"},
		{"no stop", "Rotate the token", "Rotate the token"},
		{"cut with an ellipsis", "abcdefghij. Rest.", "abcd…"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			max := 100
			if tc.name == "cut with an ellipsis" {
				max = 5
			}
			if got := Summary(tc.in, max); got != tc.want {
				t.Errorf("Summary(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
