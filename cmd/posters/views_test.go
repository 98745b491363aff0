package main

import (
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/tutorials"
)

// Every state a page can start on has a poster: the playground's
// default, each built-in scenario, each figure of the tutorials as the
// generated page opens it, and the side by side panes.
func TestViewsCoverEveryOpening(t *testing.T) {
	views, err := Views()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]string{}
	for _, v := range views {
		k := Key(v.Fragment, 0)
		if old, dup := have[k]; dup {
			t.Errorf("views %s and %s open on the same state %q", old, v.Name, k)
		}
		have[k] = v.Name
		if len(v.Sizes) == 0 {
			t.Errorf("view %s has no size", v.Name)
		}
	}
	want := []string{"", "chrome=none&policy=baseline&scenario=" + compareScenario, "chrome=none&policy=series&scenario=" + compareScenario}
	for _, n := range builtin.Names() {
		want = append(want, "scenario="+n)
	}
	js, err := os.ReadFile("../../web/compare.js")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `const DEFAULT_SCENARIO = "`+compareScenario+`"`) {
		t.Errorf("web/compare.js's DEFAULT_SCENARIO is not %q", compareScenario)
	}
	iframe := regexp.MustCompile(`<iframe src="[^"#]*#([^"]*)"`)
	figures := 0
	for _, tu := range tutorials.List() {
		md, _ := tutorials.Source(tu.Name)
		p, err := tutorials.Render(tu.Name+".md", md)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range iframe.FindAllStringSubmatch(p.HTML, -1) {
			want = append(want, html.UnescapeString(m[1]))
			figures++
		}
	}
	if figures == 0 {
		t.Fatal("no tutorial figure found: the iframe pattern no longer matches the pages")
	}
	for _, f := range want {
		if _, ok := have[Key(f, 0)]; !ok {
			t.Errorf("no poster opens on %q (key %q)", f, Key(f, 0))
		}
	}
}
