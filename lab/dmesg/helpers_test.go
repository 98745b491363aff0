package dmesg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir finds ../shared/reference/dmesg-corpus beside the module
// root (the worktree), wherever the test runs from.
func corpusDir(t testing.TB) string {
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
		t.Fatalf("the dmesg corpus is missing: want it at %s (../shared/reference/dmesg-corpus beside the module root %s): %v", c, dir, err)
	}
	return c
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
		if l.Kind == KindDword {
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
