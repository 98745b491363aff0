package tutorials

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden .html files of testdata/ext")

// TestGolden renders each testdata/ext/*.md case and compares the HTML and
// the problems with the .html file next to it (go test -update rewrites
// them; read the diff before committing).
func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/ext/*.md")
	if len(cases) < 4 {
		t.Fatalf("found %d cases", len(cases))
	}
	for _, in := range cases {
		name := strings.TrimSuffix(filepath.Base(in), ".md")
		t.Run(name, func(t *testing.T) {
			md, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := Render(filepath.Base(in), md)
			got := p.HTML + "<!-- problems:\n"
			for _, pr := range p.Problems {
				got += pr.Error() + "\n"
			}
			got += "-->\n"
			checkSafe(t, p.HTML)
			golden.Check(t, strings.TrimSuffix(in, ".md")+".html", []byte(got), *update)
		})
	}
}

var (
	unsafeTag  = regexp.MustCompile(`(?i)<\s*(script|object|embed|style|img|svg|math|form|base|meta|link)\b`)
	tag        = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	quotedVal  = regexp.MustCompile(`"[^"]*"`)
	unsafeAttr = regexp.MustCompile(`(?i)\s(on[a-z]+|srcdoc|style)\s*=`)
	unsafeURL  = regexp.MustCompile(`(?i)(href|src)\s*=\s*"\s*(javascript|vbscript|data|file):`)
)

// checkSafe fails on markup a hostile page must never get into the
// output: script-capable tags, event handler attributes (outside quoted
// values, where an escaped quote keeps them inert), script URLs.
func checkSafe(t *testing.T, html string) {
	t.Helper()
	if m := unsafeTag.FindString(html); m != "" {
		t.Errorf("unsafe tag in the output: %q", m)
	}
	if m := unsafeURL.FindString(html); m != "" {
		t.Errorf("unsafe URL in the output: %q", m)
	}
	for _, tg := range tag.FindAllString(html, -1) {
		if m := unsafeAttr.FindString(quotedVal.ReplaceAllString(tg, `""`)); m != "" {
			t.Errorf("unsafe attribute %q in %q", m, tg)
		}
	}
}
