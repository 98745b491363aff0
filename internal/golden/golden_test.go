package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(f string, a ...any) {
	r.failed = true
	r.msg = f
}
func (r *recorder) Fatalf(f string, a ...any) { r.Errorf(f, a...) }
func (r *recorder) Fatal(a ...any)            { r.failed = true }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden")
	r := &recorder{TB: t}
	Check(r, path, []byte("a\nb\n"), false)
	if !r.failed {
		t.Fatal("a missing golden file passed")
	}
	r = &recorder{TB: t}
	Check(r, path, []byte("a\nb\n"), true)
	if b, err := os.ReadFile(path); r.failed || err != nil || string(b) != "a\nb\n" {
		t.Fatalf("update did not write the file: %q %v", b, err)
	}
	Check(r, path, []byte("a\nb\n"), false)
	if r.failed {
		t.Fatal("equal content failed")
	}
	Check(r, path, []byte("a\nc\n"), false)
	if !r.failed {
		t.Fatal("different content passed")
	}
}

func TestFirstDiff(t *testing.T) {
	if d := FirstDiff("a\nb\nc", "a\nx\nc"); !strings.HasPrefix(d, "line 2:\n- b\n+ x") {
		t.Errorf("FirstDiff = %q", d)
	}
	if d := FirstDiff("a", "a\nmore"); !strings.Contains(d, "line 2") {
		t.Errorf("FirstDiff of a longer got = %q", d)
	}
	if d := FirstDiff("same", "same"); d != "(equal)" {
		t.Errorf("FirstDiff of equal texts = %q", d)
	}
}
