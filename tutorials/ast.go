package tutorials

import (
	"github.com/yuin/goldmark/ast"
)

// Node kinds of the extension.
var (
	KindScenarioBlock = ast.NewNodeKind("SmmuScenario")
	KindStepBlock     = ast.NewNodeKind("SmmuStep")
	KindPart          = ast.NewNodeKind("SmmuPart")
	KindValueRef      = ast.NewNodeKind("SmmuValue")
)

// scenarioBlock replaces a ```scenario fenced block.
type scenarioBlock struct {
	ast.BaseBlock
	run *blockRun // nil when the block could not be set up
	raw []byte    // the block's text, shown in the page
}

func (n *scenarioBlock) Kind() ast.NodeKind { return KindScenarioBlock }
func (n *scenarioBlock) IsRaw() bool        { return true }
func (n *scenarioBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// claimLine is one `@claim` line as written.
type claimLine struct {
	text string
	off  int // byte offset of the line in the Markdown source
}

// stepBlock is a `@step` line, its `@claim` lines and, after the
// transformer ran, the nodes up to the next step, heading or scenario.
type stepBlock struct {
	ast.BaseBlock
	raw    string // the words after @step
	off    int    // byte offset of the @step line
	claims []claimLine
	orphan bool  // @claim lines with no @step line above
	nested bool  // inside a list or quote: reported, not resolved
	step   *Step // resolved; nil when the marker was bad
}

func (n *stepBlock) Kind() ast.NodeKind { return KindStepBlock }
func (n *stepBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"raw": n.raw}, nil)
}

// part groups a scenario block with everything after it, up to the next
// scenario block, so that a page can keep the playground in view while
// the text about it scrolls.
type part struct {
	ast.BaseBlock
	id string
}

func (n *part) Kind() ast.NodeKind { return KindPart }
func (n *part) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"id": n.id}, nil)
}

// valueRef is `{{[id:]metric[|format]}}`; text is filled by the resolver.
type valueRef struct {
	ast.BaseInline
	raw  string
	off  int
	text string
	bad  bool
}

func (n *valueRef) Kind() ast.NodeKind { return KindValueRef }
func (n *valueRef) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"raw": n.raw, "text": n.text}, nil)
}

// KindCodeValues is a code span that holds value references.
var KindCodeValues = ast.NewNodeKind("SmmuCodeValues")

// codeValues replaces a code span whose text holds `{{…}}`: its children
// are ast.String (the literal code) and valueRef nodes, written inside one
// <code> element. Writers put a kernel log line in a code span, and
// `{{lastlog}}` there must print the line, not the braces.
type codeValues struct {
	ast.BaseInline
}

func (n *codeValues) Kind() ast.NodeKind { return KindCodeValues }
func (n *codeValues) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}
