package trace

import (
	"fmt"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// builder turns sim events into trace events, keeping what spans need:
// open waits, DMA starts, each thread's last command write.
type builder struct {
	s       *sim.Sim
	out     []Event
	logs    map[int64][]string
	cmdLat  sim.Time
	mask    uint64
	cmdqEnd sim.Time // the end of the last slice or boundary on the command queue
	waiting bool     // a "CMD_SYNC wait" slice is open on the command queue
	stopped bool     // a "stopped: CMDQ_ERR" slice is open
	dmaAt   map[int32]sim.Time
	wrote   map[int8]sim.Time
	last    sim.Time
	eps     int
}

func newBuilder(s *sim.Sim) *builder {
	sc := s.Scenario()
	b := &builder{s: s, logs: map[int64][]string{}, cmdLat: sim.Time(sc.SMMU.CmdLatency),
		mask: 1<<(sc.SMMU.QS+1) - 1, dmaAt: map[int32]sim.Time{}, wrote: map[int8]sim.Time{}, eps: len(sc.Endpoints)}
	for _, l := range s.Log() {
		b.logs[l.N] = append(b.logs[l.N], l.Text)
	}
	return b
}

func (b *builder) add(tr track, ph, name string, ts sim.Time, args map[string]any) *Event {
	b.out = append(b.out, Event{Name: name, Ph: ph, Ts: usec(ts), Pid: tr.pid, Tid: tr.tid, Args: args, seq: len(b.out)})
	e := &b.out[len(b.out)-1]
	if ph == "i" {
		e.S = "t"
	}
	return e
}

func (b *builder) slice(tr track, name string, from, to sim.Time, args map[string]any) {
	e := b.add(tr, "X", name, from, args)
	d := usec(to - from)
	e.Dur = &d
}

// cmdqSlice is a command's consumption: cmd-latency long, never before the
// queue's last boundary (so it cannot straddle a wait or a stop). It ends
// 1 ns early: consecutive commands tile the track, and importers that turn
// microseconds into nanoseconds through floating point could otherwise
// see two touching slices overlap by a rounding step.
func (b *builder) cmdqSlice(name string, t sim.Time, args map[string]any) {
	b.resume(t)
	from := max(t-b.cmdLat, b.cmdqEnd, 0)
	b.slice(trackCmdq, name, from, max(from, t-1), args)
	b.cmdqEnd = t
}

// resume ends a "stopped" slice: the consumer works again.
func (b *builder) resume(t sim.Time) {
	if b.stopped {
		b.add(trackCmdq, "E", "stopped: CMDQ_ERR", t, nil)
		b.stopped = false
		b.cmdqEnd = t
	}
}

func (b *builder) endWait(t sim.Time) {
	if b.waiting {
		b.add(trackCmdq, "E", "CMD_SYNC wait", t, nil)
		b.waiting = false
		b.cmdqEnd = t
	}
}

// thread returns the track of an event's software thread, else fallback.
func (b *builder) thread(e sim.Event, fallback track) track {
	if tr, ok := threadTrack(e.Thread); ok {
		return tr
	}
	return fallback
}

func (b *builder) event(n int64, e sim.Event) {
	t := e.T
	b.last = t
	args := map[string]any{"n": n, "what": b.s.Describe(e)}
	if l := b.logs[n]; len(l) > 0 {
		args["log"] = l
	}
	if e.EP >= 0 {
		args["endpoint"] = b.s.Scenario().Endpoints[e.EP].Name
	}
	ep := endpointTrack(e.EP)
	switch e.Kind {
	case sim.EvScript:
		b.add(trackScenario, "i", "scenario line", t, args)
	case sim.EvCmdsWritten:
		args["first"], args["count"], args["prod"] = hex(e.A), e.B, hex(e.C)
		b.wrote[e.Thread] = t
		b.add(b.thread(e, trackScenario), "i", fmt.Sprintf("write %d commands", e.B), t, args)
	case sim.EvCmdConsumed:
		c := cmdq.Cmd{e.B, e.C}
		args["pos"], args["dw0"], args["dw1"], args["fields"] = hex(e.A), fmt.Sprintf("0x%016x", e.B), fmt.Sprintf("0x%016x", e.C), cmdFields(c)
		b.cmdqSlice(cmdq.Name(c), t, args)
	case sim.EvATCInvSent:
		args["pos"], args["itag"], args["sid"] = hex(e.A), e.B, hex(e.C)
		b.cmdqSlice("CMD_ATC_INV", t, args)
	case sim.EvITagStall:
		args["pos"] = hex(e.A)
		b.add(trackCmdq, "i", "ITag stall", t, args)
	case sim.EvSyncWaiting:
		b.resume(t)
		args["pos"], args["outstanding"] = hex(e.A), e.B
		if !b.waiting {
			b.add(trackCmdq, "B", "CMD_SYNC wait", t, args)
			b.waiting = true
			b.cmdqEnd = t
		}
	case sim.EvSyncCompleted:
		b.endWait(t)
		args["pos"], args["cs"] = hex(e.A), cmdq.CS(e.B).String()
		b.cmdqSlice("CMD_SYNC", t, args)
	case sim.EvCmdError:
		b.endWait(t)
		b.resume(t)
		code := cmdq.CERROR(e.B)
		args["cons"], args["err"], args["rd"], args["gerror"] = fmt.Sprintf("0x%08x", e.A), code.String(), hex(e.A&b.mask), fmt.Sprintf("0x%08x", e.C)
		b.add(trackCmdq, "i", code.String(), t, args)
		b.add(trackCmdq, "B", "stopped: CMDQ_ERR", t, map[string]any{"n": n})
		b.stopped = true
		b.cmdqEnd = t
	case sim.EvInvReqReceived:
		args["itag"], args["answered"], args["atc_dropped"] = e.A, e.B == 0, e.C
		name := fmt.Sprintf("Invalidate Request ITag %d", e.A)
		if e.B == 1 {
			name += " (never answered)"
		}
		b.add(ep, "i", name, t, args)
	case sim.EvInvCplReceived:
		args["itag"], args["status"] = e.A, [...]string{"in time", "after the timeout", "no request holds the ITag", "late, counted for the ITag's new request"}[min(e.B, 3)]
		b.add(ep, "i", fmt.Sprintf("Invalidate Completion ITag %d", e.A), t, args)
	case sim.EvTransReq:
		args["iova"], args["outcome"], args["pa_page"] = hex(e.A<<12), [...]string{"OK", "fault", "UR", "abort", "UR (SMMU off)"}[min(e.B, 4)], e.C
		b.add(ep, "i", "Translation Request", t, args)
	case sim.EvTransCpl:
		args["iova"] = hex(e.A << 12)
		b.add(ep, "i", "Translation Completion", t, args)
	case sim.EvDMAIssued:
		if e.C&1 == 1 {
			b.add(ep, "i", "no DMA: in reset", t, args)
			return
		}
		b.dmaAt[e.EP] = t
	case sim.EvDMAAccess:
		b.dmaAccess(e, args)
	case sim.EvFLRStarted:
		b.add(ep, "B", "FLR", t, args)
	case sim.EvFLRDone:
		args["ok"], args["atc_dropped"] = e.A == 1, e.B
		b.add(ep, "E", "FLR", t, args)
	case sim.EvISR:
		args["active"], args["gerror"], args["bits"] = fmt.Sprintf("0x%08x", e.A), fmt.Sprintf("0x%08x", e.B), GERRORBits(uint32(e.A))
		b.slice(trackISR, "arm_smmu_gerror_handler", t, t, args)
	case sim.EvIRQDeferred:
		args["cpu"] = e.A
		b.add(trackISR, "i", "GERROR IRQ held (interrupts off)", t, args)
	case sim.EvIssuerDone:
		ret := int64(e.B)
		args["pos"], args["ret"] = hex(e.A), retName(ret)
		if r := e.C & 0xffffffff; r > 0 {
			args["retrying_masters"] = r
		}
		if e.C>>32 != 0 {
			args["co_cleared"] = true
		}
		from, ok := b.wrote[e.Thread]
		if !ok {
			from = t
		}
		b.slice(b.thread(e, trackScenario), "CMD_SYNC poll -> "+retName(ret), from, t, args)
	case sim.EvSTEWritten:
		args["sid"], args["qwords"], args["dw1"], args["eats"] = hex(e.A), hex(e.B), fmt.Sprintf("0x%016x", e.C), (e.C>>28)&3
		b.add(b.thread(e, trackScenario), "i", fmt.Sprintf("STE[0x%x] written", e.A), t, args)
	case sim.EvThreadStart:
		b.add(b.thread(e, trackScenario), "B", sim.OpName(e.A), t, args)
	case sim.EvThreadEnd:
		b.add(b.thread(e, trackScenario), "E", sim.OpName(e.A), t, args)
	case sim.EvWorkQueued, sim.EvWorkRan:
		b.add(trackWorkq, "i", e.Kind.String(), t, args)
	default:
		b.generic(e, args)
	}
}

// generic puts an event on its thread's track, else its endpoint's, else
// the scenario's, as an instant named after its kind.
func (b *builder) generic(e sim.Event, args map[string]any) {
	tr := trackScenario
	switch {
	case e.Thread >= 0 && int(e.Thread) < len(simThreads):
		tr = simThreads[e.Thread]
	case e.EP >= 0:
		tr = endpointTrack(e.EP)
	}
	args["a"], args["b"], args["c"] = hex(e.A), hex(e.B), hex(e.C)
	b.add(tr, "i", e.Kind.String(), e.T, args)
}

func (b *builder) dmaAccess(e sim.Event, args map[string]any) {
	read := e.C&(1<<16) != 0
	outcome := [...]string{"OK", "CORRUPT", "aborted", "fault", "STE abort", "LEAK", "GBPA abort"}[min(e.C&0xff, 6)]
	dir := "write"
	if read {
		dir = "read"
	}
	args["iova"], args["pa_page"], args["outcome"] = hex(e.A<<12), e.B, outcome
	from, ok := b.dmaAt[e.EP]
	if !ok || from > e.T {
		from = e.T
	}
	delete(b.dmaAt, e.EP)
	b.slice(endpointTrack(e.EP), "DMA "+dir+" "+outcome, from, e.T, args)
}

// finish closes what is still open at the last event's time.
func (b *builder) finish() {
	b.endWait(b.last)
	b.resume(b.last)
}

func retName(r int64) string {
	switch r {
	case 0:
		return "0"
	case -110:
		return "-ETIMEDOUT"
	case -5:
		return "-EIO"
	}
	return fmt.Sprint(r)
}

// GERRORBits names the set bits of a GERROR (or active) value, as the
// SMMUv3 spec names them.
func GERRORBits(v uint32) []string {
	names := [...]string{0: "CMDQ_ERR", 2: "EVENTQ_ABT_ERR", 3: "PRIQ_ABT_ERR", 4: "MSI_CMDQ_ABT_ERR", 5: "MSI_EVENTQ_ABT_ERR",
		6: "MSI_PRIQ_ABT_ERR", 7: "MSI_GERROR_ABT_ERR", 8: "SFM_ERR", 9: "CMDQP_ERR", 10: "DPT_ERR"}
	out := []string{}
	for i := 0; i < 32; i++ {
		if v&(1<<i) == 0 {
			continue
		}
		if i < len(names) && names[i] != "" {
			out = append(out, names[i])
		} else {
			out = append(out, fmt.Sprintf("bit%d(RES0)", i))
		}
	}
	return out
}

// metadata names the processes and threads that carry events.
func (b *builder) metadata() []Event {
	used := map[track]bool{trackCmdq: true}
	for _, e := range b.out {
		used[track{e.Pid, e.Tid}] = true
	}
	var out []Event
	proc := func(pid int, name string) {
		out = append(out, Event{Name: "process_name", Ph: "M", Pid: pid, Args: map[string]any{"name": name}},
			Event{Name: "process_sort_index", Ph: "M", Pid: pid, Args: map[string]any{"sort_index": pid}})
	}
	thread := func(tr track, name string) {
		if !used[tr] {
			return
		}
		out = append(out, Event{Name: "thread_name", Ph: "M", Pid: tr.pid, Tid: tr.tid, Args: map[string]any{"name": name}},
			Event{Name: "thread_sort_index", Ph: "M", Pid: tr.pid, Tid: tr.tid, Args: map[string]any{"sort_index": tr.tid}})
	}
	proc(pidSMMU, "SMMU "+b.s.Scenario().SMMU.Device)
	thread(trackCmdq, "command queue")
	proc(pidEndpoints, "PCIe endpoints")
	for i, e := range b.s.Scenario().Endpoints {
		thread(endpointTrack(int32(i)), e.Name+" ("+strings.Join(sidList(e.SIDs), ",")+")")
	}
	proc(pidLinux, "Linux")
	for tid := tidIssuer; tid <= tidScenario; tid++ {
		thread(track{pidLinux, tid}, linuxThreadNames[tid])
	}
	return out
}

func sidList(sids []uint32) []string {
	var out []string
	for _, s := range sids {
		out = append(out, fmt.Sprintf("SID 0x%x", s))
	}
	return out
}
