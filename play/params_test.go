package play

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFragmentRoundTrip(t *testing.T) {
	for _, p := range []Params{
		{},
		{Scenario: "baseline-spam"},
		{Scenario: "default", Seed: 1<<64 - 1, HasSeed: true, Policy: "series", Strategy: "halving", Endpoints: 64,
			Broken: []string{"ep5", "ep11"}, N: 1234, Select: "reg:CMDQ_CONS",
			Faults: []Fault{{At: 3, EP: "ep1", Kind: "silent"}, {At: 90, EP: "ep1", Kind: "flr-ok"}},
			Order:  []int{0, 2, 1}, View: View{Chrome: "min", ReadOnly: true, Theme: "dark", Details: true}},
		{Source: "policy series\nendpoints 2\n# <script>&=#\nrun\n", Scenario: "ignored-when-source"},
	} {
		f := p.Fragment()
		got, err := ParseFragment("#" + f)
		if err != nil {
			t.Fatalf("ParseFragment(%q): %v", f, err)
		}
		want := p
		if want.Source != "" {
			want.Scenario = ""
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip of %q:\n got %+v\nwant %+v", f, got, want)
		}
		if again := got.Fragment(); again != f {
			t.Errorf("fragment not canonical: %q then %q", f, again)
		}
	}
}

func TestFragmentErrors(t *testing.T) {
	for _, c := range []struct{ frag, want string }{
		{"scenario=a%zz", "invalid URL escape"},
		{"seed=-1", `seed="-1": want an unsigned 64-bit number`},
		{"seed=1&seed=2", `"seed" is given 2 times`},
		{"policy=fast", "want baseline, series or none"},
		{"strategy=random", "want per-device or halving"},
		{"endpoints=0", "from 1 to 256"},
		{"endpoints=257", "from 1 to 256"},
		{"broken=ep1,<x>", `"<x>" is not an endpoint name`},
		{"n=-3", "want an event number"},
		{"faults=1:ep1", "want EVENT:ENDPOINT:KIND"},
		{"faults=5:ep1:silent,2:ep1:slow", "event order"},
		{"faults=5:ep1:explode", `kind "explode"`},
		{"sel=reg:FOO", "unknown register"},
		{"sel=slot:x", "non-negative index"},
		{"chrome=fancy", "want full, min or none"},
		{"theme=blue", "auto, light or dark"},
		{"src=***", "base64url"},
		{"order=1.x", "choices like 0.2.1"},
		{"zoom=2", "unknown key"},
		{"scenario=../../etc", "want a scenario name"},
	} {
		_, err := ParseFragment(c.frag)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseFragment(%q) = %v, want an error containing %q", c.frag, err, c.want)
		}
	}
}

func TestTargets(t *testing.T) {
	for in, want := range map[string]string{
		"ep5": "ep:ep5", "ep:ep5": "ep:ep5", "slot:12": "slot:12", "reg:cmdq_cons": "reg:CMDQ_CONS",
		"reg:SMMU_GERROR": "reg:GERROR", "rp:0": "rp:0", "page:3": "page:3", "smmu": "smmu",
	} {
		tg, err := ParseTarget(in)
		if err != nil || tg.String() != want {
			t.Errorf("ParseTarget(%q) = %v, %v; want %s", in, tg, err, want)
		}
	}
	for _, bad := range []string{"", "ep:", "slot:-1", "what:1", "reg:X", "a b"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) succeeded", bad)
		}
	}
}

// FuzzFragment: any fragment either fails with a message or parses into
// Params whose canonical fragment parses back to the same Params.
func FuzzFragment(f *testing.F) {
	for _, s := range []string{"", "scenario=default&n=5", "faults=1:ep1:silent,3:ep2:flr-ok", "src=cG9saWN5IHNlcmllcwo", "order=0.1", "sel=reg:GERROR&theme=dark&ro=1&chrome=min"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, frag string) {
		p, err := ParseFragment(frag)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "URL fragment: ") {
				t.Fatalf("error without context: %v", err)
			}
			return
		}
		q, err := ParseFragment(p.Fragment())
		if err != nil {
			t.Fatalf("canonical fragment %q of %q does not parse: %v", p.Fragment(), frag, err)
		}
		if p.Source != "" {
			p.Scenario = ""
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip of %q:\n got %+v\nwant %+v", frag, q, p)
		}
	})
}

func TestSetField(t *testing.T) {
	var p Params
	for k, v := range map[string]string{"scenario": "default", "seed": "5", "source": "policy series\n# <&=#>\n", "broken": "ep1,ep2"} {
		if err := p.SetField(k, v); err != nil {
			t.Fatalf("SetField(%q, %q): %v", k, v, err)
		}
	}
	if p.Source != "policy series\n# <&=#>\n" || p.Seed != 5 || !p.HasSeed || len(p.Broken) != 2 {
		t.Fatalf("SetField gave %+v", p)
	}
	for _, c := range []struct{ k, v, want string }{
		{"colour", "red", `colour="red": unknown key`},
		{"endpoints", "999", `endpoints="999": want a number of endpoints`},
		{"source", strings.Repeat("x", MaxSource+1), "at most"},
	} {
		if err := p.SetField(c.k, c.v); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("SetField(%q) = %v, want an error containing %q", c.k, err, c.want)
		}
	}
}

// An error names a huge value without echoing it (issue 16 item 5: a
// 1.3 MB faults= put 1.3 MB into the page's error box).
func TestErrorsClipValues(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	for _, frag := range []string{
		"faults=" + huge,
		"seed=" + huge,
		huge + "=1",
		"broken=" + huge,
		"scenario=" + huge,
	} {
		_, err := ParseFragment(frag)
		if err == nil {
			t.Fatalf("%.20s…: no error", frag)
		}
		if n := len(err.Error()); n > 400 {
			t.Errorf("%.20s…: the error is %d bytes: %.120s…", frag, n, err.Error())
		}
	}
	if got := clip("é" + strings.Repeat("a", 100)); !strings.HasSuffix(got, "… (102 bytes)") || !utf8.ValidString(got) {
		t.Errorf("clip: %q", got)
	}
}
