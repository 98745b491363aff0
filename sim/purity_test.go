//go:build !js

package sim

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeps is a statement of policy, in the manner of go/build's deps
// test: nothing under sim/ may reach a renderer or the browser, even
// indirectly, nor import the OS or the network. (fmt itself imports os, so
// for os and net the rule is about what sim's own files import.) The
// simulator is a pure function of its scenario and seed.
func TestDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "syscall/js" || strings.HasPrefix(p, "github.com/hajimehoshi/ebiten") ||
			strings.HasPrefix(p, "github.com/smmuplay/smmuplay/render") {
			t.Errorf("sim/... depends on %s", p)
		}
	}
	out, err = exec.Command("go", "list", "-f", "{{.ImportPath}}:{{range .Imports}} {{.}}{{end}}", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(l, ":")
		for _, p := range strings.Fields(imports) {
			if p == "os" || strings.HasPrefix(p, "os/") || p == "net" || strings.HasPrefix(p, "net/") ||
				p == "syscall" || p == "unsafe" {
				t.Errorf("%s imports %s", pkg, p)
			}
		}
	}
}

// TestNoWallClockNoGlobalRand rejects, in every non-test file under sim/,
// the wall clock and timers, math/rand's global functions and goroutines.
func TestNoWallClockNoGlobalRand(t *testing.T) {
	banned := map[string]map[string]bool{
		"time": {"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true, "AfterFunc": true,
			"Tick": true, "NewTimer": true, "NewTicker": true},
	}
	// Constructors are allowed; everything else in math/rand draws from a
	// global source.
	randOK := map[string]bool{"New": true, "NewPCG": true, "NewChaCha8": true, "NewSource": true, "NewZipf": true,
		"PCG": true, "ChaCha8": true, "Rand": true, "Source": true, "Zipf": true}
	fset := token.NewFileSet()
	n := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		n++
		names := map[string]string{} // local name -> import path
		for _, im := range f.Imports {
			p := strings.Trim(im.Path.Value, `"`)
			local := p[strings.LastIndex(p, "/")+1:]
			if p == "math/rand/v2" {
				local = "rand"
			}
			if im.Name != nil {
				local = im.Name.Name
			}
			names[local] = p
		}
		ast.Inspect(f, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.GoStmt:
				t.Errorf("%s: go statement: sim is single-threaded", fset.Position(x.Pos()))
			case *ast.SelectorExpr:
				id, ok := x.X.(*ast.Ident)
				if !ok {
					return true
				}
				switch p := names[id.Name]; p {
				case "time":
					if banned["time"][x.Sel.Name] {
						t.Errorf("%s: time.%s: sim has no wall clock", fset.Position(x.Pos()), x.Sel.Name)
					}
				case "math/rand", "math/rand/v2":
					if !randOK[x.Sel.Name] {
						t.Errorf("%s: %s.%s uses the global generator: draw from a seeded stream", fset.Position(x.Pos()), p, x.Sel.Name)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d files checked: the walk is broken", n)
	}
}
