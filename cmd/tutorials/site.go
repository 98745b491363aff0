package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"

	"github.com/smmuplay/smmuplay/tutorials"
	"github.com/smmuplay/smmuplay/tutorials/exercise"
)

//go:embed assets/*
var assets embed.FS

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// site is everything the generator writes.
type site struct {
	opt       tutorials.Options
	pages     []tutorials.Page
	exercises []exercise.Info
	verify    func(id string, seed uint64) error // exercise.Verify; a test may stand in
}

// build renders every tutorial and checks the exercises' texts against
// their runs (exercise.Verify over exercise.VerifySeeds seeds); any
// problem in any of them fails it.
func (s *site) build() error {
	var errs []error
	for _, n := range tutorials.Names() {
		md, _ := tutorials.Source(n)
		p, err := tutorials.RenderWith(n+".md", md, s.opt)
		if err != nil {
			errs = append(errs, fmt.Errorf("tutorial %s:\n%v", n, err))
			continue
		}
		p.Name = n // the page's file name, and its key in localStorage
		s.pages = append(s.pages, p)
	}
	s.exercises = exercise.List()
	verify := s.verify
	if verify == nil {
		verify = exercise.Verify
	}
	for _, e := range s.exercises {
		for seed := uint64(0); seed < exercise.VerifySeeds; seed++ {
			if err := verify(e.ID, seed); err != nil {
				errs = append(errs, err) // the first false fact per exercise is enough to act on
				break
			}
		}
	}
	return errors.Join(errs...)
}

func (s *site) steps() (n int) {
	for _, p := range s.pages {
		n += len(p.Steps)
	}
	return n
}

func (s *site) claims() (n int) {
	for _, p := range s.pages {
		for _, st := range p.Steps {
			n += len(st.Claims)
		}
	}
	return n
}

// link is an entry of the index.
type link struct {
	ID, Href, Title, Summary string
	Steps                    int
}

// write writes the pages and assets into dir and returns how many files.
func (s *site) write(dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	n := 0
	put := func(name string, b []byte) error {
		n++
		return os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	exec := func(name, tmpl string, data any) error {
		var b bytes.Buffer
		if err := pages.ExecuteTemplate(&b, tmpl, data); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		return put(name, b.Bytes())
	}
	var tuts, exs []link
	for _, p := range s.pages {
		tuts = append(tuts, link{Href: p.Name + ".html", Title: p.Title, Steps: len(p.Steps)})
		data := struct {
			Page       tutorials.Page
			Body       template.HTML
			EmbedURL   string
			Playground string
		}{p, template.HTML(p.HTML), s.opt.EmbedURL, s.opt.PlaygroundURL} // p.HTML is the extension's escaped output
		if err := exec(p.Name+".html", "tutorial.html", data); err != nil {
			return n, err
		}
	}
	for _, e := range s.exercises {
		exs = append(exs, link{ID: e.ID, Href: "exercise-" + e.ID + ".html", Title: e.Title, Summary: e.Summary})
		if err := exec("exercise-"+e.ID+".html", "exercise.html", struct {
			Ex                   exercise.Info
			EmbedURL, Playground string
		}{e, s.opt.EmbedURL, s.opt.PlaygroundURL}); err != nil {
			return n, err
		}
	}
	idx := struct {
		Tutorials, Exercises []link
		EmbedURL             string
	}{tuts, exs, s.opt.EmbedURL}
	if err := exec("index.html", "index.html", idx); err != nil {
		return n, err
	}
	if err := exec("exercises.html", "key.html", idx); err != nil {
		return n, err
	}
	ents, _ := assets.ReadDir("assets")
	for _, e := range ents {
		b, _ := assets.ReadFile("assets/" + e.Name())
		if err := put(e.Name(), b); err != nil {
			return n, err
		}
	}
	return n, nil
}
