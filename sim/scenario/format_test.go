package scenario

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// withoutPos is sc with every position zeroed: Format keeps what a
// scenario means, not where it was written.
func withoutPos(sc *Scenario) *Scenario {
	c := *sc
	c.File = ""
	zero(reflect.ValueOf(&c).Elem())
	return &c
}

func zero(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(Pos{}) {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				zero(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		v.Set(c)
		for i := 0; i < v.Len(); i++ {
			zero(v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			c := reflect.New(v.Type().Elem())
			c.Elem().Set(v.Elem())
			v.Set(c)
			zero(c.Elem())
		}
	}
}

func roundTrip(t *testing.T, name string, src []byte) {
	t.Helper()
	sc, err := Parse(name, src)
	if err != nil {
		return
	}
	text := Format(sc)
	back, err := Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("%s: Format's text does not parse: %v\n%s", name, err, text)
	}
	if !reflect.DeepEqual(withoutPos(back), withoutPos(sc)) {
		t.Fatalf("%s: Format's text parses to another scenario:\n%s\n got %+v\nwant %+v", name, text, withoutPos(back), withoutPos(sc))
	}
	if again := Format(back); again != text {
		t.Fatalf("%s: Format is not stable:\n%s\nthen\n%s", name, text, again)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	paths, _ := filepath.Glob("../builtin/*.scn")
	if len(paths) < 10 {
		t.Fatalf("found %d built-in scenarios", len(paths))
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, filepath.Base(p), src)
	}
	roundTrip(t, "all.scn", []byte(`title "quotes \" and \\ kept"
seed 7
smmu qs=8 cmdq-start=0x1f0 ats-timeout=2500us sync=sev cmd-latency=25ns irq-cpu=2 atc-size=8
policy series strategy=halving broken-pending=off gate-done=off eats-lock=off recovery-fence=off issuer-cpu=1 poll-budget=2s batch=16
pci flr-time=50ms inv-latency=3us
root-port rpA
root-port rpB
domain d1 pages=128 vmid=9
domain d2 stage=2 pages=16
endpoints 3 prefix=nic port=rpB sid-base=0x400 sids-per-ep=2 domain=d2 group=g1 dma-period=250us
endpoint gpu port=rpA sids=0x10,0x11 ats=off behavior=slow slow-delay=7ms flr=fail dma=off stu=2
broken nic1
workload domain=d2 unmaps=9 period=33us start=1ms
at 100us cmd atc-inv sid=0x400 all
at 200us cmd sync
at 300us map d1 iova=0x2000 pages=2
at 350us unmap d1 iova=0x2000
at 400us dma gpu iova=0x1000 read
at 500us slow nic0 delay=3ms
at 600us silent nic2
at 700us healthy nic2
at 800us flr nic1 result=ok probe
at 900us attach gpu domain=blocking
at 920us attach gpu domain=d1 must-succeed
at 950us ack
run for=2ms
show queue 8
show ep nic0
show summary
expect corrupt_dma == 0
expect quarantined == nic1
expect log contains "CMDQ error"
run events=100
run until=10ms
run
`))
}

// FuzzFormat: any text the parser accepts prints as text that parses to
// the same scenario.
func FuzzFormat(f *testing.F) {
	paths, _ := filepath.Glob("../builtin/*.scn")
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) { roundTrip(t, "fuzz.scn", src) })
}
