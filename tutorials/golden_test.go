package tutorials

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
			out := strings.TrimSuffix(in, ".md") + ".html"
			if *update {
				if err := os.WriteFile(out, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the rendering (go test -update rewrites it):\n%s", out, firstDiff(string(want), got))
			}
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

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + itoa(i+1) + ":\n  want: " + x + "\n  got:  " + y
		}
	}
	return "(same lines)"
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(i)) }

func fmtInt(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for i > 0 {
		s = string(rune('0'+i%10)) + s
		i /= 10
	}
	return s
}
