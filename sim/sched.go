package sim

// actKind names a scheduled action. Actions are plain values in a heap, so
// scheduling never allocates once the heap has grown.
type actKind uint8

const (
	actNone          actKind = iota
	actConsume               // SMMU consumer fetches and executes the command at CONS
	actSyncCheck             // a parked CMD_SYNC re-evaluates its outstanding ATC invalidations
	actInvReqArrive          // an ATS Invalidate Request reaches endpoint a (ITag b, record c)
	actInvCplArrive          // an ATS Invalidate Completion from endpoint a reaches the SMMU (ITag vector b; c: the request answered, CC<<56)
	actGerrorIRQ             // the GERROR interrupt is delivered to its CPU
	actGerrornEffect         // a GERRORN write takes effect in the SMMU (value c)
	actThread                // software thread a continues (wait generation c)
	actThreadTimeout         // thread a's poll budget ran out (wait generation c)
	actWorkload              // the workload's unmap number c is due
	actDMA                   // endpoint a's DMA engine issues a write
	actTransReq              // a Translation Request from endpoint a for page c reaches the SMMU
	actTransCpl              // a Translation Completion for page c (pa+1 in b, 0 = fault) reaches endpoint a
	actTranslated            // a Translated access from endpoint a to pa c (iova page b) reaches the SMMU
	actUntranslated          // an Untranslated access from endpoint a to iova page c reaches the SMMU
	actWork                  // the workqueue runs endpoint a's broken-device work item
	actFLRDone               // endpoint a's Function Level Reset finishes
	actScript                // a scenario `at T` action (step index c)
	actEvtqThread            // arm_smmu_evtq_thread runs (evtq.go)
	actDMARepeat             // a repeated `dma` line's next access: endpoint a, read b, IOVA page c (evtq.go)
)

// action is one unit of future work.
type action struct {
	at   Time
	seq  uint64 // FIFO among equal times: keeps the order deterministic
	kind actKind
	a, b int32
	c    uint64
}

func (x *action) before(y *action) bool {
	if x.at != y.at {
		return x.at < y.at
	}
	return x.seq < y.seq
}

// agenda is a 4-ary min-heap of actions: half the depth of a binary heap,
// so fewer 40-byte moves per push and pop (they dominate the step cost,
// more so under wasm).
type agenda struct {
	h   []action
	seq uint64
}

func (q *agenda) len() int { return len(q.h) }

func (q *agenda) push(a action) {
	q.seq++
	a.seq = q.seq
	q.h = append(q.h, a)
	h := q.h
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if !a.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = a
}

func (q *agenda) peek() *action { return &q.h[0] }

// pop removes and returns the earliest action.
func (q *agenda) pop() action { return q.removeAt(0) }

// removeAt removes and returns the action at heap index i (a choice point
// taking another alternative than the earliest).
func (q *agenda) removeAt(i int) action {
	h := q.h
	x := h[i]
	n := len(h) - 1
	last := h[n]
	q.h = h[:n]
	if i == n {
		return x
	}
	h = q.h
	// Put the last action at i and restore the heap property: up, then down.
	for i > 0 {
		p := (i - 1) >> 2
		if !last.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := min(c+4, n)
		for j := c + 1; j < end; j++ {
			if h[j].before(&h[m]) {
				m = j
			}
		}
		if !h[m].before(&last) {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = last
	return x
}

func (q *agenda) clone() agenda {
	return agenda{h: append([]action(nil), q.h...), seq: q.seq}
}
