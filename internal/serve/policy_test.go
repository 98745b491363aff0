package serve

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// cspDirectives splits a policy into its directives' sources.
func cspDirectives(p string) map[string][]string {
	d := map[string][]string{}
	for _, part := range strings.Split(p, ";") {
		if f := strings.Fields(part); len(f) > 0 {
			d[f[0]] = f[1:]
		}
	}
	return d
}

// Every file carries a real Content-Security-Policy: the site's own
// scripts (and wasm compilation) only, and framing by other sites only for
// the embed.
func TestPolicy(t *testing.T) {
	dir, srv := site(t)
	for _, name := range []string{"embed.html", "compare.html", "lab.html", "tutorials/1-timeout.html", "tutorials/embed.html"} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte("<!doctype html>page"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ path, ancestors string }{
		{"/embed.html", "*"},
		{"/", "'self'"},
		{"/index.html", "'self'"},
		{"/compare.html", "'self'"},
		{"/lab.html", "'self'"},
		{"/tutorials/", "'self'"},
		{"/tutorials/1-timeout.html", "'self'"},
		{"/tutorials/embed.html", "'self'"}, // only the site's own embed.html is embeddable
		{"/smmuplay.wasm", "'self'"},
	} {
		resp, _ := get(t, srv.URL+c.path, "")
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", c.path, resp.StatusCode)
		}
		csp := resp.Header.Get("Content-Security-Policy")
		d := cspDirectives(csp)
		want := map[string][]string{
			"default-src":     {"'self'"},
			"script-src":      {"'self'", "'wasm-unsafe-eval'"},
			"style-src":       {"'self'"},
			"img-src":         {"'self'", "data:"},
			"object-src":      {"'none'"},
			"frame-ancestors": {c.ancestors},
		}
		for k, v := range want {
			if !slices.Equal(d[k], v) {
				t.Errorf("%s: %s is %q, want %q (policy %q)", c.path, k, d[k], v, csp)
			}
		}
		// Frames fall back to default-src: the pages frame the site's embed.
		if _, ok := d["frame-src"]; ok {
			t.Errorf("%s: frame-src set: %q", c.path, csp)
		}
		if strings.Contains(csp, "'unsafe-inline'") || strings.Contains(csp, "'unsafe-eval'") {
			t.Errorf("%s: the policy allows inline code or eval: %q", c.path, csp)
		}
		if resp.Header.Get("X-Frame-Options") != "" {
			t.Errorf("%s: X-Frame-Options %q overrides frame-ancestors in old browsers", c.path, resp.Header.Get("X-Frame-Options"))
		}
	}
}

// The pages' markup fits the policy: no inline scripts, <style> or style
// attributes, no event handler attributes or javascript: URLs, and
// nothing loaded from off the site or from a data: URL but the favicon.
// (The browser tests load the pages and fail on any console problem, CSP
// violations included; this covers markup they do not open.)
func TestPagesFitPolicy(t *testing.T) {
	pages, _ := filepath.Glob("../../web/*.html")
	tmpl, _ := filepath.Glob("../../cmd/tutorials/templates/*.html")
	pages = append(pages, tmpl...)
	if len(pages) < 5 {
		t.Fatalf("found only %v", pages)
	}
	var (
		script = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
		hasSrc = regexp.MustCompile(`(?i)\ssrc\s*=`)
		link   = regexp.MustCompile(`(?i)<link\b[^>]*>`)
		icon   = regexp.MustCompile(`(?i)\srel\s*=\s*"icon"`)
		bad    = []struct {
			re   *regexp.Regexp
			what string
		}{
			{regexp.MustCompile(`(?i)<style\b`), "a <style> element"},
			{regexp.MustCompile(`(?i)\sstyle\s*=`), "a style attribute"},
			{regexp.MustCompile(`(?i)\son[a-z]+\s*=`), "an event handler attribute"},
			{regexp.MustCompile(`(?i)javascript:`), "a javascript: URL"},
			{regexp.MustCompile(`(?i)\ssrc\s*=\s*["']?(?:[a-z]+:|//)`), "a source off the site"},
		}
		offSite = regexp.MustCompile(`(?i)\shref\s*=\s*["']?(?:[a-z]+:|//)`)
	)
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range script.FindAllSubmatch(b, -1) {
			if !hasSrc.Match(m[1]) || len(strings.TrimSpace(string(m[2]))) > 0 {
				t.Errorf("%s has an inline script (%.60q): the Content-Security-Policy refuses it", p, m[0])
			}
		}
		for _, l := range link.FindAll(b, -1) {
			if offSite.Match(l) && !(icon.Match(l) && strings.Contains(string(l), `href="data:`)) {
				t.Errorf("%s links %q: the Content-Security-Policy allows the site and the favicon's data: only", p, l)
			}
		}
		for _, x := range bad {
			if m := x.re.Find(b); m != nil {
				t.Errorf("%s has %s (%q): the Content-Security-Policy refuses it", p, x.what, m)
			}
		}
	}
}
