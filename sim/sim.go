package sim

import (
	"errors"
	"fmt"

	"github.com/smmuplay/smmuplay/sim/klog"
	"github.com/smmuplay/smmuplay/sim/scenario"
	"github.com/smmuplay/smmuplay/sim/ste"
)

// LogLine is one kernel message.
type LogLine struct {
	N     int64 // the event that printed it
	T     Time
	Level klog.Level
	Text  string // the message after the dev prefix
	Bare  bool   // printed without the dev prefix (printk, not dev_printk)
}

// Violation is an invariant that did not hold after an event.
type Violation struct {
	N   int64
	T   Time
	Msg string
}

// Show is the output of a `show` line.
type Show struct {
	N    int64
	Step int
	Text string
}

type logRec struct {
	level klog.Level
	text  string
	bare  bool
}

// stepOut collects what one step produced.
type stepOut struct {
	set   bool
	ev    Event
	logs  []logRec
	viol  []string
	shows []Show

	points      []ChoicePoint // choice points met for the first time
	knownPoints int           // choice points the Sim has recorded already
}

// Sim runs a scenario and keeps its history.
type Sim struct {
	cfg   *config
	m     *machine
	out   stepOut
	check bool

	chunks     [][]storedEvent // recorded events, in chunks so growth never copies
	cur        []storedEvent   // the last chunk
	nextCkpt   int64           // the event after which the next checkpoint is taken
	recorded   int64
	logs       []LogLine
	violations []Violation
	shows      []Show
	lastShow   int // step index of the last show recorded
	ckpts      []*machine
	points     []ChoicePoint // choice points met, in order (choice.go)

	maxEvents int64        // the budget (budget.go)
	stopped   *BudgetError // set when a Step was refused at the budget
}

const checkpointEvery = 16384

// New builds a simulation of sc with the given seed.
func New(sc *scenario.Scenario, seed uint64) (*Sim, error) {
	if sc == nil {
		return nil, errors.New("sim: nil scenario")
	}
	if err := checkBudget(sc); err != nil {
		return nil, err
	}
	cfg, err := newConfig(sc, seed)
	if err != nil {
		return nil, err
	}
	s := &Sim{cfg: cfg, check: true, lastShow: -1, nextCkpt: checkpointEvery,
		maxEvents: MaxEventsFor(len(sc.Endpoints))}
	s.m = newMachine(cfg)
	s.m.out = &s.out
	s.m.logSink = s.logUpTo
	s.ckpts = append(s.ckpts, s.m.clone())
	return s, nil
}

// SetChecks turns the invariant checks after every event on or off (on by
// default). Checks never change the run, only what is reported.
func (s *Sim) SetChecks(on bool) { s.check = on }

func newMachine(c *config) *machine {
	sc := c.sc
	m := &machine{cfg: c}
	m.q = newCmdQueue(c.qs)
	m.smmu.cr0 = cr0SMMUEN | cr0EVTQEN | cr0CMDQEN | cr0ATSCHK
	m.smmu.irqCtrl = irqCtrlGerrorEn
	// Linux keeps bypass disabled: GBPA.ABORT is set, so a disabled SMMU
	// (after Service Failure Mode) aborts DMA instead of letting it through
	// untranslated (arm_smmu_device_reset, arm_smmu_update_gbpa).
	m.smmu.gbpa = gbpaAbort
	m.evq = newEvtQueue(c) // evtq.go
	if sc.EVTQ.IRQ {
		m.smmu.irqCtrl |= irqCtrlEvtqEn
	}
	m.smmu.prod = sc.SMMU.CmdqStart & m.posMask()
	m.smmu.cons = m.smmu.prod
	m.cons.itagStall = -1
	m.mem = newMemory(c)
	for d := range c.domains {
		for p := 0; p < c.domains[d].Pages; p++ {
			m.mem.mapPage(int32(d), uint64(p))
		}
	}
	m.stes = make([]ste.STE, len(c.sids))
	m.cache = make([]steCache, len(c.sids))
	m.drv.masters = make([]master, len(sc.Endpoints))
	m.drv.rlSync, m.drv.rlSpace = klog.NewRatelimit(), klog.NewRatelimit()
	m.core.gdevs = make([]gdev, len(sc.Endpoints))
	m.core.groups = make([]group, c.groups)
	for i := range m.core.groups {
		m.core.groups[i].domain = -1
	}
	for i := range sc.Endpoints {
		e := newEndpoint(c, i)
		e.atsEn = e.atsCap
		m.eps = append(m.eps, e)
		d := c.epDomain[i]
		m.drv.masters[i] = master{atsEnabled: e.atsEn, domain: d}
		m.core.groups[c.epGroup[i]].domain = d
		for _, si := range c.epSIDs[i] {
			m.stes[si] = m.domainSTE(d, e.atsEn)
		}
	}
	ncpu := 4
	for _, x := range []int{sc.SMMU.IRQCPU, sc.Policy.IssuerCPU} {
		if x+1 > ncpu {
			ncpu = x + 1
		}
	}
	m.cpus = make([]cpu, ncpu)
	for i := range m.cpus {
		m.cpus[i].irqsOffBy = -1
	}
	m.threads = make([]thread, numThreads)
	m.threads[thIssuer].cpu = int32(sc.Policy.IssuerCPU)
	m.threads[thWorker].cpu = 2
	m.threads[thReset].cpu = 3
	m.threads[thAttach].cpu = 3
	if wl := sc.Workload; wl != nil {
		m.wl.dom = c.domIndex(wl.Domain)
		m.wl.rng = newStream(c.seed, "workload")
		if wl.Unmaps > 0 {
			m.schedule(Time(wl.Start), actWorkload, -1, 0, 1)
		}
	}
	return m
}

// ---- stepping ----

// Step executes one event. It returns false when the scenario's program
// has ended and nothing is scheduled, or when the run reached the budget
// (then Stopped says so).
func (s *Sim) Step() bool {
	m := s.m
	if m.n >= s.maxEvents {
		s.stopped = &BudgetError{Events: m.n, Max: s.maxEvents, Endpoints: len(s.cfg.sc.Endpoints)}
		return false
	}
	s.out.set = false
	s.out.logs = s.out.logs[:0]
	s.out.viol = s.out.viol[:0]
	s.out.shows = s.out.shows[:0]
	if m.prog.race != nil {
		s.out.points = s.out.points[:0]
		s.out.knownPoints = len(s.points)
	}
	m.dirty = false
	ok := m.step()
	if len(s.out.points) > 0 {
		s.points = append(s.points, s.out.points...)
		s.out.points = s.out.points[:0]
	}
	for _, sh := range s.out.shows {
		if sh.Step > s.lastShow {
			sh.N = m.n
			s.shows = append(s.shows, sh)
			s.lastShow = sh.Step
		}
	}
	if !ok {
		return false
	}
	m.n++
	ev := s.out.ev
	ev.N = m.n
	if s.check {
		m.checkInvariants()
	}
	if m.n <= s.recorded {
		// Re-simulation after GoTo: it must retrace the recorded run.
		if old := s.event(m.n); old != ev {
			panic(fmt.Sprintf("sim: replay diverged at event %d: %+v != %+v", m.n, ev, old))
		}
		return true
	}
	s.record(&ev)
	return true
}

func (s *Sim) record(ev *Event) {
	ci, i := chunkOf(s.recorded)
	if i == 0 {
		s.cur = make([]storedEvent, chunkLen(ci))
		s.chunks = append(s.chunks, s.cur)
	}
	e := &s.cur[i]
	e.T, e.A, e.B, e.C, e.EP, e.Kind, e.Thread = ev.T, ev.A, ev.B, ev.C, ev.EP, ev.Kind, ev.Thread
	s.recorded++
	if len(s.out.logs) > 0 {
		for _, l := range s.out.logs {
			s.logs = append(s.logs, LogLine{N: ev.N, T: ev.T, Level: l.level, Text: l.text, Bare: l.bare})
		}
	}
	if len(s.out.viol) > 0 {
		for _, v := range s.out.viol {
			s.violations = append(s.violations, Violation{N: ev.N, T: ev.T, Msg: v})
		}
	}
	if s.recorded == s.nextCkpt {
		s.ckpts = append(s.ckpts, s.m.clone())
		s.nextCkpt += checkpointEvery
	}
}

// storedEvent is an Event without its number (its position gives it):
// 40 bytes, so a million events fit in 40 MB.
type storedEvent struct {
	T       Time
	A, B, C uint64
	EP      int32
	Kind    EventKind
	Thread  int8
}

// Events live in a small first chunk (short runs stay small) and then in
// big ones: many mid-sized allocations are slow under wasm.
const (
	firstChunk = 4096
	chunkSize  = 1 << 16
)

func chunkOf(i int64) (chunk, off int64) {
	if i < firstChunk {
		return 0, i
	}
	i -= firstChunk
	return 1 + i/chunkSize, i % chunkSize
}

func chunkLen(c int64) int {
	if c == 0 {
		return firstChunk
	}
	return chunkSize
}

func (s *Sim) event(n int64) Event {
	ci, i := chunkOf(n - 1)
	e := &s.chunks[ci][i]
	return Event{N: n, T: e.T, Kind: e.Kind, EP: e.EP, Thread: e.Thread, A: e.A, B: e.B, C: e.C}
}

// GoTo moves to just after event n (0 = the start): exactly the state a
// fresh run reaches after n events.
func (s *Sim) GoTo(n int64) error {
	if n < 0 {
		return fmt.Errorf("sim: go to event %d: events are numbered from 0", n)
	}
	if n > s.maxEvents {
		return &BudgetError{Events: n, Max: s.maxEvents, Endpoints: len(s.cfg.sc.Endpoints), Asked: true}
	}
	// Start from the checkpoint at or before n unless the current state is
	// already between it and n.
	ck := s.ckpts[min(n/checkpointEvery, int64(len(s.ckpts)-1))]
	if n < s.m.n || ck.n > s.m.n {
		s.m = ck.clone()
		s.m.out = &s.out
	}
	for s.m.n < n {
		if !s.Step() {
			if s.stopped != nil {
				return s.stopped
			}
			return fmt.Errorf("sim: go to event %d: the run ends after event %d", n, s.m.n)
		}
	}
	return nil
}

// RunProgram steps until the scenario's program has ended (its last line
// ran) or max events were executed (max <= 0: no bound).
func (s *Sim) RunProgram(max int64) error {
	start := s.m.n
	for !s.ProgramDone() {
		if max > 0 && s.m.n-start >= max {
			return fmt.Errorf("sim: program not finished after %d events", max)
		}
		if !s.Step() {
			break
		}
	}
	if s.stopped != nil {
		return s.stopped
	}
	return nil
}

// Stopped is the budget error when a Step was refused at the budget, else
// nil (the run's end is not an error).
func (s *Sim) Stopped() error {
	if s.stopped == nil {
		return nil
	}
	return s.stopped
}

// RunUntil steps while the next event happens at or before t.
func (s *Sim) RunUntil(t Time) {
	for s.m.nextTime() <= t && s.Step() {
	}
}

// RunWhile steps while cond holds, at most max events (max <= 0: no
// bound), and reports whether cond stopped it (false: the run ended or
// max was reached first).
func (s *Sim) RunWhile(cond func(*Sim) bool, max int64) bool {
	start := s.m.n
	for cond(s) {
		if max > 0 && s.m.n-start >= max || !s.Step() {
			return false
		}
	}
	return true
}

// ProgramDone reports whether every line of the scenario has run.
func (s *Sim) ProgramDone() bool { return s.m.prog.pc >= len(s.cfg.steps) }

// N is the number of events executed so far.
func (s *Sim) N() int64 { return s.m.n }

// Recorded is the number of events known (≥ N after going back).
func (s *Sim) Recorded() int64 { return s.recorded }

// Now is the current virtual time.
func (s *Sim) Now() Time { return s.m.now }

// Event returns event n (1-based, n ≤ Recorded()).
func (s *Sim) Event(n int64) Event { return s.event(n) }

// Log returns the kernel log up to the current event.
func (s *Sim) Log() []LogLine {
	n := len(s.logs)
	for n > 0 && s.logs[n-1].N > s.m.n {
		n--
	}
	return s.logs[:n]
}

// FormatLog renders log lines as dmesg prints them.
func (s *Sim) FormatLog(ls []LogLine) string {
	var b []byte
	for _, l := range ls {
		if l.Bare {
			b = append(b, klog.BareLine(int64(l.T), l.Text)...)
		} else {
			b = append(b, klog.Line(int64(l.T), s.cfg.device, l.Text)...)
		}
		b = append(b, '\n')
	}
	return string(b)
}

func (s *Sim) logUpTo(n int64) string {
	end := len(s.logs)
	for end > 0 && s.logs[end-1].N > n {
		end--
	}
	return s.FormatLog(s.logs[:end])
}

// Violations returns the invariant violations seen up to the current event.
func (s *Sim) Violations() []Violation {
	n := len(s.violations)
	for n > 0 && s.violations[n-1].N > s.m.n {
		n--
	}
	return s.violations[:n]
}

// Shows returns the output of `show` lines run so far.
func (s *Sim) Shows() []Show { return s.shows }

// Results returns the outcome of every `expect` line run so far.
func (s *Sim) Results() []ExpectResult { return s.m.results }

// Scenario returns the scenario being run.
func (s *Sim) Scenario() *scenario.Scenario { return s.cfg.sc }

// Seed returns the seed.
func (s *Sim) Seed() uint64 { return s.cfg.seed }

func (m *machine) nextTime() Time {
	if m.ag.len() == 0 {
		return 1<<63 - 1
	}
	return m.ag.peek().at
}

// ---- output from the machine ----

func (m *machine) emit(k EventKind, ep int32, a, b, c uint64) {
	m.emitT(k, ep, -1, a, b, c)
}

func (m *machine) emitT(k EventKind, ep int32, th int32, a, b, c uint64) {
	m.out.set = true
	m.out.ev = Event{T: m.now, Kind: k, EP: ep, Thread: int8(th), A: a, B: b, C: c}
}

func (m *machine) logf(l klog.Level, format string, args ...any) {
	m.counts.LogLines++
	m.out.logs = append(m.out.logs, logRec{level: l, text: fmt.Sprintf(format, args...)})
}

// logBare prints a message without the dev prefix (a plain printk).
func (m *machine) logBare(l klog.Level, text string) {
	m.counts.LogLines++
	m.out.logs = append(m.out.logs, logRec{level: l, text: text, bare: true})
}

func (m *machine) violation(inv int, msg string) {
	m.counts.Violations++
	m.out.viol = append(m.out.viol, fmt.Sprintf("invariant %d: %s", inv, msg))
}
