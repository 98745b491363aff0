package tutorials

import (
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim"
)

// htmlRenderer writes the extension's nodes. Every string that came from
// the page or from a run goes through html.EscapeString; URLs are built
// here from a play.Params fragment (URL-encoded, base64 for text).
type htmlRenderer struct{ r *resolver }

func (h htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindPart, h.part)
	reg.Register(KindScenarioBlock, h.scenario)
	reg.Register(KindStepBlock, h.stepBlock)
	reg.Register(KindValueRef, h.value)
	reg.Register(KindCodeValues, h.codeValues)
}

// codeValues writes a code span with its value references resolved.
func (h htmlRenderer) codeValues(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w.WriteString("<code>")
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.String:
			w.WriteString(esc(string(c.Value)))
		case *valueRef:
			_, _ = h.value(w, src, c, true)
		}
	}
	w.WriteString("</code>")
	return ast.WalkSkipChildren, nil
}

var esc = html.EscapeString

func (h htmlRenderer) part(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, "<section class=\"part\" data-scenario=\"%s\">\n", esc(n.(*part).id))
	} else {
		w.WriteString("</section>\n")
	}
	return ast.WalkContinue, nil
}

func (h htmlRenderer) scenario(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	sb := n.(*scenarioBlock)
	run := sb.run
	if run == nil {
		w.WriteString("<figure class=\"scenario bad\">\n<p class=\"problem\">This scenario block has errors; see the problems listed on the page.</p>\n")
		fmt.Fprintf(w, "<pre><code class=\"language-scenario\">%s</code></pre>\n</figure>\n", esc(string(sb.raw)))
		return ast.WalkSkipChildren, nil
	}
	var info *Scenario
	for i := range h.r.page.Scenarios {
		if h.r.page.Scenarios[i].ID == run.id {
			info = &h.r.page.Scenarios[i]
		}
	}
	title := info.Title
	if title == "" {
		title = "scenario " + run.id
	}
	open, err := play.ParseFragment(info.Fragment)
	if err != nil {
		return ast.WalkStop, err
	}
	embed, err := h.r.page.Opening(run.id)
	if err != nil {
		return ast.WalkStop, err
	}
	embed.View.Chrome = "min"
	class := "scenario"
	if run.noEmbed {
		class = "scenario text-only"
	}
	fmt.Fprintf(w, "<figure class=\"%s\" id=\"scenario-%s\" data-scenario=\"%s\" data-fragment=\"%s\" data-events=\"%d\">\n",
		class, esc(run.id), esc(run.id), esc(info.Fragment), info.Events)
	if !run.noEmbed {
		fmt.Fprintf(w, "<div class=\"embed\"><iframe src=\"%s\" title=\"%s\" loading=\"lazy\"></iframe></div>\n",
			esc(h.r.opt.EmbedURL+"#"+embed.Fragment()), esc("Playground: "+title))
	}
	fmt.Fprintf(w, "<figcaption><span class=\"scenario-title\">%s</span> · %d events · <a href=\"%s\" target=\"_blank\" rel=\"noopener\">open in the playground</a></figcaption>\n",
		esc(title), info.Events, esc(h.r.opt.PlaygroundURL+"#"+open.Fragment()))
	what := "Scenario text"
	if run.builtin != "" {
		what = "Scenario text (built-in " + run.builtin + ")"
	}
	fmt.Fprintf(w, "<details class=\"source\"><summary>%s</summary>\n<pre><code class=\"language-scenario\">%s</code></pre>\n</details>\n",
		esc(what), esc(run.src))
	h.writeLog(w, info.Log)
	w.WriteString("</figure>\n")
	return ast.WalkSkipChildren, nil
}

// writeLog is the text fallback of an embed: the run's kernel log.
func (h htmlRenderer) writeLog(w util.BufWriter, log []string) {
	if len(log) == 0 {
		w.WriteString("<p class=\"log empty\">The run prints no kernel log lines.</p>\n")
		return
	}
	shown := log
	if len(shown) > h.r.opt.LogLines {
		shown = shown[:h.r.opt.LogLines]
	}
	fmt.Fprintf(w, "<details class=\"log\"><summary>Kernel log of the run (%d lines)</summary>\n<pre>", len(log))
	for _, l := range shown {
		w.WriteString(esc(l))
		w.WriteByte('\n')
	}
	if more := len(log) - len(shown); more > 0 {
		fmt.Fprintf(w, "… and %d more lines\n", more)
	}
	w.WriteString("</pre>\n</details>\n")
}

func (h htmlRenderer) stepBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	sb := n.(*stepBlock)
	st := sb.step
	if entering {
		if st == nil {
			line := h.r.lineOf(sb.off)
			w.WriteString("<section class=\"step bad\">\n")
			if sb.nested {
				return ast.WalkContinue, nil
			}
			for _, p := range h.r.page.Problems {
				if p.Line == line {
					fmt.Fprintf(w, "<p class=\"problem\">%s</p>\n", esc(p.Error()))
				}
			}
			return ast.WalkContinue, nil
		}
		first := ""
		if len(st.Targets) > 0 {
			first = st.Targets[0]
		}
		fmt.Fprintf(w, "<section class=\"step\" id=\"step-%d\" data-step=\"%d\" data-scenario=\"%s\" data-event=\"%d\" data-time-ns=\"%d\" data-select=\"%s\" data-targets=\"%s\">\n",
			st.Index, st.Index, esc(st.Scenario), st.Event, st.TimeNS, esc(first), esc(strings.Join(st.Targets, " ")))
		fmt.Fprintf(w, "<p class=\"step-where\"><a class=\"step-anchor\" href=\"#step-%d\">Step %d</a> · event %d · %s · <span class=\"narration\">%s</span></p>\n",
			st.Index, st.Index, st.Event, esc(sim.FormatTime(sim.Time(st.TimeNS))), esc(st.Narration))
		return ast.WalkContinue, nil
	}
	if st != nil {
		if len(st.Claims) > 0 {
			w.WriteString("<ul class=\"claims\">\n")
			for _, c := range st.Claims {
				class, verdict := "claim ok", "holds"
				if !c.OK {
					class, verdict = "claim fail", "FALSE"
				}
				if c.Got != "(log)" {
					verdict += " (" + c.Got + ")"
				}
				fmt.Fprintf(w, "<li class=\"%s\"><code>%s</code> <span class=\"verdict\">%s</span></li>\n", class, esc(c.Text), esc(verdict))
			}
			w.WriteString("</ul>\n")
		}
		if len(st.Targets) > 0 {
			w.WriteString("<p class=\"targets\">Look at:")
			for _, t := range st.Targets {
				fmt.Fprintf(w, " <button type=\"button\" class=\"target\" data-target=\"%s\">%s</button>", esc(t), esc(t))
			}
			w.WriteString("</p>\n")
		}
	}
	w.WriteString("</section>\n")
	return ast.WalkContinue, nil
}

func (h htmlRenderer) value(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	v := n.(*valueRef)
	if v.bad {
		fmt.Fprintf(w, "<span class=\"value bad\">{{%s}}</span>", esc(v.raw))
		return ast.WalkSkipChildren, nil
	}
	fmt.Fprintf(w, "<span class=\"value\" title=\"%s\">%s</span>", esc("computed: "+strings.TrimSpace(v.raw)), esc(v.text))
	return ast.WalkSkipChildren, nil
}
