package scenario

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/cmdq"
)

func mustParse(t *testing.T, src string) *Scenario {
	t.Helper()
	sc, err := Parse("t.scn", []byte(src))
	if err != nil {
		t.Fatalf("Parse:\n%v", err)
	}
	return sc
}

func TestDefaults(t *testing.T) {
	sc := mustParse(t, "endpoint ep0\n")
	if sc.SMMU != defaultSMMU() || sc.Policy != defaultPolicy() || sc.PCI != defaultPCI() {
		t.Errorf("defaults not applied: %+v %+v %+v", sc.SMMU, sc.Policy, sc.PCI)
	}
	if len(sc.RootPorts) != 1 || sc.RootPorts[0].Name != "rp0" || len(sc.Domains) != 1 || sc.Domains[0].Name != "vm0" || sc.Domains[0].Stage != 2 || sc.Domains[0].VMID != 1 {
		t.Errorf("implicit rp0/vm0 missing: %+v %+v", sc.RootPorts, sc.Domains)
	}
	e := sc.Endpoints[0]
	want := Endpoint{Pos: e.Pos, Name: "ep0", Port: "rp0", SIDs: []uint32{0x100}, Group: "ep0", Domain: "vm0", ATS: true,
		Behavior: Healthy, SlowDelay: 5_000_000, FLROK: true, DMA: true, DMAPeriod: 100_000}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("endpoint\n got %+v\nwant %+v", e, want)
	}
	if sc.Workload != nil || len(sc.Steps) != 0 {
		t.Errorf("unexpected workload or steps")
	}
}

func TestEndpointsExpansion(t *testing.T) {
	sc := mustParse(t, `root-port a
root-port b
endpoint first sids=0x100
endpoints 3 prefix=nic port=b sid-base=0x200 sids-per-ep=2 group=shared dma=off
endpoint last
broken nic1
`)
	var names []string
	for _, e := range sc.Endpoints {
		names = append(names, e.Name)
	}
	if strings.Join(names, " ") != "first nic0 nic1 nic2 last" {
		t.Fatalf("order %v", names)
	}
	if got := sc.Endpoints[2]; !reflect.DeepEqual(got.SIDs, []uint32{0x202, 0x203}) || got.Port != "b" || got.Group != "shared" || got.DMA || got.Behavior != Unresponsive {
		t.Errorf("nic1 = %+v", got)
	}
	if got := sc.Endpoints[4].SIDs; !reflect.DeepEqual(got, []uint32{0x101}) {
		t.Errorf("last got SIDs %#x, want the next free one 0x101", got)
	}
	if len(sc.Groups) != 3 || sc.Groups[1].Name != "shared" {
		t.Errorf("groups %+v", sc.Groups)
	}
}

func TestSteps(t *testing.T) {
	sc := mustParse(t, `policy none
endpoint ep0 sids=0x100
cmd atc-inv sid=0x100 iova=0x7000 len=0x4000
cmd sync cs=irq msi-addr=0x1000
cmd raw dw0=0xff dw1=0  # illegal
at 2ms flr ep0 result=fail
run until=5ms
expect cons.err == 3
expect ep0.state != BROKEN
expect quarantined == -
expect log contains "ATC invalidate timeout"
show queue 4
`)
	if len(sc.Steps) != 10 {
		t.Fatalf("%d steps", len(sc.Steps))
	}
	a := cmdq.ATCInvOf(sc.Steps[0].Cmd)
	if a.Addr != 0 || a.Size != 4 || a.SID != 0x100 || sc.Steps[0].CmdText != "atc-inv sid=0x100 iova=0x7000 len=0x4000" {
		t.Errorf("atc-inv %+v %q", a, sc.Steps[0].CmdText)
	}
	if s := cmdq.SyncOf(sc.Steps[1].Cmd); s.CS != cmdq.CSIRQ || s.MSIAddr != 0x1000 {
		t.Errorf("sync %+v", s)
	}
	if sc.Steps[2].Cmd != (cmdq.Cmd{0xff, 0}) || sc.Steps[2].CmdText != "raw dw0=0xff dw1=0" {
		t.Errorf("raw %v %q", sc.Steps[2].Cmd, sc.Steps[2].CmdText)
	}
	if st := sc.Steps[3]; !st.HasAt || st.At != 2_000_000 || st.Kind != StepFLR || !st.HasFLROK || st.FLROK {
		t.Errorf("at flr %+v", st)
	}
	if st := sc.Steps[4]; !st.HasUntil || st.Until != 5_000_000 {
		t.Errorf("run %+v", st)
	}
	if x := sc.Steps[7].Expect; x.Value.Kind != ListValue || len(x.Value.List) != 0 {
		t.Errorf("empty list %+v", x)
	}
	if x := sc.Steps[8].Expect; x.Value.Kind != StringValue || x.Value.Str != "ATC invalidate timeout" {
		t.Errorf("string %+v", x)
	}
}

// TestErrors pins the exact message of each class of error.
func TestErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"smmu qz=3\n", `t.scn:1:6: smmu: unknown key "qz" (expected one of: atc-size, ats-timeout, cmd-latency, cmdq-start, device, irq-cpu, irq-latency, link-latency, qs, sync)`},
		{"smmu qs=25\n", "t.scn:1:6: qs=25 out of range 2..19 (CMDQ_BASE.LOG2SIZE is at most 19)"},
		{"endpoint ep0 foo\n", `t.scn:1:14: leftover argument "foo"`},
		{"endpoint ep0\nrun\nsmmu qs=4\n", "t.scn:3:1: smmu must come before the first action line (line 2)"},
		{"endpoint ep0\ndma ep9 iova=0\n", `t.scn:2:5: endpoint "ep9" is not declared`},
		{"endpoint ep0 sids=0x100\nendpoint ep1 sids=0x100\n", "t.scn:2:1: SID 0x100 of ep1 is already used by ep0 (line 1)"},
		{"endpoints 1025\n", "t.scn:1:11: 1025 out of range 1..1024 (at most 1024 endpoints)"},
		{`title "unterminated` + "\n", "t.scn:1:7: unterminated string (expected a closing \")"},
		{"endpoint ep0\nexpect ep0.state == SLEEPY\n", "t.scn:2:21: expect: ep0.state is one of BLOCKED_NO, BLOCKED_RESETTING, BLOCKED_BROKEN, not \"SLEEPY\""},
		{"endpoint ep0\nexpect cons.err contains 3\n", "t.scn:2:17: expect: operator \"contains\" does not apply to cons.err (expected one of: == != < <= > >=)"},
		{"endpoint ep0\nexpect nosuch == 3\n", `t.scn:2:8: expect: unknown metric "nosuch" (see docs/scenario-language.md for the list)`},
		{"policy baseline strategy=halving\nendpoint ep0\n", "t.scn:1:17: policy: strategy only applies to series"},
		{"smmu ats-timeout=1.5xs\nendpoint ep0\n", "t.scn:1:6: "},
		{"frobnicate\n", `t.scn:1:1: unknown line "frobnicate"`},
		{"policy series\n", "t.scn:1:1: no endpoints"},
		{"endpoint ep0\nrun until=1ms for=2ms\n", "t.scn:2:1: run: give at most one of until=, for= and events="},
		{"endpoint ep0\nat 1ms run\n", "t.scn:2:8: at: run cannot be scheduled (only actions can)"},
		{"endpoint ep0\nunmap vm0 iova=0x1001\n", "t.scn:2:11: unmap: iova 0x1001 is not 4 KiB aligned"},
		{"endpoint ep0\ncmd atc-inv sid=1 addr=0 iova=0 len=1\n", "t.scn:2:13: cmd atc-inv: give addr=/size=, iova=/len= or all, not several"},
		{"smmu qs=4\nendpoint ep0\n", "t.scn:1:1: smmu: qs=4 gives 16 queue slots, but the driver issues up to 64 commands and a CMD_SYNC at once: use qs=7 or more (or a smaller policy batch=)"},
		{"endpoint ep0\nbroken ep0,ep7\n", `t.scn:2:12: broken: endpoint "ep7" is not declared`},
		{"domain d vmid=0\nendpoint ep0\n", "t.scn:1:10: vmid=0 out of range 1..65535 (VMID 0 is reserved; Linux allocates from 1)"},
		{"endpoint ep0\nworkload unmaps=0\n", "t.scn:2:10: unmaps=0 out of range 1..0x80000 (a workload of no unmaps does nothing: leave the line out)"},
		{"endpoints 2\nbroken ep1\nbroken ep0,ep1\n", `t.scn:3:12: broken: endpoint "ep1" is already broken (line 2)`},
		{"domain vm0\ndomain vm1\nendpoint a group=g\nendpoint b group=g domain=vm1\n", "t.scn:4:1: endpoint b: group g is attached to vm0 (by a); every device of an iommu group shares its domain"},
		{"endpoint ep0\nexpect ep0.domain == vm9\n", "t.scn:2:22: expect: ep0.domain is one of blocking, vm0, not \"vm9\""},
		{"policy none recovery-fence=off\n", "t.scn:1:13: policy: recovery-fence needs the IOMMU core (baseline or series)"},
		{"endpoint ep0\nattach ep0 domain=vm0 must\n", `t.scn:2:23: leftover argument "must"`},
	}
	for _, c := range cases {
		_, err := Parse("t.scn", []byte(c.src))
		if err == nil {
			t.Errorf("%q: no error, want %q", c.src, c.want)
			continue
		}
		first := strings.Split(err.Error(), "\n")[0]
		if !strings.HasPrefix(first, c.want) {
			t.Errorf("%q:\n got %s\nwant %s", c.src, first, c.want)
		}
	}
}

func TestOverrides(t *testing.T) {
	src := []byte("policy series\nendpoints 8\nbroken ep5\nworkload unmaps=10\n")
	sc, err := ParseWith("t", src, Overrides{Endpoints: 16, Broken: []string{"ep11", "ep2"}, Unmaps: 3, Policy: "baseline"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Endpoints) != 16 || sc.Workload.Unmaps != 3 || sc.Policy.Name != "baseline" {
		t.Fatalf("overrides not applied: %d eps, %d unmaps, %s", len(sc.Endpoints), sc.Workload.Unmaps, sc.Policy.Name)
	}
	for i, e := range sc.Endpoints {
		if want := i == 2 || i == 11; (e.Behavior == Unresponsive) != want {
			t.Errorf("%s behavior %s", e.Name, e.Behavior)
		}
	}
	for _, c := range []struct {
		ov   Overrides
		src  string
		want string
	}{
		{Overrides{Endpoints: 4}, "endpoint a\n", "-endpoints: this scenario declares its endpoints one by one"},
		{Overrides{Unmaps: 4}, "endpoint a\n", "-unmaps: this scenario has no workload line"},
		{Overrides{Broken: []string{"zz"}}, "endpoint a\n", `-broken: endpoint "zz" is not declared`},
		{Overrides{Broken: []string{"a", "a"}}, "endpoint a\n", `-broken: endpoint "a" is given twice`},
		{Overrides{Strategy: "halving", Policy: "baseline"}, "endpoint a\n", "-strategy only applies to policy series"},
		{Overrides{Endpoints: 2000}, "endpoints 3\n", "-endpoints 2000: at most 1024 endpoints"},
	} {
		_, err := ParseWith("t", []byte(c.src), c.ov)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.ov, err, c.want)
		}
	}
}

// TestDocMentionsEveryMetric keeps docs/scenario-language.md complete.
func TestDocMentionsEveryMetric(t *testing.T) {
	doc, err := os.ReadFile("../../docs/scenario-language.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Metrics {
		if !strings.Contains(string(doc), "`"+m.Name+"`") {
			t.Errorf("docs/scenario-language.md does not document metric %s", m.Name)
		}
	}
}

// TestDocExamplesParse: every ```scn block of the doc parses.
func TestDocExamplesParse(t *testing.T) {
	for i, ex := range docExamples(t) {
		if _, err := Parse("doc", []byte(ex)); err != nil {
			t.Errorf("example %d does not parse:\n%v\n%s", i+1, err, ex)
		}
	}
}

func docExamples(t testing.TB) []string {
	doc, err := os.ReadFile("../../docs/scenario-language.md")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?s)```scn\n(.*?)```")
	var out []string
	for _, m := range re.FindAllStringSubmatch(string(doc), -1) {
		out = append(out, m[1])
	}
	if len(out) < 3 {
		t.Fatalf("only %d scn examples in the doc", len(out))
	}
	return out
}

// FuzzParse: no input panics, and every error names a line.
func FuzzParse(f *testing.F) {
	for _, ex := range docExamples(f) {
		f.Add([]byte(ex))
	}
	f.Add([]byte("endpoints 3\nexpect ep1.state == NONE\ncmd atc-inv sid=0x101 iova=0x1000 len=9\n"))
	f.Add([]byte("title \"a\\\"b\"\nseed 0x10\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := Parse("f", src)
		if err != nil {
			for _, e := range err.(ErrorList) {
				if e.Pos.Line < 1 {
					t.Fatalf("error without a line: %v", e)
				}
			}
			return
		}
		if sc == nil {
			t.Fatal("nil scenario without error")
		}
	})
}

func TestRunSeed(t *testing.T) {
	with, err := Parse("s.scn", []byte("seed 7\nendpoints 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	without, err := Parse("s.scn", []byte("endpoints 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sc    *Scenario
		seed  uint64
		given bool
		want  uint64
	}{
		{with, 3, true, 3}, {with, 0, true, 0}, {with, 3, false, 7}, {without, 3, false, 1}, {without, 9, true, 9},
	} {
		if got := c.sc.RunSeed(c.seed, c.given); got != c.want {
			t.Errorf("RunSeed(%d, %v) with HasSeed %v = %d, want %d", c.seed, c.given, c.sc.HasSeed, got, c.want)
		}
	}
}

// TestKernelStateNames: EP.state takes the kernel's names; the short ones
// smmuplay used before are read as the same states.
func TestKernelStateNames(t *testing.T) {
	sc := mustParse(t, "policy baseline recovery-fence=off\nendpoint ep0\nattach ep0 domain=blocking must-succeed\n"+
		"expect ep0.state == BROKEN\nexpect ep0.state != reset\nexpect ep0.state == BLOCKED_NO\nexpect ep0.domain == blocking\n")
	want := []string{"BLOCKED_BROKEN", "BLOCKED_RESETTING", "BLOCKED_NO", "blocking"}
	for i, w := range want {
		if got := sc.Steps[1+i].Expect.Value.Str; got != w {
			t.Errorf("expect %d: value %q, want %q", i, got, w)
		}
	}
	if sc.Policy.RecoveryFence || !sc.Steps[0].Must {
		t.Errorf("recovery-fence %v, must-succeed %v", sc.Policy.RecoveryFence, sc.Steps[0].Must)
	}
	if !mustParse(t, "endpoint ep0\n").Policy.RecoveryFence {
		t.Error("the recovery fence is on by default")
	}
}
