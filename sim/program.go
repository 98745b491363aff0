package sim

import (
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// program is where the scenario's step lines stand.
type program struct {
	pc        int
	inj       int  // the next injected action (index into config.inj)
	running   bool // inside a run line
	runTarget Time
	runStartN int64

	// Choice points (choice.go): the options, nil without Options.Race,
	// and how many choice points the run has met.
	race   *raceConfig
	choice int
}

// maxIdleEvents bounds `run` without a target: a scenario that never goes
// idle (a device that keeps timing out forever) stops here.
const maxIdleEvents = 20_000_000

// step executes exactly one event and reports whether it did. It returns
// false when the program has ended and nothing is scheduled.
func (m *machine) step() bool {
	steps := m.cfg.steps
	if i := m.prog.inj; i < len(m.cfg.inj) && m.cfg.inj[i].after == m.n {
		// An injected action runs first, exactly where it was injected,
		// so re-simulation after GoTo retraces it.
		m.prog.inj++
		m.scriptStep(len(steps)+i, &m.cfg.inj[i].step)
		return true
	}
	for {
		if m.prog.pc < len(steps) {
			st := &steps[m.prog.pc]
			switch st.Kind {
			case scenario.StepRun:
				if !m.prog.running {
					m.startRun(st)
				}
				if m.runFinished(st) {
					m.prog.running = false
					m.prog.pc++
					continue
				}
			case scenario.StepShow:
				m.showStep(m.prog.pc)
				m.prog.pc++
				continue
			case scenario.StepExpect:
				m.expectStep(m.prog.pc)
				m.prog.pc++
				continue
			default:
				pc := m.prog.pc
				m.prog.pc++
				if st.HasAt {
					m.schedule(Time(st.At), actScript, -1, 0, uint64(pc))
					continue
				}
				m.scriptAction(pc)
				return true
			}
		}
		if m.ag.len() == 0 {
			return false
		}
		a := m.popNext()
		prev := m.now
		if a.at > m.now {
			m.now = a.at
		}
		m.out.set = false
		m.dispatch(a)
		if m.out.set {
			return true
		}
		// A stale action: nothing happened, so time did not move either.
		m.now = prev
	}
}

func (m *machine) startRun(st *scenario.Step) {
	p := &m.prog
	p.running = true
	p.runStartN = m.n
	switch {
	case st.HasUntil:
		p.runTarget = Time(st.Until)
	case st.HasFor:
		p.runTarget = m.now + Time(st.For)
	default:
		p.runTarget = -1
	}
}

// runFinished says whether the current run line is satisfied. A run to a
// time also moves the clock there when nothing happens before it.
func (m *machine) runFinished(st *scenario.Step) bool {
	p := &m.prog
	switch {
	case st.HasEvents:
		return m.n-p.runStartN >= st.Events || m.ag.len() == 0
	case p.runTarget >= 0:
		if m.ag.len() == 0 || m.ag.peek().at > p.runTarget {
			if m.now < p.runTarget {
				m.now = p.runTarget
			}
			return true
		}
		return false
	}
	if m.n-p.runStartN >= maxIdleEvents {
		m.violation(0, "run did not reach idle within the event bound")
		return true
	}
	return m.ag.len() == 0
}

// dispatch executes one scheduled action.
func (m *machine) dispatch(a action) {
	switch a.kind {
	case actConsume:
		m.consume()
	case actSyncCheck:
		if a.c != m.cons.checkGen {
			return
		}
		m.syncCheck()
	case actInvReqArrive:
		m.invReqArrive(a.a, uint8(a.b), a.c)
	case actInvCplArrive:
		m.invCplArrive(a.a, uint32(a.b), a.c)
	case actGerrorIRQ:
		m.gerrorIRQ()
	case actThread:
		m.threadRun(a.a, a.c)
	case actThreadTimeout:
		m.pollTimeout(a.a)
	case actWorkload:
		m.workloadTick(a.c)
	case actDMA:
		m.dmaIssue(a.a, 0, false, true)
	case actTransReq:
		m.transReq(a.a, a.c)
	case actTransCpl:
		m.transCpl(a.a, uint32(a.b), a.c)
	case actTranslated:
		m.translated(a.a, uint64(a.b), a.c)
	case actUntranslated:
		m.untranslated(a.a, a.c)
	case actWork:
		m.workStart(a.a)
	case actFLRDone:
		m.flrDone(a.a, a.b, a.c)
	case actScript:
		m.scriptAction(int(a.c))
	case actEvtqThread:
		m.evtqThread()
	case actDMARepeat:
		m.dmaIssue(a.a, a.c, a.b == 1, false)
	}
}
