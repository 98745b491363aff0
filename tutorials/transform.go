package tutorials

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// transformer rewrites the parsed page: unsafe links go, scenario fences
// become scenario blocks, steps take in the nodes they talk about, and
// everything is resolved against the simulator in page order.
type transformer struct{ r *resolver }

func (t transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	r := t.r
	src := reader.Source()
	t.sanitize(doc, src)
	t.codeSpanValues(doc, src)
	t.group(doc, src)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *scenarioBlock:
			if entering {
				r.cur = n.run
			}
		case *stepBlock:
			if entering && !n.nested {
				r.resolveStep(n)
				r.step = n
			} else {
				r.step = nil
			}
		case *valueRef:
			if entering {
				r.evalValue(n)
			}
		case *ast.Heading:
			if entering && n.Level == 1 && r.page.Title == "" {
				r.page.Title = plainText(n, src)
			}
		}
		return ast.WalkContinue, nil
	})
}

// sanitize drops links and images whose URL has a scheme other than
// http, https or mailto (goldmark already blanks javascript:, but only by
// prefix), and reports directives it cannot honour where they stand.
func (t transformer) sanitize(doc *ast.Document, src []byte) {
	var unwrap, toText []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !safeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if !safeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			if !safeURL(string(n.URL(src))) {
				toText = append(toText, n)
			}
		case *ast.FencedCodeBlock:
			if n.Parent() != doc && isScenarioFence(n, src) {
				t.r.problem(t.r.lineOf(n.Info.Segment.Start), 0, "a scenario block must stand at the top level (not inside a list or quote)")
			}
		case *stepBlock:
			if n.Parent() != doc {
				n.nested = true
				t.r.problem(t.r.lineOf(n.off), 0, "a step marker must stand at the top level (not inside a list or quote)")
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		p := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			p.InsertBefore(p, n, c)
			c = next
		}
		p.RemoveChild(p, n)
	}
	for _, n := range toText {
		a := n.(*ast.AutoLink)
		s := ast.NewString(a.Label(src))
		a.Parent().ReplaceChild(a.Parent(), a, s)
	}
}

func isScenarioFence(n *ast.FencedCodeBlock, src []byte) bool {
	return n.Info != nil && string(n.Language(src)) == "scenario"
}

// safeURL accepts relative URLs and http, https and mailto ones, with no
// control characters or spaces (browsers ignore some of them inside a
// scheme, which would let "java\tscript:" through a prefix check).
func safeURL(u string) bool {
	u = html.UnescapeString(u) // the renderer resolves entities: check what it will write
	for i := 0; i < len(u); i++ {
		if u[i] <= ' ' || u[i] == 0x7f {
			return false
		}
	}
	if strings.HasPrefix(u, "\\") || strings.HasPrefix(u, "/\\") {
		return false
	}
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return true
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// group turns the top level into: [content before the first scenario],
// then one part per scenario block holding the block and everything up to
// the next one; a step takes the nodes after it up to the next step,
// heading, thematic break or scenario block.
func (t transformer) group(doc *ast.Document, src []byte) {
	var cur *part
	var step *stepBlock
	for c := doc.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch n := c.(type) {
		case *ast.FencedCodeBlock:
			if isScenarioFence(n, src) {
				sb := t.r.setupBlock(n, src)
				cur = &part{}
				if sb.run != nil {
					cur.id = sb.run.id
				}
				doc.ReplaceChild(doc, n, cur)
				cur.AppendChild(cur, sb)
				step = nil
				c = next
				continue
			}
		case *stepBlock:
			if cur != nil {
				doc.RemoveChild(doc, n)
				cur.AppendChild(cur, n)
			}
			step = n
			if n.orphan {
				step = nil
			}
			c = next
			continue
		case *ast.Heading, *ast.ThematicBreak:
			step = nil
		}
		switch {
		case step != nil:
			doc.RemoveChild(doc, c)
			step.AppendChild(step, c)
		case cur != nil:
			doc.RemoveChild(doc, c)
			cur.AppendChild(cur, c)
		}
		c = next
	}
}

// plainText is the text of a node's inline descendants.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *valueRef:
			b.WriteString(c.text)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
