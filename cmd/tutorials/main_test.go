package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/tutorials"
	"github.com/smmuplay/smmuplay/tutorials/exercise"
)

// TestGenerate runs the generator into a temporary directory and checks
// that every page is there, every local link and script resolves (the
// playground's own pages, ../embed.html and ../index.html, belong to the
// main build), and every step carries what the page script needs.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"-out", dir}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := []string{"index.html", "exercises.html", "tutorials.css", "tutorial.js", "exercise.js", "rpc.js"}
	for _, n := range tutorials.Names() {
		want = append(want, n+".html")
	}
	for _, e := range exercise.List() {
		want = append(want, "exercise-"+e.ID+".html")
	}
	for _, f := range want {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if len(tutorials.Names()) != 3 || len(exercise.List()) < 5 {
		t.Errorf("%d tutorials, %d exercises", len(tutorials.Names()), len(exercise.List()))
	}
	ref := regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	htmls, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	for _, h := range htmls {
		b, _ := os.ReadFile(h)
		page := string(b)
		for _, m := range ref.FindAllStringSubmatch(page, -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			path, _, _ := strings.Cut(u, "#")
			path, _, _ = strings.Cut(path, "?")
			switch {
			case path == "" || strings.HasPrefix(u, "https://") || u == "data:,": // the empty favicon
			case path == "../embed.html" || path == "../index.html":
			default:
				if _, err := os.Stat(filepath.Join(dir, path)); err != nil {
					t.Errorf("%s links to %q, which the generator did not write", filepath.Base(h), m[1])
				}
			}
		}
	}
	for _, n := range tutorials.Names() {
		b, _ := os.ReadFile(filepath.Join(dir, n+".html"))
		page := string(b)
		md, _ := tutorials.Source(n)
		p, err := tutorials.Render(n+".md", md)
		if err != nil {
			t.Fatal(err)
		}
		steps := regexp.MustCompile(`<section class="step" id="step-(\d+)" data-step="\d+" data-scenario="[a-z0-9-]+" data-event="\d+"`).FindAllString(page, -1)
		if len(steps) != len(p.Steps) {
			t.Errorf("%s: %d step sections with data-event, want %d", n, len(steps), len(p.Steps))
		}
		for _, sc := range p.Scenarios {
			if !strings.Contains(page, `id="scenario-`+sc.ID+`"`) {
				t.Errorf("%s: no figure for scenario %s", n, sc.ID)
			}
		}
		if !strings.Contains(page, `src="../embed.html#chrome=min&amp;`) || !strings.Contains(page, `<script src="tutorial.js" defer>`) {
			t.Errorf("%s: no embed or no page script", n)
		}
	}
	if !strings.Contains(out.String(), "3 tutorials") {
		t.Errorf("summary: %q", out.String())
	}
}

func TestBadFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-nope"}, &out, &errb); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
	if code := run([]string{"extra"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "unexpected argument") {
		t.Errorf("extra argument: exit %d, %q", code, errb.String())
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	if code := run([]string{"-out", filepath.Join(f, "sub")}, &out, &errb); code != 2 {
		t.Errorf("unwritable -out: exit %d", code)
	}
}

// TestBuildChecksExercises: the build fails when an exercise's text
// states something its run does not do, naming the exercise, the seed
// and the fact (issue 11 item 4).
func TestBuildChecksExercises(t *testing.T) {
	s := &site{verify: func(id string, seed uint64) error {
		if id == "predict-recovery" && seed == 3 {
			return errors.New("exercise predict-recovery seed 3: the prompt says an FLR of ep3 starts at 80 ms, but it starts at 110 ms")
		}
		return nil
	}}
	err := s.build()
	if err == nil || !strings.Contains(err.Error(), "exercise predict-recovery seed 3: the prompt says") {
		t.Errorf("build: %v", err)
	}
	if err := (&site{}).build(); err != nil {
		t.Errorf("the real exercises: %v", err)
	}
}
