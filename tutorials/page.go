package tutorials

import (
	"fmt"
	"strings"
)

// Page is a rendered tutorial.
type Page struct {
	Name      string     `json:"name"`
	Title     string     `json:"title"` // the first heading's text
	HTML      string     `json:"html"`  // safe HTML (no raw HTML from the source; everything escaped)
	Scenarios []Scenario `json:"scenarios"`
	Steps     []Step     `json:"steps"`
	Problems  []Problem  `json:"problems"` // empty when every block ran and every claim held
}

// Scenario is one scenario block after its run.
type Scenario struct {
	ID       string   `json:"id"`
	Line     int      `json:"line"`
	Title    string   `json:"title"`
	Builtin  string   `json:"builtin,omitempty"`
	Fragment string   `json:"fragment"` // play.Params fragment of the run (no view options)
	Events   int64    `json:"events"`   // events when the program has finished
	Log      []string `json:"log"`      // the whole run's kernel log, as dmesg prints it
}

// Step is one resolved step marker.
type Step struct {
	Index     int      `json:"index"` // 1-based, in page order
	Line      int      `json:"line"`
	Scenario  string   `json:"scenario"` // block id
	Event     int64    `json:"event"`    // the step stands after this event (0 = the start)
	TimeNS    int64    `json:"time_ns"`
	Narration string   `json:"narration"` // the event in one sentence
	Targets   []string `json:"targets"`   // objects to highlight; the page selects the first
	Claims    []Claim  `json:"claims"`
}

// Claim is one `@claim` line checked at its step.
type Claim struct {
	Text string `json:"text"`
	Line int    `json:"line"`
	Got  string `json:"got"` // what the metric is there
	OK   bool   `json:"ok"`
}

// Problem is something wrong with a tutorial: a bad marker, a scenario
// that does not parse, a claim that is false.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col,omitempty"`
	Msg  string `json:"msg"`
}

func (p Problem) Error() string {
	if p.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// Problems is the error Render returns: every problem, one per line.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "\n")
}
