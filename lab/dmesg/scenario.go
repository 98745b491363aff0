package dmesg

import (
	"fmt"
	"maps"
	"strings"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// evidence is what the imported lines say happened: indexes into
// im.Lines, by what the scenario must do about them.
type evidence struct {
	atc, ill, abt []int // CMDQ error lines by code
	skips         []int // "skipping command in error state:" lines
	syncATC       []int // CMD_SYNC timeouts on a CMD_SYNC stopped by an ATC timeout nobody acknowledged
	stalls        []int // CMD_SYNC timeouts with CONS.ERR = 0: a slow or stopped consumer
	gerrors       []int
	retries       []int
	sfmLines      []int
	sfm           bool // SFM_ERR seen (the SFM line or a GERROR with bit 8)
	sfmThenCmdq   bool // a CMDQ error line follows the SFM line (the baseline handler)
	cmdqErrActive bool // some GERROR line has CMDQ_ERR
	devices       map[string]bool
}

func (r *repro) gather(mask uint32) evidence {
	ev := evidence{devices: map[string]bool{}}
	for i, l := range r.im.Lines {
		if l.Device != "" && (l.Prefix == prefixDriver || l.Prefix == prefixPlatform) {
			ev.devices[l.Device] = true
		}
		switch l.Kind {
		case KindCmdqError:
			cons := uint32(l.Values[0].Raw)
			switch cmdq.ConsErr(cons) {
			case cmdq.CErrorATCInvSync:
				ev.atc = append(ev.atc, i)
			case cmdq.CErrorIll:
				ev.ill = append(ev.ill, i)
			case cmdq.CErrorAbt:
				ev.abt = append(ev.abt, i)
			default:
				r.gap(i, fmt.Sprintf("the simulated SMMU never raises ERR %d", uint8(cmdq.ConsErr(cons))))
			}
			if ev.sfm {
				ev.sfmThenCmdq = true
			}
		case KindSkipping:
			ev.skips = append(ev.skips, i)
		case KindSyncTimeout:
			r.classifySync(i, mask, &ev)
		case KindSFM:
			ev.sfm = true
			ev.sfmLines = append(ev.sfmLines, i)
		case KindRetryFetch:
			ev.retries = append(ev.retries, i)
		case KindGERROR:
			ev.gerrors = append(ev.gerrors, i)
			if l.Values[0].Raw&1 != 0 {
				ev.cmdqErrActive = true
			}
			if l.Values[0].Raw&0x100 != 0 {
				ev.sfm = true
			}
		}
	}
	return ev
}

// classifySync sorts a CMD_SYNC timeout line by what could have printed
// it.
func (r *repro) classifySync(i int, mask uint32, ev *evidence) {
	l := r.im.Lines[i]
	switch {
	case l.form == formOld:
		r.gap(i, whyOld)
		return
	case l.form == formElided:
		r.gap(i, whyElided)
		return
	case l.Prefix == prefixPlatform:
		r.gap(i, whyUnbind)
		return
	}
	at, prod, cons := uint32(l.Values[0].Raw), uint32(l.Values[1].Raw), uint32(l.Values[2].Raw)
	switch {
	case prod&mask == at&mask:
		r.gap(i, whyProd)
	case prod&mask != (at+1)&mask:
		r.gap(i, whyProdAhead)
	case cmdq.ConsErr(cons) == cmdq.CErrorATCInvSync && cons&mask == at&mask:
		ev.syncATC = append(ev.syncATC, i)
	case cmdq.ConsErr(cons) == cmdq.CErrorNone:
		ev.stalls = append(ev.stalls, i)
	default:
		r.gap(i, whySyncErr)
	}
}

// story is the scenario being written.
type story struct {
	qs       int
	mask     uint32
	policy   string
	polOpt   []string
	smmu     []string
	eps      string
	evtq     string   // the evtq line, "" for the defaults (evtq_repro.go)
	decl     []string // domain lines besides vm0 (evtq_repro.go)
	cfg      []string
	steps    []string
	expect   []string
	start    uint32
	startSet bool           // start is set: cmdq-start puts the first error on its logged position
	gerror   map[uint32]int // GERROR values the scenario raises, and how often
}

func (s *story) setStart(pos uint32) {
	if !s.startSet {
		s.start, s.startSet = pos&s.mask, true
	}
}

// buildScenario writes a scenario reproducing the imported lines, claiming
// the lines it reproduces exactly. The first story present (ATC timeouts,
// else an illegal command, else a fetch abort, else a slow consumer, else
// Service Failure Mode) starts the queue where the log's first error sits,
// so its values are reproduced exactly; further kinds are appended as
// separate episodes, SFM last (it disables the SMMU). Lines of those
// episodes whose values depend on the queue position are reproduced in
// kind only, and say so.
func buildScenario(r *repro) string {
	qs := r.im.QS
	s := &story{qs: qs, mask: uint32(1)<<(qs+1) - 1, policy: "baseline", eps: "endpoint ep0 sids=0x100 dma=off", gerror: map[uint32]int{}}
	if qs < 7 {
		s.polOpt = append(s.polOpt, fmt.Sprintf("batch=%d", 1<<qs-1)) // the queue must hold a batch and its CMD_SYNC
	}
	ev := r.gather(s.mask)
	primary := ""
	switch {
	case len(ev.atc) > 0 || len(ev.syncATC) > 0:
		primary = "atc"
		r.atcStory(&ev, s)
	case len(ev.ill) > 0:
		primary = "ill"
		s.setStart(uint32(r.im.Lines[ev.ill[0]].Values[0].Raw))
	case len(ev.abt) > 0:
		primary = "abt"
		s.setStart(uint32(r.im.Lines[ev.abt[0]].Values[0].Raw))
	case len(ev.stalls) > 0 && len(ev.gerrors) == 0 && !ev.sfm && len(ev.skips) == 0:
		primary = "stall"
		r.stallStory(&ev, s)
	case ev.sfm:
		primary = "sfm"
	case ev.cmdqErrActive && len(ev.skips) == 0:
		// GERROR lines with CMDQ_ERR and no line saying why: one ATC
		// timeout shows a CMDQ_ERR.
		primary = "atc"
		s.setStart(0)
		s.cfg = append(s.cfg, "broken ep0", "workload unmaps=1 period=20us")
		s.steps = append(s.steps, "run")
		s.gerror[1]++
		r.note("the log has no CMDQ error line to say why the queue stopped; the scenario shows an ATC invalidation timeout")
	}
	if primary != "stall" {
		for _, i := range ev.stalls {
			r.gap(i, "a slow or stopped consumer is reproduced only in a log without command errors, GERROR or SFM lines")
		}
	}
	if len(ev.ill) > 0 || len(ev.skips) > 0 {
		r.illEpisodes(&ev, s, primary == "ill")
	}
	if len(ev.abt) > 0 {
		r.abtEpisode(&ev, s, primary == "abt")
	}
	r.evtqEpisodes(s) // evtq_repro.go; before SFM, which disables the SMMU
	if ev.sfm {
		r.sfmEpisode(&ev, s, primary == "sfm")
	}
	r.claimGERRORs(&ev, s)
	if len(ev.devices) == 1 {
		for d := range ev.devices {
			if validDevice(d) {
				s.smmu = append(s.smmu, "device="+d)
			}
		}
	}
	if s.startSet && s.start != 0 {
		s.smmu = append(s.smmu, fmt.Sprintf("cmdq-start=0x%x", s.start))
	}
	for _, p := range r.pins {
		s.expect = append(s.expect, "expect log contains "+scenario.Quote(p))
	}
	return s.text(r.im.Kinds())
}

// atcStory: one unmap per logged ATC timeout, ep0 never answering. One
// unmap writes TLBI, CMD_SYNC, n ATC_INVs and a CMD_SYNC, so errors g
// slots apart mean n = g - 3 endpoints share the domain, and the k-th
// error sits at first + k·g. CMD_SYNC timeouts on such an error mean the
// GERROR interrupt went to the polling CPU.
func (r *repro) atcStory(ev *evidence, s *story) {
	lines := r.im.Lines
	rd := func(i int) uint32 { return uint32(lines[i].Values[0].Raw) & s.mask }
	var first uint32
	count := max(len(ev.atc), len(ev.syncATC))
	if len(ev.atc) > 0 {
		first = rd(ev.atc[0])
	} else {
		first = rd(ev.syncATC[0])
	}
	n := 1 // endpoints sharing the domain
	if len(ev.atc) >= 2 {
		gap := (rd(ev.atc[1]) - rd(ev.atc[0])) & s.mask
		even := true
		for k := 2; k < len(ev.atc); k++ {
			even = even && (rd(ev.atc[k])-rd(ev.atc[k-1]))&s.mask == gap
		}
		if even && gap >= 4 && int(gap)-3 <= batchOf(s.qs) {
			n = int(gap) - 3
		} else {
			r.note("the ATC timeouts are not evenly spaced in the queue; the scenario places the first exactly and the others one unmap apart")
		}
	}
	g := uint32(n + 3)
	s.setStart(first - uint32(n+2))
	if n > 1 {
		s.eps = fmt.Sprintf("endpoints %d dma=off", n)
		s.cfg = append(s.cfg, fmt.Sprintf("# %d endpoints share the domain: one unmap takes %d queue slots, the gap between the errors", n, n+3))
	}
	s.cfg = append(s.cfg, "broken ep0", fmt.Sprintf("workload unmaps=%d period=20us", count))
	if len(ev.syncATC) > 0 {
		// The issuer polls with interrupts off on the CPU the GERROR IRQ
		// is routed to: its poll times out before the handler runs.
		s.smmu = append(s.smmu, "irq-cpu=0")
		s.polOpt = append(s.polOpt, "issuer-cpu=0")
		s.cfg = append(s.cfg, "# the GERROR IRQ goes to the polling CPU: the poll times out (1 s) before the handler runs")
	}
	s.steps = append(s.steps, "run")
	s.gerror[1] += count
	why := fmt.Sprintf("the model's unmaps are all the same size: its ATC timeouts land every %d slots from 0x%x, not at this position", g, first)
	pos := func(k int) uint32 { return (first + uint32(k)*g) & s.mask }
	// Lines and unmaps pair up in order: a line is reproduced when its
	// position is that of a later unmap than the previous line's.
	k := 0
	for _, i := range ev.atc {
		for k < count && pos(k) != rd(i) {
			k++
		}
		if k < count {
			r.claim(i)
			k++
		} else {
			r.gap(i, why)
		}
	}
	k = 0
	for _, i := range ev.syncATC {
		at, prod := uint32(lines[i].Values[0].Raw)&s.mask, uint32(lines[i].Values[1].Raw)&s.mask
		for k < count && pos(k) != at {
			k++
		}
		if k < count && prod == (at+1)&s.mask {
			r.claim(i)
			k++
		} else {
			r.gap(i, why)
		}
	}
}

// illEpisodes writes each skipped command back into the queue. A command
// the simulated SMMU finds legal would not fail, so an unknown opcode
// stands in. Only the first story's errors sit on their logged positions;
// the skipping line and a command written back unchanged are the same
// text wherever they sit.
func (r *repro) illEpisodes(ev *evidence, s *story, primary bool) {
	lines := r.im.Lines
	episodes := max(len(ev.ill), len(ev.skips))
	first := uint32(0)
	if primary {
		first = uint32(lines[ev.ill[0]].Values[0].Raw)
	}
	for k := 0; k < episodes; k++ {
		c, exact := cmdq.Cmd{0xff, 0}, false
		if k < len(ev.skips) {
			c, exact = lines[ev.skips[k]].cmd, true
		}
		if cmdq.Check(c) == nil {
			r.note(fmt.Sprintf("the skipped command %s is legal for the simulated SMMU; an unknown opcode (0xff) stands in for it", cmdq.Describe(c)))
			c, exact = cmdq.Cmd{0xff, 0}, false
		}
		s.steps = append(s.steps, fmt.Sprintf("# the illegal command: %s", cmdq.Describe(c)), fmt.Sprintf("cmd raw dw0=0x%x dw1=0x%x", c[0], c[1]), "run")
		s.gerror[1]++
		if k < len(ev.skips) {
			i := ev.skips[k]
			r.claim(i)
			for j := i + 1; j < len(lines) && j <= i+2 && lines[j].Kind == KindDword; j++ {
				if exact {
					r.claim(j)
				} else {
					r.gap(j, "the logged command is legal for the simulated SMMU: an unknown opcode stands in for it")
				}
			}
		}
		if k < len(ev.ill) {
			i := ev.ill[k]
			if primary && uint32(lines[i].Values[0].Raw)&s.mask == (first+uint32(k))&s.mask {
				r.claim(i)
			} else {
				r.gap(i, "reproduced in kind only: the scenario's illegal commands follow one another from the first one's position, not this one's")
			}
		}
	}
}

// abtEpisode: an external abort on the next command fetch, then an unmap
// to fetch. Only the first ABT line's position is reproduced, and one
// "retrying command fetch".
func (r *repro) abtEpisode(ev *evidence, s *story, primary bool) {
	s.steps = append(s.steps, "# an external abort on the next command fetch (CERROR_ABT), then an unmap to fetch", "fetch-abort", "unmap vm0 iova=0x0", "run")
	s.gerror[1]++
	for k, i := range ev.abt {
		if primary && k == 0 {
			r.claim(i)
		} else {
			r.gap(i, "reproduced in kind only: the scenario aborts one command fetch, at the first abort's position only when it is the log's first story")
		}
	}
	for k, i := range ev.retries {
		if k == 0 {
			r.claim(i)
		} else {
			r.gap(i, "the scenario aborts one command fetch")
		}
	}
}

// sfmEpisode: Service Failure Mode, last. With GERROR 0x101 and nothing
// else to start from, SFM arrives while a CMD_SYNC's ATC timeout is
// pending, as in sfm-timeout.
func (r *repro) sfmEpisode(ev *evidence, s *story, primary bool) {
	if !ev.sfmThenCmdq {
		s.policy = "series" // its handler stops after SFM: no CMDQ error line follows
	}
	if primary && ev.cmdqErrActive {
		s.smmu = append(s.smmu, "irq-latency=1ms")
		s.cfg = append(s.cfg, "broken ep0")
		s.steps = append(s.steps, "# the CMD_SYNC fails at 1 ms; Service Failure Mode comes before the slow (1 ms) IRQ is handled",
			"unmap vm0 iova=0x0", "at 1500us sfm", "run")
		s.gerror[0x101]++
	} else {
		s.steps = append(s.steps, "sfm", "run")
		s.gerror[0x100]++
	}
	for k, i := range ev.sfmLines {
		if k == 0 {
			r.claim(i)
		} else {
			r.gap(i, "the scenario enters Service Failure Mode once")
		}
	}
}

// claimGERRORs pairs the log's GERROR lines with the GERRORs the
// scenario raises, value by value.
func (r *repro) claimGERRORs(ev *evidence, s *story) {
	raised := maps.Clone(s.gerror)
	for _, i := range ev.gerrors {
		v := uint32(r.im.Lines[i].Values[0].Raw)
		switch {
		case s.gerror[v] > 0:
			s.gerror[v]--
			r.claim(i)
		case raised[v] > 0:
			r.gap(i, fmt.Sprintf("the scenario raises GERROR 0x%08x %d times, for the errors it reproduces; the log has more", v, raised[v]))
		default:
			r.gap(i, fmt.Sprintf("the scenario raises no GERROR 0x%08x (the model raises CMDQ_ERR for command errors, and SFM_ERR)", v))
		}
	}
}

func batchOf(qs int) int {
	if qs < 7 {
		return 1<<qs - 1
	}
	return 64
}

// validDevice: a device name the scenario language takes as one word.
func validDevice(d string) bool {
	if d == "" || len(d) > 64 {
		return false
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._:+-", c) >= 0) {
			return false
		}
	}
	return true
}

func (s *story) text(kinds []string) string {
	var b strings.Builder
	b.WriteString("title \"imported from dmesg: " + strings.Join(kinds, ", ") + "\"\n")
	b.WriteString("# Built by smmuplay's dmesg importer (lab/dmesg); comments say what each line reproduces.\n")
	b.WriteString("policy " + s.policy)
	for _, o := range s.polOpt {
		b.WriteString(" " + o)
	}
	fmt.Fprintf(&b, "\nsmmu qs=%d", s.qs)
	for _, o := range s.smmu {
		b.WriteString(" " + o)
	}
	b.WriteString("\n")
	if s.evtq != "" {
		b.WriteString(s.evtq + "\n")
	}
	if len(s.decl) > 0 {
		// Declaring a domain drops the implicit vm0: declare it first, so
		// ep0 and the stories' unmaps keep it.
		b.WriteString("domain vm0\n")
		for _, d := range s.decl {
			b.WriteString(d + "\n")
		}
	}
	b.WriteString(s.eps + "\n")
	for _, l := range [][]string{s.cfg, s.steps, s.expect} {
		for _, x := range l {
			b.WriteString(x + "\n")
		}
	}
	return b.String()
}
