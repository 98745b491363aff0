package tutorials

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	stepPrefix  = []byte("@step")
	claimPrefix = []byte("@claim")
)

// hasDirective reports whether line (after leading spaces) starts with
// the directive followed by a space or the end of the line.
func hasDirective(line, dir []byte) (rest []byte, ok bool) {
	l := util.TrimLeftSpace(line)
	if !bytes.HasPrefix(l, dir) {
		return nil, false
	}
	r := l[len(dir):]
	if len(r) > 0 && r[0] != ' ' && r[0] != '\t' && r[0] != '\n' && r[0] != '\r' {
		return nil, false
	}
	return bytes.TrimSpace(r), true
}

// stepParser reads a `@step` line and the `@claim` lines under it.
type stepParser struct{}

func (stepParser) Trigger() []byte { return []byte{'@'} }

func (stepParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if rest, ok := hasDirective(line, stepPrefix); ok {
		n := &stepBlock{raw: string(rest), off: seg.Start}
		reader.AdvanceToEOL()
		return n, parser.NoChildren
	}
	if rest, ok := hasDirective(line, claimPrefix); ok {
		n := &stepBlock{orphan: true, off: seg.Start, claims: []claimLine{{text: string(rest), off: seg.Start}}}
		reader.AdvanceToEOL()
		return n, parser.NoChildren
	}
	return nil, parser.NoChildren
}

func (stepParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	rest, ok := hasDirective(line, claimPrefix)
	if !ok {
		return parser.Close
	}
	n := node.(*stepBlock)
	n.claims = append(n.claims, claimLine{text: string(rest), off: seg.Start})
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (stepParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {}
func (stepParser) CanInterruptParagraph() bool                                { return true }
func (stepParser) CanAcceptIndentedLine() bool                                { return false }

// valueParser reads `{{…}}` on one line.
type valueParser struct{}

func (valueParser) Trigger() []byte { return []byte{'{'} }

func (valueParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[1] != '{' {
		return nil
	}
	end := bytes.Index(line[2:], []byte("}}"))
	if end < 0 {
		return nil
	}
	raw := line[2 : 2+end]
	if bytes.ContainsAny(raw, "{\n") {
		return nil
	}
	block.Advance(end + 4)
	// Inside a table cell the format bar is written \| (a bare | ends
	// the cell).
	return &valueRef{raw: string(bytes.ReplaceAll(raw, []byte(`\|`), []byte("|"))), off: seg.Start}
}
