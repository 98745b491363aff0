// Package builtin holds smmuplay's built-in scenarios (Names lists them):
// the default workload, the seed's log, the series' cases (one or two
// broken endpoints, more than a batch, FLR recovery and failure, the
// races the v4 changes close) and the baseline's. They are plain
// scenario-language files embedded at build time.
package builtin

import (
	"embed"
	"slices"
	"strings"
)

//go:embed *.scn
var files embed.FS

// Names lists the built-in scenarios, sorted.
func Names() []string {
	ents, _ := files.ReadDir(".")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".scn"))
	}
	slices.Sort(out)
	return out
}

// Source returns the text of a built-in scenario.
func Source(name string) ([]byte, bool) {
	b, err := files.ReadFile(name + ".scn")
	return b, err == nil
}

// Title returns the `title` of a built-in scenario, or its name.
func Title(name string) string {
	b, ok := Source(name)
	if !ok {
		return name
	}
	for _, l := range strings.Split(string(b), "\n") {
		if t, ok := strings.CutPrefix(l, "title "); ok {
			return strings.Trim(strings.TrimSpace(t), `"`)
		}
	}
	return name
}
