package dmesg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the real logs the importer is tested on: a copy of
// ../shared/reference/dmesg-corpus (beside the module root) in testdata,
// so a clone anywhere has it; TestCorpusCopyCurrent checks the copy
// against the original wherever both are present.
func corpusDir(t testing.TB) string {
	t.Helper()
	c := filepath.Join("testdata", "corpus")
	if _, err := os.Stat(filepath.Join(c, "README.md")); err != nil {
		t.Fatalf("the dmesg corpus is missing from %s: %v", c, err)
	}
	return c
}

// sharedCorpus is ../shared/reference/dmesg-corpus beside the module root,
// or "" when this checkout has none beside it.
func sharedCorpus(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's directory: cannot find the module root")
		}
		dir = up
	}
	c := filepath.Join(filepath.Dir(dir), "shared", "reference", "dmesg-corpus")
	if _, err := os.Stat(filepath.Join(c, "README.md")); err != nil {
		return ""
	}
	return c
}

// The copy in testdata is the shared corpus, file for file.
func TestCorpusCopyCurrent(t *testing.T) {
	shared := sharedCorpus(t)
	if shared == "" {
		t.Skip("no ../shared/reference/dmesg-corpus beside this checkout: the copy in testdata is used as is")
	}
	want, err := os.ReadDir(shared)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadDir(corpusDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("testdata/corpus has %d files, the shared corpus %d: copy it again (cp %s/* testdata/corpus/)", len(got), len(want), shared)
	}
	for _, e := range want {
		a, err1 := os.ReadFile(filepath.Join(shared, e.Name()))
		b, err2 := os.ReadFile(filepath.Join(corpusDir(t), e.Name()))
		if err1 != nil || err2 != nil || string(a) != string(b) {
			t.Errorf("%s differs from the shared corpus (%v, %v): copy it again", e.Name(), err1, err2)
		}
	}
}

// simMessages is a simulator log without timestamps and dev prefixes.
func simMessages(log string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(log, "\n"), "\n") {
		out = append(out, strings.TrimSpace(msgOf.ReplaceAllString(l, "")))
	}
	return out
}

// checkClaims runs the built scenario and requires every line the import
// marks reproduced to be in its log, as often as the import claims it,
// unchanged except for timestamp and device name. It returns the log's
// messages.
func checkClaims(t *testing.T, im *Import) []string {
	t.Helper()
	if im.Scenario == "" {
		for _, l := range im.Lines {
			if l.Reproduced {
				t.Errorf("line %d is marked reproduced but there is no scenario", l.Num)
			}
		}
		return nil
	}
	got := simMessages(runScenario(t, im.Scenario))
	count := map[string]int{}
	for _, m := range got {
		count[m]++
	}
	for _, l := range im.Lines {
		if !l.Reproduced {
			continue
		}
		text := l.Text
		if l.Kind == KindDword || l.Kind == KindEventDword {
			text = l.Values[0].Hex // the kernel's form of a dword, however it was pasted
		}
		if count[text] == 0 {
			t.Errorf("line %d %q is marked reproduced but the built scenario does not print it (again)\nscenario:\n%s\nlog:\n%s",
				l.Num, text, im.Scenario, strings.Join(got, "\n"))
			continue
		}
		count[text]--
	}
	return got
}
