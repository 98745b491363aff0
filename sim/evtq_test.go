package sim

import (
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/sim/evtq"
	"github.com/smmuplay/smmuplay/sim/scenario"
	"github.com/smmuplay/smmuplay/sim/ste"
)

func evtqSim(t *testing.T, src string) *Sim {
	t.Helper()
	sc, err := scenario.Parse("evtq.scn", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(sc, 1)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func drain(s *Sim) {
	for s.Step() {
	}
}

// A full queue discards records and toggles PROD.OVFLG once; the thread
// reports the overflow before the records it then reads, and acknowledges
// it by copying OVFLG into CONS.OVACKFLG (Arm IHI 0070 §7.4,
// arm_smmu_evtq_thread + queue_sync_cons_ovf).
func TestEvtqOverflow(t *testing.T) {
	s := evtqSim(t, "evtq qs=2\nendpoints 1 dma=off\nrun\n")
	m := s.m
	for i := 0; i < 7; i++ {
		m.evtqRecord(evtq.TranslForbidden(0x100, false, uint64(i)<<12))
	}
	q := &m.evq
	if q.written != 4 || q.lost != 3 {
		t.Fatalf("written %d lost %d, want 4 and 3", q.written, q.lost)
	}
	if q.prod != evtq.OverflowFlag|4 || q.cons != 0 {
		t.Fatalf("PROD 0x%08x CONS 0x%08x, want 0x80000004 (OVFLG, wrapped) and 0", q.prod, q.cons)
	}
	var snap Snapshot
	s.SnapshotInto(&snap)
	if len(snap.EVTQ.Entries) != 4 || !snap.EVTQ.Entries[0].Pending || snap.EVTQ.Entries[3].Rec[2] != 3<<12 {
		t.Fatalf("snapshot entries %+v", snap.EVTQ.Entries)
	}
	drain(s)
	if q.prod != evtq.OverflowFlag|4 || q.cons != evtq.OverflowFlag|4 {
		t.Fatalf("after the thread: PROD 0x%08x CONS 0x%08x, want both 0x80000004", q.prod, q.cons)
	}
	log := s.FormatLog(s.Log())
	want := "[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: EVTQ overflow detected -- events lost\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: event 0x07 received:\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000010000000007\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000000000\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000000000\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000000000\n"
	if !strings.HasPrefix(log, want) || strings.Count(log, "received:") != 4 || strings.Count(log, "overflow") != 1 {
		t.Fatalf("log:\n%s\nwant it to start with\n%s", log, want)
	}
	// The overflow is acknowledged: the next full queue is a new overflow.
	for i := 0; i < 5; i++ {
		m.evtqRecord(evtq.BadSTE(0x100))
	}
	if q.prod&evtq.OverflowFlag != 0 || q.lost != 4 {
		t.Fatalf("second overflow: PROD 0x%08x lost %d, want OVFLG toggled back and 4 lost", q.prod, q.lost)
	}
	drain(s)
	if c := strings.Count(s.FormatLog(s.Log()), "EVTQ overflow detected"); c != 2 {
		t.Fatalf("%d overflow lines, want 2", c)
	}
}

// The thread prints through DEFAULT_RATELIMIT_INTERVAL/BURST: ten records
// in five seconds, then "arm_smmu_evtq_thread: N callbacks suppressed"
// (no dev prefix) before the first record of a later interval.
func TestEvtqRatelimit(t *testing.T) {
	s := evtqSim(t, "evtq qs=6\nendpoints 1 dma=off\nrun\n")
	m := s.m
	for i := 0; i < 15; i++ {
		m.evtqRecord(evtq.BadSTE(0x100))
	}
	drain(s)
	log := s.FormatLog(s.Log())
	if c := strings.Count(log, "event 0x04 received:"); c != 10 {
		t.Fatalf("%d records printed in the first interval, want 10:\n%s", c, log)
	}
	if m.evq.suppressed != 5 {
		t.Fatalf("suppressed %d, want 5", m.evq.suppressed)
	}
	m.now = 6_000_000_000
	m.evtqRecord(evtq.BadSTE(0x100))
	drain(s)
	all := s.Log()
	tail := s.FormatLog(all[len(all)-6:])
	want := "[    6.000002] arm_smmu_evtq_thread: 5 callbacks suppressed\n" +
		"[    6.000002] arm-smmu-v3 arm-smmu-v3.0.auto: event 0x04 received:\n" +
		"[    6.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000010000000004\n"
	if !strings.HasPrefix(tail, want) {
		t.Fatalf("log tail:\n%s\nwant it to start with\n%s", tail, want)
	}
}

// Which accesses raise which record (Arm IHI 0070 §5.2 STE.V/Config/EATS,
// §5.5 S2R, §7.3.22): a refused Translation Request, a refused Translated
// access, an Untranslated access to an unmapped IOVA (suppressed when
// STE.S2R = 0), an invalid STE; an abort STE raises nothing.
func TestEvtqWhatRaises(t *testing.T) {
	s := evtqSim(t, "endpoints 1 dma=off sid-base=0x100\nrun\n")
	m := s.m
	si := m.cfg.epSIDs[0][0]
	set := func(x ste.STE) {
		m.stes[si] = x
		m.cache[si] = steCache{}
	}
	cur := m.stes[si]
	noEATS := cur
	noEATS[1] &^= ste.Q1EATS
	m.mem.unmapPage(int32(0), 5)

	type step struct {
		name string
		s    ste.STE
		do   func()
		want []evtq.Record
	}
	for _, tc := range []step{
		{"TR with EATS=0", noEATS, func() { m.transReq(0, 7) }, []evtq.Record{evtq.BadATSTReq(0x100, 7<<12)}},
		{"Translated write with EATS=0", noEATS, func() { m.translated(0, 7, 9) }, []evtq.Record{evtq.TranslForbidden(0x100, false, 9<<12)}},
		{"Translated read with EATS=0", noEATS, func() { m.translated(0, 7, 9|readBit) }, []evtq.Record{evtq.TranslForbidden(0x100, true, 9<<12)}},
		{"Untranslated to unmapped IOVA", cur, func() { m.untranslated(0, 5|readBit) },
			[]evtq.Record{evtq.Fault{ID: evtq.FTranslation, SID: 0x100, RnW: true, S2: true, Class: evtq.ClassIN, InputAddr: 5 << 12, IPA: 5 << 12}.Encode()}},
		{"Untranslated to unmapped IOVA, S2R=0", func() ste.STE { x := cur; x[2] &^= ste.Q2S2R; return x }(), func() { m.untranslated(0, 5) }, nil},
		{"Untranslated with V=0", ste.STE{}, func() { m.untranslated(0, 1) }, []evtq.Record{evtq.BadSTE(0x100)}},
		{"TR with V=0 (CA, no event)", ste.STE{}, func() { m.transReq(0, 1) }, nil},
		{"abort STE: nothing", ste.MakeAbort(), func() { m.transReq(0, 1); m.translated(0, 1, 1); m.untranslated(0, 1) }, nil},
		{"EATS=1: nothing", cur, func() { m.transReq(0, 1); m.translated(0, 1, 1); m.untranslated(0, 1) }, nil},
	} {
		set(tc.s)
		before := m.evq.prod
		tc.do()
		var got []evtq.Record
		for p := before; p != m.evq.prod; p = m.evq.inc(p) {
			got = append(got, m.evq.read(p))
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: %d records %#x, want %#x", tc.name, len(got), got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: record %#x, want %#x", tc.name, got[i], tc.want[i])
			}
		}
	}
}

// evtq log=decoded adds the newer driver's two decoded lines after the raw
// dump of a translation fault (the form of corpus 11); other records keep
// the raw form only.
func TestEvtqDecoded(t *testing.T) {
	s := evtqSim(t, "evtq log=decoded\nendpoints 1 dma=off sid-base=0x100\nrun\n")
	m := s.m
	m.evtqRecord(evtq.Fault{ID: evtq.FTranslation, SID: 0x100, RnW: true, S2: true, Class: evtq.ClassIN,
		InputAddr: 0x5000, IPA: 0x5000}.Encode())
	m.evtqRecord(evtq.TranslForbidden(0x100, false, 0x9000))
	drain(s)
	got := s.FormatLog(s.Log())
	want := "[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: event 0x10 received:\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000010000000010\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000028800000000\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000005000\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000005000\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: event: F_TRANSLATION client: 0000:01:00.0 sid: 0x100 ssid: 0x0 iova: 0x5000 ipa: 0x5000\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: unpriv data read s2 \"Input address caused fault\" stag: 0x0\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: event 0x07 received:\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000010000000007\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000000000\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000009000\n" +
		"[    0.000002] arm-smmu-v3 arm-smmu-v3.0.auto: \t0x0000000000000000\n"
	if got != want {
		t.Fatalf("log:\n%s\nwant\n%s", got, want)
	}
}

// A device with ATS off that accesses an IOVA past its domain's window
// faults at stage 2 each time; `dma … count= every=` repeats the access.
func TestEvtqDMARepeat(t *testing.T) {
	s := evtqSim(t, "domain vm0 pages=1\nendpoint ep0 sids=0x42 ats=off dma=off\ndma ep0 iova=0x3000 read count=3 every=10us\nrun\n")
	if err := s.RunProgram(0); err != nil {
		t.Fatal(err)
	}
	var at []Time
	for n := int64(1); n <= s.N(); n++ {
		if e := s.Event(n); e.Kind == EvDMAAccess {
			at = append(at, e.T)
		}
	}
	if len(at) != 3 || at[1]-at[0] != 10_000 || at[2]-at[1] != 10_000 {
		t.Fatalf("accesses at %v", at)
	}
	want := evtq.Fault{ID: evtq.FTranslation, SID: 0x42, RnW: true, S2: true, Class: evtq.ClassIN, InputAddr: 0x3000, IPA: 0x3000}.Encode()
	q := &s.m.evq
	if q.written != 3 || q.read(0) != want || q.read(2) != want || q.cons != 3 {
		t.Fatalf("written %d, records %#x %#x, CONS %d", q.written, q.read(0), q.read(2), q.cons)
	}
	if c := strings.Count(s.FormatLog(s.Log()), "\t0x0000000000003000\n"); c != 6 {
		t.Fatalf("%d address dwords printed, want 6", c)
	}
}
