package play

import (
	"reflect"
	"testing"
)

// FuzzReopenFromShare: a fragment that opens a run reopens, from the
// Share fragment of that run, at the same place in the same state (the
// Share button copies Session.Fragment). Moving and injecting first makes
// the fragment carry n= and faults=.
func FuzzReopenFromShare(f *testing.F) {
	for _, s := range []string{
		"scenario=default&n=5",
		"scenario=seed-log&n=40",
		"scenario=one-broken-of-8&n=300&sel=ep:ep5&theme=dark",
		"scenario=flr-fails&policy=baseline&seed=3",
		"scenario=default&endpoints=3&broken=ep1&faults=10:ep2:silent&n=90",
		"src=ZW5kcG9pbnRzIDIKYnJva2VuIGVwMQp3b3JrbG9hZCB1bm1hcHM9MwpydW4K&n=20",
		"scenario=race-attach-quarantine&order=0.1.1",
	} {
		f.Add(s, uint16(7), uint8(0))
	}
	f.Fuzz(func(t *testing.T, frag string, step uint16, fault uint8) {
		p, err := ParseFragment(frag)
		if err != nil || p.N > 200_000 {
			return
		}
		x, err := Open(p)
		if err != nil {
			return
		}
		if _, err := x.Step(int64(step%500) + 1); err != nil {
			return // the run ended: nothing left to move to
		}
		if fault%4 == 1 {
			if err := x.Fault("ep0", "silent"); err != nil {
				return
			}
			x.Step(3)
		}
		share := x.Fragment()
		q, err := ParseFragment(share)
		if err != nil {
			t.Fatalf("Share fragment %q of %q does not parse: %v", share, frag, err)
		}
		y, err := Open(q)
		if err != nil {
			t.Fatalf("Share fragment %q of %q does not open: %v", share, frag, err)
		}
		if got, want := y.State(), x.State(); !reflect.DeepEqual(got, want) {
			t.Fatalf("reopened from %q (share of %q) in a different state:\n got %+v\nwant %+v", share, frag, got, want)
		}
		if y.Fragment() != share {
			t.Fatalf("the reopened run shares %q, not %q", y.Fragment(), share)
		}
	})
}
