package tutorials

import (
	"embed"
	"sort"
	"strings"
)

// The tutorials shipped with smmuplay, embedded so that the browser build
// can render them without files.
//
//go:embed content/*.md
var content embed.FS

// Tutorial is one built-in tutorial.
type Tutorial struct {
	Name  string `json:"name"`  // file name without .md: the page's name
	Title string `json:"title"` // its first heading
}

// Names lists the built-in tutorials in reading order (file names start
// with their number).
func Names() []string {
	ents, _ := content.ReadDir("content")
	var out []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".md"); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Source returns a built-in tutorial's Markdown.
func Source(name string) ([]byte, bool) {
	b, err := content.ReadFile("content/" + name + ".md")
	return b, err == nil
}

// List returns the built-in tutorials with their titles.
func List() []Tutorial {
	var out []Tutorial
	for _, n := range Names() {
		b, _ := Source(n)
		out = append(out, Tutorial{Name: n, Title: firstHeading(b, n)})
	}
	return out
}

// firstHeading reads the "# Title" line without rendering the page.
func firstHeading(md []byte, fallback string) string {
	for _, l := range strings.Split(string(md), "\n") {
		if t, ok := strings.CutPrefix(l, "# "); ok {
			return strings.TrimSpace(t)
		}
	}
	return fallback
}
