package tutorials

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// refInCode finds a value reference in a code span's text.
var refInCode = regexp.MustCompile(`\{\{([^{}\n]{1,200})\}\}`)

// cliFlag is a code span that starts like a command-line flag (-strategy).
var cliFlag = regexp.MustCompile(`^--?[a-z][a-z0-9-]*( |=|$)`)

// codeSpanValues turns every code span that holds `{{…}}` into a
// codeValues node, so the walk resolves its references like any other,
// and reports code spans that tell a browser reader to type a CLI flag.
func (t transformer) codeSpanValues(doc *ast.Document, src []byte) {
	var spans []*ast.CodeSpan
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cs, ok := n.(*ast.CodeSpan); ok && entering {
			spans = append(spans, cs)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, cs := range spans {
		// The span's text as goldmark writes it (a line end becomes a
		// space) and, per byte, where it came from in the source.
		var text []byte
		var offs []int
		for c := cs.FirstChild(); c != nil; c = c.NextSibling() {
			tx, ok := c.(*ast.Text)
			if !ok {
				continue
			}
			v := tx.Segment.Value(src)
			for i, b := range v {
				if b == '\n' && i == len(v)-1 {
					b = ' '
				}
				text = append(text, b)
				offs = append(offs, tx.Segment.Start+i)
			}
		}
		if cliFlag.Match(text) && len(offs) > 0 {
			t.r.problem(t.r.lineOf(offs[0]), 0, "`%s` is command-line syntax; readers of the page use a browser: name the control instead (the playground's Policy or Strategy menu, a fault button)", text)
		}
		ms := refInCode.FindAllSubmatchIndex(text, -1)
		if len(ms) == 0 {
			continue
		}
		cv := &codeValues{}
		last := 0
		for _, m := range ms {
			if m[0] > last {
				cv.AppendChild(cv, ast.NewString(append([]byte(nil), text[last:m[0]]...)))
			}
			raw := strings.ReplaceAll(string(text[m[2]:m[3]]), `\|`, "|")
			cv.AppendChild(cv, &valueRef{raw: raw, off: offs[m[0]]})
			last = m[1]
		}
		if last < len(text) {
			cv.AppendChild(cv, ast.NewString(append([]byte(nil), text[last:]...)))
		}
		cs.Parent().ReplaceChild(cs.Parent(), cs, cv)
	}
}
