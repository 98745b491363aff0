package sim

import "github.com/smmuplay/smmuplay/sim/cmdq"

// queuePageShift sets how many slots share one copy-on-write page (256
// slots, 4 KiB). A QS=19 queue is 8 MiB: checkpoints share unchanged pages
// instead of copying the whole ring.
const queuePageShift = 8

type queuePage struct {
	gen   uint32 // the queue generation that may write this page in place
	slots [1 << queuePageShift]cmdq.Cmd
}

// cmdQueue is the command queue memory: 2^QS slots of 128 bits.
type cmdQueue struct {
	pages []*queuePage // nil pages read as zero
	gen   uint32
	ctr   *uint32 // generation counter shared by every clone of one Sim
}

func newCmdQueue(qs uint) cmdQueue {
	n := (1 << qs) >> queuePageShift
	if n == 0 {
		n = 1
	}
	ctr := new(uint32)
	*ctr = 1
	return cmdQueue{pages: make([]*queuePage, n), gen: 1, ctr: ctr}
}

func (q *cmdQueue) read(idx uint32) cmdq.Cmd {
	p := q.pages[idx>>queuePageShift]
	if p == nil {
		return cmdq.Cmd{}
	}
	return p.slots[idx&(1<<queuePageShift-1)]
}

func (q *cmdQueue) write(idx uint32, c cmdq.Cmd) {
	pi := idx >> queuePageShift
	p := q.pages[pi]
	switch {
	case p == nil:
		p = &queuePage{gen: q.gen}
		q.pages[pi] = p
	case p.gen != q.gen:
		cp := *p
		cp.gen = q.gen
		p = &cp
		q.pages[pi] = p
	}
	p.slots[idx&(1<<queuePageShift-1)] = c
}

// clone returns a copy that shares every page; both sides copy a page
// before their next write to it.
func (q *cmdQueue) clone() cmdQueue {
	// Fresh generations for both sides: no shared page carries either, so
	// neither writes one in place.
	*q.ctr++
	c := cmdQueue{pages: append([]*queuePage(nil), q.pages...), gen: *q.ctr, ctr: q.ctr}
	*q.ctr++
	q.gen = *q.ctr
	return c
}
