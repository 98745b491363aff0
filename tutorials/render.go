package tutorials

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Options change how a page links to the playground and how much it runs.
type Options struct {
	EmbedURL      string // the embed page, relative to the tutorial page ["../embed.html"]
	PlaygroundURL string // the full playground ["../index.html"]
	MaxEvents     int64  // per scenario block [5,000,000]
	LogLines      int    // kernel log lines shown under an embed [60]
}

func (o Options) withDefaults() Options {
	if o.EmbedURL == "" {
		o.EmbedURL = "../embed.html"
	}
	if o.PlaygroundURL == "" {
		o.PlaygroundURL = "../index.html"
	}
	if o.MaxEvents <= 0 {
		o.MaxEvents = 5_000_000
	}
	if o.LogLines <= 0 {
		o.LogLines = 60
	}
	return o
}

// Render renders a tutorial with the default options.
func Render(name string, md []byte) (Page, error) {
	return RenderWith(name, md, Options{})
}

// RenderWith parses md with goldmark (raw HTML disabled) and the
// smmuplay extension, runs every scenario block, resolves every step and
// checks every claim. The Page is complete even when something is wrong:
// problems are listed in Page.Problems, marked in the HTML, and returned
// as a Problems error.
func RenderWith(name string, md []byte, opt Options) (Page, error) {
	opt = opt.withDefaults()
	r := newResolver(name, md, opt)
	var buf bytes.Buffer
	if err := newMarkdown(r).Convert(md, &buf); err != nil {
		r.problem(1, 0, "render: %v", err)
	}
	r.page.HTML = buf.String()
	r.checkUnresolved(r.page.HTML)
	if r.page.Scenarios == nil {
		r.page.Scenarios = []Scenario{}
	}
	if r.page.Steps == nil {
		r.page.Steps = []Step{}
	}
	sort.SliceStable(r.page.Problems, func(i, j int) bool { return r.page.Problems[i].Line < r.page.Problems[j].Line })
	if len(r.page.Problems) > 0 {
		return r.page, Problems(r.page.Problems)
	}
	r.page.Problems = []Problem{}
	return r.page, nil
}

// newMarkdown is the one goldmark setup every caller uses.
func newMarkdown(r *resolver) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, &Extension{r: r}),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// Extension is the smmuplay goldmark extension. It is stateful (it runs
// the page's scenarios), so make one per document: RenderWith does.
type Extension struct{ r *resolver }

// Extend installs the step-marker and value parsers, the transformer and
// the renderer.
func (e *Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(stepParser{}, 90)),
		parser.WithInlineParsers(util.Prioritized(valueParser{}, 90)),
		parser.WithASTTransformers(util.Prioritized(transformer{r: e.r}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{r: e.r}, 100)))
}
