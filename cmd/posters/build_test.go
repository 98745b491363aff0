package main

import (
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// build writes, for every view and shape in the manifest, the four files
// poster.js asks for, each a PNG of the shape's size at its scale.
func TestBuildWritesEveryFile(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every poster")
	}
	dir := filepath.Join(t.TempDir(), "posters")
	st, err := build(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(dir, "manifest.js"))
	if err != nil {
		t.Fatal(err)
	}
	_, obj, ok := strings.Cut(string(js), "window.SMMUPLAY_POSTERS = ")
	if !ok {
		t.Fatalf("manifest.js: no assignment:\n%s", js)
	}
	var m struct {
		V     int
		Files []string
		Views map[string]map[string]string
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimSpace(obj), ";")), &m); err != nil {
		t.Fatal(err)
	}
	if m.V != 1 || len(m.Views) != st.views {
		t.Fatalf("manifest v%d with %d views, built %d", m.V, len(m.Views), st.views)
	}
	used := map[string]bool{"manifest.js": true}
	for h, shapes := range m.Views {
		for shape, id := range shapes {
			var w, ht int
			if _, err := fmt.Sscanf(shape, "%dx%d", &w, &ht); err != nil {
				t.Fatalf("view %s: shape %q", h, shape)
			}
			for _, v := range variants {
				name := v.name + "." + id + ".png"
				used[name] = true
				f, err := os.Open(filepath.Join(dir, name))
				if err != nil {
					t.Fatalf("view %s %s: %v", h, shape, err)
				}
				cfg, err := png.DecodeConfig(f)
				f.Close()
				if err != nil || cfg.Width != w*v.scale || cfg.Height != ht*v.scale {
					t.Errorf("%s: %dx%d (%v), want %dx%d", name, cfg.Width, cfg.Height, err, w*v.scale, ht*v.scale)
				}
			}
		}
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if !used[e.Name()] {
			t.Errorf("%s is in posters/ but in no view", e.Name())
		}
	}
}
