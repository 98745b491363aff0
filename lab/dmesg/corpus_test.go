package dmesg

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusReproduced says which excerpts the model reproduces (docs/lab.md
// lists them and why the others cannot be).
var corpusReproduced = map[string]bool{
	"01-nicolin-atc-seed":                true,
	"02-nicolin-atc-debugfs":             true,
	"03-leitao-meta-fleet-atc":           true,
	"04-nicolin-msi-ill-nvme":            true,
	"05-garry-unbind-sync-timeout":       false, // unbound driver, disabled SMMU
	"06-deacon-quoted-sync-timeout":      false, // the same incident, quoted
	"07-agilex5-reconfig-sync-timeout":   true,  // as a slow consumer
	"08-gb10-wedged-sync-timeout":        false, // hwprod and hwcons elided
	"09-hisi-ixgbe-vf-event-split-dword": false, // a stage 1 fault: the model's are stage 2
	"10-thor-vulkan-evtq-overflow":       true,  // the overflow and the ratelimit's count; not its stage 1 record
	"11-imx95-r8169-event-decoded":       false, // stage 1 faults
	"12-qemu-virtio-event-interleaved":   false,
	"13-hpre-dh-event-broken-ts":         false,
}

// TestCorpus: every real excerpt imports in the default mode, with the
// kinds its .expect names; every CMDQ error and CMD_SYNC timeout line is
// decoded and every event record is complete; where the model can
// reproduce the excerpt, the built scenario prints each such line
// unchanged but for timestamp and device, and no error kind the log does
// not have; where it cannot, the import says which lines and why.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != len(corpusReproduced) {
		t.Errorf("%d excerpts in %s, the table has %d", len(files), dir, len(corpusReproduced))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			want, ok := corpusReproduced[name]
			if !ok {
				t.Fatalf("%s is not in the table", name)
			}
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			exp, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".expect")
			if err != nil {
				t.Fatal(err)
			}
			im, err := Parse(string(text), Options{})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			for _, k := range strings.Fields(string(exp)) {
				if !slices.Contains(im.Kinds(), k) {
					t.Errorf("kind %s not recognised (got %v)", k, im.Kinds())
				}
			}
			raw := splitLines(string(text))
			var key []*Line // the CMDQ error and CMD_SYNC timeout lines
			for n, l := range raw {
				if !strings.Contains(l, "CMDQ error (") && !strings.Contains(l, "CMD_SYNC timeout") {
					continue
				}
				m := covering(im, n+1)
				if m == nil || m.Kind != KindCmdqError && m.Kind != KindSyncTimeout || len(m.Values) == 0 {
					t.Errorf("line %d %q is not decoded: %+v", n+1, l, m)
					continue
				}
				key = append(key, m)
			}
			for _, e := range im.Events {
				if !e.Complete || e.Name == "" || e.Addr == "" {
					t.Errorf("event record at line %d: %+v", e.Line, e)
				}
			}
			if !want {
				if im.Scenario != "" && len(key) > 0 {
					t.Errorf("a scenario is built for an excerpt the model cannot reproduce:\n%s", im.Scenario)
				}
				if len(im.Unreproduced) == 0 {
					t.Error("nothing says which lines cannot be reproduced, or why")
				}
				for _, g := range im.Unreproduced {
					if g.Why == "" || len(g.Lines) == 0 {
						t.Errorf("gap %+v", g)
					}
				}
				return
			}
			for _, m := range key {
				if !m.Reproduced {
					t.Errorf("line %d is not reproduced: %v", m.Num, im.Unreproduced)
				}
			}
			got := checkClaims(t, im)
			kinds := im.Kinds()
			if slices.Contains(kinds, KindCmdqError) {
				kinds = append(kinds, KindGERROR) // the handler prints it before every CMDQ error
			}
			out, err := Parse(strings.Join(got, "\n"), Options{Strict: true})
			if err != nil {
				t.Fatalf("the reproduced log does not import: %v", err)
			}
			for _, k := range out.Kinds() {
				if !slices.Contains(kinds, k) {
					t.Errorf("the reproduction prints %s lines the log does not have:\n%s", k, strings.Join(got, "\n"))
				}
			}
		})
	}
}

// covering returns the imported message that physical line n is part of.
func covering(im *Import, n int) *Line {
	for i := range im.Lines {
		if l := &im.Lines[i]; l.Num <= n && n <= max(l.Num, l.End) {
			return l
		}
	}
	return nil
}
