package scnload

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func parse(t *testing.T, args ...string) (*Flags, error) {
	t.Helper()
	var f Flags
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f.Register(fs, true)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	_, err := f.Parse()
	return &f, err
}

func TestBadFlags(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.scn")
	os.WriteFile(big, []byte(strings.Repeat("# comment\n", MaxFileBytes/10+1)), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-endpoints", "0"}, "-endpoints 0: want 1 to 1024"},
		{[]string{"-endpoints", "-3"}, "-endpoints -3: want 1 to 1024"},
		{[]string{"-endpoints", "99999999999999999999"}, "not an integer"},
		{[]string{"-unmaps", "0"}, "-unmaps 0: want 1 to"},
		{[]string{"-broken", "ep1,ep1"}, `-broken: endpoint "ep1" is given twice`},
		{[]string{"-broken", "ep1,"}, `-broken: endpoint "" is not declared`},
		{[]string{"-seed", "-1"}, `-seed "-1"`},
		{[]string{"-scenario", "/dev/zero"}, "not a regular file (a character device)"},
		{[]string{"-scenario", dir}, "not a regular file (a directory)"},
		{[]string{"-scenario", big}, "this input may have at most 1048576"},
		{[]string{"-scenario", filepath.Join(dir, "nope.scn")}, "no built-in scenario or file of that name"},
	} {
		_, err := parse(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error containing %q", c.args, err, c.want)
		}
	}
}

func TestGoodFlags(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.scn")
	os.WriteFile(path, []byte("endpoints 2\nworkload unmaps=3\nrun\n"), 0o644)
	f, err := parse(t, "-scenario", path, "-endpoints", "5", "-broken", "ep4,ep0", "-unmaps", "7", "-seed", "0x10")
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := f.Parse()
	if len(sc.Endpoints) != 5 || sc.Workload.Unmaps != 7 || sc.Endpoints[4].Behavior != "unresponsive" {
		t.Fatalf("overrides not applied: %d endpoints, %d unmaps", len(sc.Endpoints), sc.Workload.Unmaps)
	}
	if s, ok := f.SeedValue(); !ok || s != 16 {
		t.Fatalf("seed %d %v", s, ok)
	}
	if _, err := parse(t); err != nil { // the default scenario, nothing given
		t.Fatal(err)
	}
}

// TestReadLimitedNeverReadsPastTheLimit: a file that grows after the
// Stat is still cut at the limit.
func TestReadLimitedNeverReadsPastTheLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.scn")
	os.WriteFile(path, []byte("0123456789"), 0o644)
	if _, err := ReadRegular(path, 9); err == nil || !strings.Contains(err.Error(), "10 bytes") {
		t.Fatalf("err = %v", err)
	}
	if b, err := ReadRegular(path, 10); err != nil || string(b) != "0123456789" {
		t.Fatalf("%q %v", b, err)
	}
}
