package main

import (
	"fmt"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/tutorials"
)

// Size is a poster's canvas in CSS px.
type Size struct{ W, H int }

func (s Size) String() string { return fmt.Sprintf("%dx%d", s.W, s.H) }

// The boxes a view opens in, at the sizes people meet them. The page picks
// the poster whose shape is closest to its own box and scales it to fit
// (poster.js), so each shape is drawn once, at a common size:
var (
	// the playground's stage (index.html): beside the 400 px panel under
	// the header on a 1280x800 and a 1920x1080 screen, and 70% of a
	// 390x844 phone's height;
	stageSizes = []Size{{880, 720}, {1520, 980}, {390, 590}}
	// an embed (the Embed dialog's 800x450 snippet) and the side by side
	// panes, both 16:9;
	embedSize = Size{800, 450}
	// a tutorial figure or an exercise (4:3 boxes in tutorials.css).
	figureSize = Size{640, 480}
)

// compareScenario is the side by side page's default (DEFAULT_SCENARIO in
// web/compare.js).
const compareScenario = "baseline-spam"

// View is one opening picture: a fragment a page or embed starts on, the
// shapes it is drawn at and its files' name.
type View struct {
	Name     string // file name stem under posters/
	Fragment string // the state it shows (play.Params.Fragment, no view options)
	Sizes    []Size
}

// Views are every state a page or embed can start on (issue 13): the
// playground's default and each built-in scenario (the playground, an
// embed, an exercise's embed before it loads its variant), each tutorial
// figure at its first step, and the side by side page's two panes.
func Views() ([]View, error) {
	all := append(append([]Size{}, stageSizes...), embedSize)
	var vs []View
	vs = append(vs, View{Name: "default", Fragment: "", Sizes: append(all, figureSize)})
	for _, name := range builtin.Names() {
		if name == "default" {
			continue // the same picture as the view above
		}
		vs = append(vs, View{Name: "scenario-" + name, Fragment: play.Params{Scenario: name}.Fragment(), Sizes: all})
	}
	for _, t := range tutorials.List() {
		md, ok := tutorials.Source(t.Name)
		if !ok {
			return nil, fmt.Errorf("tutorial %s: no source", t.Name)
		}
		page, err := tutorials.Render(t.Name+".md", md)
		if err != nil {
			return nil, fmt.Errorf("tutorial %s: %v", t.Name, err)
		}
		for _, sc := range page.Scenarios {
			p, err := page.Opening(sc.ID)
			if err != nil {
				return nil, fmt.Errorf("tutorial %s: %v", t.Name, err)
			}
			vs = append(vs, View{Name: "tutorial-" + t.Name + "-" + sc.ID, Fragment: p.Fragment(), Sizes: []Size{figureSize}})
		}
	}
	// compare.js opens each pane on its policy and the page's scenario
	// (baseline-spam unless the URL names one) before the lab has run.
	for _, pol := range []string{"baseline", "series"} {
		vs = append(vs, View{Name: "compare-" + pol, Fragment: play.Params{Scenario: compareScenario, Policy: pol}.Fragment(), Sizes: []Size{embedSize}})
	}
	return vs, nil
}
