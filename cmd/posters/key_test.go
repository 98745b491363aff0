package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/play"
)

var keyCases = []struct {
	frag string
	want [3]string // Key at levels 0, 1, 2
}{
	{"", [3]string{"", "", ""}},
	{"#chrome=none", [3]string{"", "", ""}},
	{"scenario=default&chrome=min&theme=dark&ro=1", [3]string{"", "", ""}},
	{"scenario=one-broken-of-8&chrome=none", [3]string{"scenario=one-broken-of-8", "scenario=one-broken-of-8", "scenario=one-broken-of-8"}},
	{"seed=3&scenario=x&n=12&chrome=none", [3]string{"n=12&scenario=x&seed=3", "scenario=x&seed=3", "scenario=x"}},
	{"chrome=min&n=3&seed=7&sel=ep0&src=dGl0bGU", [3]string{"n=3&seed=7&sel=ep0&src=dGl0bGU", "seed=7&src=dGl0bGU", "src=dGl0bGU"}},
	{"policy=baseline&chrome=none", [3]string{"policy=baseline", "policy=baseline", ""}},
	{"faults=5%3Aep1%3Asilent&order=1.0&details=1&broken=ep5%2Cep11&scenario=s", [3]string{"broken=ep5%2Cep11&details=1&faults=5%3Aep1%3Asilent&order=1.0&scenario=s", "broken=ep5%2Cep11&scenario=s", "scenario=s"}},
	{"b=2&a=1&b=1", [3]string{"a=1&b=2&b=1", "a=1&b=2&b=1", ""}}, // a repeated key keeps its order (stable)
	{"&&scenario=y&", [3]string{"scenario=y", "scenario=y", "scenario=y"}},
}

func TestKey(t *testing.T) {
	for _, c := range keyCases {
		for level, want := range c.want {
			if got := Key(c.frag, level); got != want {
				t.Errorf("Key(%q, %d) = %q, want %q", c.frag, level, got, want)
			}
		}
	}
	// The FNV-1a test vectors.
	for in, want := range map[string]string{"": "811c9dc5", "a": "e40c292c", "foobar": "bf9cf968"} {
		if got := Hash(in); got != want {
			t.Errorf("Hash(%q) = %s, want %s", in, got, want)
		}
	}
}

// A fragment the Go side writes, with a page's chrome appended, is the
// same key as without it: the tutorial figures and the playground's stage
// add chrome to fragments Go made.
func TestKeyOfGoFragments(t *testing.T) {
	p := play.Params{Scenario: "one-broken-of-8", N: 40, Select: "ep3", HasSeed: true, Seed: 9, Broken: []string{"ep1", "ep2"}}
	bare := p.Fragment()
	p.View.Chrome, p.View.Theme = "min", "dark"
	if a, b := Key(p.Fragment(), 0), Key(bare, 0); a != b || a != bare {
		t.Errorf("Key(%q) = %q, Key(%q) = %q; want both %q", p.Fragment(), a, bare, b, bare)
	}
	if a, b := Key(bare+"&chrome=none", 0), Key(bare, 0); a != b {
		t.Errorf("appended chrome changes the key: %q vs %q", a, b)
	}
}

// web/poster.js computes the same key hashes as Key and Hash, on the same
// fragments: the page finds the files build.sh wrote.
func TestKeyMatchesPosterJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node not found (CI is set: a skip is not a pass)")
		}
		t.Skip("node not found")
	}
	js, err := os.ReadFile("../../web/poster.js")
	if err != nil {
		t.Fatal(err)
	}
	var frags []string
	for _, c := range keyCases {
		frags = append(frags, c.frag)
	}
	views, err := Views()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range views {
		frags = append(frags, v.Fragment, v.Fragment+"&chrome=min")
	}
	in, _ := json.Marshal(frags)
	prog := `const window = { SMMUPLAY_POSTERS: { v: 1, views: {} } };
const document = { getElementById: () => ({}) };
const location = { hash: "" };
` + string(js) + `
const out = [];
for (const f of ` + string(in) + `) for (const l of [0, 1, 2]) out.push(window.smmuplayPosterKey(f, l));
console.log(JSON.stringify(out));`
	cmd := exec.Command(node, "-e", prog)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got []string
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(b))), &got); err != nil {
		t.Fatalf("node output %q: %v", b, err)
	}
	if len(got) != 3*len(frags) {
		t.Fatalf("node gave %d keys for %d fragments", len(got), len(frags))
	}
	for i, f := range frags {
		for l := 0; l < 3; l++ {
			if want := Hash(Key(f, l)); got[3*i+l] != want {
				t.Errorf("fragment %q level %d: poster.js %s, Go %s (key %q)", f, l, got[3*i+l], want, Key(f, l))
			}
		}
	}
}
