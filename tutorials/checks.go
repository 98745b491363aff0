package tutorials

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// Checks over a rendered page that no single node can make: the page
// text is what a reader sees, so what the resolver did not read shows.

var (
	// unresolvedRef is template text left in the page: {{…}} on one line.
	unresolvedRef = regexp.MustCompile(`\{\{[^{}\n]{0,200}\}\}`)
	// badValue is a reference the resolver read and already reported.
	badValue = regexp.MustCompile(`<span class="value bad">[^<]*</span>`)
	stepOpen = regexp.MustCompile(`<section class="step" id="step-(\d+)"`)
)

// checkUnresolved fails the page for every `{{…}}` its HTML still holds
// (in a code block, in a scenario's text, anywhere the resolver does not
// read), naming the step it stands in and the Markdown line it came from.
func (r *resolver) checkUnresolved(html string) {
	blanked := badValue.ReplaceAllStringFunc(html, func(s string) string { return strings.Repeat(" ", len(s)) })
	for _, m := range unresolvedRef.FindAllStringIndex(blanked, -1) {
		ref := blanked[m[0]:m[1]]
		step, from := 0, 0
		for _, s := range stepOpen.FindAllStringSubmatchIndex(blanked[:m[0]], -1) {
			step, _ = strconv.Atoi(blanked[s[2]:s[3]])
		}
		if step > 0 && step <= len(r.page.Steps) {
			from = r.lines[r.page.Steps[step-1].Line-1]
		}
		line := 1
		if i := bytes.Index(r.src[from:], []byte(ref)); i >= 0 {
			line = r.lineOf(from + i)
		} else if i := bytes.Index(r.src, []byte(ref)); i >= 0 {
			line = r.lineOf(i)
		}
		where := "before the first step"
		if step > 0 {
			where = "step " + strconv.Itoa(step)
		}
		r.problem(line, 0, "%s: %s is left unresolved in the page (the renderer does not read value references there: write it in running text or a code span)", where, ref)
	}
}
