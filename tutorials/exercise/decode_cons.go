package exercise

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim"
)

// decodeCons: read CMDQ_CONS as the log prints it. The value comes from
// a run that provokes the error on a queue of the variant's size and
// position.
type decodeCons struct{}

func (decodeCons) info() Info {
	return Info{ID: "decode-cons", Title: "Decode a CMDQ_CONS value",
		Summary: "A log line gives CONS; find the error code, the wrap bit and the index of the failing command."}
}

var cerrorNames = map[int64]string{0: "CERROR_NONE", 1: "CERROR_ILL", 2: "CERROR_ABT", 3: "CERROR_ATC_INV_SYNC"}

type consVariant struct {
	qs         int
	wrap, idx  uint32
	err        int64
	src        string
	cons       int64
	gotWrap    int64
	gotIdx     int64
	failingCmd string
	start      uint32 // queue position the run starts at (wrap bit and index)
	at         int64  // the event that raised the error
}

func (decodeCons) make(seed uint64) (consVariant, error) {
	r := rng("decode-cons", seed)
	v := consVariant{qs: 17 + r.IntN(3), err: int64(1 + r.IntN(3))}
	v.wrap = uint32(r.IntN(2))
	v.idx = uint32(r.IntN(1<<v.qs - 16))
	start := v.wrap<<v.qs | v.idx
	v.start = start
	head := fmt.Sprintf("smmu qs=%d cmdq-start=%#x\n", v.qs, start)
	switch v.err {
	case 1: // a size the SMMU rejects
		v.src = head + "policy baseline\nendpoint ep0 sids=0x100 dma=off\ncmd atc-inv sid=0x100 addr=0 size=60\ncmd sync\nrun\n"
		v.failingCmd = "the CMD_ATC_INV with Size 60 (more than 52 is illegal)"
	case 2: // an external abort on the fetch
		v.src = head + "policy baseline\nendpoint ep0 sids=0x100 dma=off\nfetch-abort\nunmap vm0 iova=0x3000\nrun\n"
		v.failingCmd = "the first command of the unmap, whose fetch aborted (RD does not move)"
	default: // a silent endpoint
		v.src = head + "policy baseline\nendpoint ep0 sids=0x100 dma=off\nbroken ep0\nunmap vm0 iova=0x3000\nrun\n"
		v.failingCmd = "the CMD_SYNC after the unmap's CMD_ATC_INV"
	}
	s, err := newSim("decode-cons", v.src)
	if err != nil {
		return v, err
	}
	if !s.RunWhile(func(s *sim.Sim) bool { return intMetric(s, "cons.err") == 0 }, maxEvents) {
		return v, fmt.Errorf("decode-cons seed %d: the run raised no command error", seed)
	}
	v.at = s.N()
	v.cons = intMetric(s, "cons")
	rd := intMetric(s, "cons.rd")
	v.gotWrap, v.gotIdx = rd>>v.qs&1, rd&(1<<v.qs-1)
	v.err = intMetric(s, "cons.err")
	return v, nil
}

func (d decodeCons) generate(seed uint64) (Variant, error) {
	v, err := d.make(seed)
	if err != nil {
		return Variant{}, err
	}
	return Variant{
		Title: "Decode a CMDQ_CONS value",
		Prompt: fmt.Sprintf("An SMMU whose command queue has 2^%d slots (CMDQ_BASE.LOG2SIZE = %d) stopped, and the driver printed:\n\n"+
			"    CMDQ error (cons 0x%08x): ...\n\nWhat does CONS say? Give the error code (ERR), the wrap bit and the queue index of the command the SMMU stopped at.",
			v.qs, v.qs, v.cons),
		Fields: []Field{
			{Name: "err", Label: "ERR (error code, or its CERROR_ name)", Kind: "text", Example: "3"},
			{Name: "wrap", Label: "wrap bit", Kind: "choice", Choices: []string{"0", "1"}},
			{Name: "index", Label: "queue index (hex or decimal)", Kind: "text", Example: "0x1f2a"},
		},
		Hint:      "CONS has three parts: ERR in bits [30:24], then RD in the low bits. With 2^QS slots, RD's bits [QS-1:0] are the index and bit QS is the wrap bit that flips each lap.",
		Objective: fmt.Sprintf("Split 0x%08x: (value >> 24) & 0x7f, then bit %d, then the low %d bits.", v.cons, v.qs, v.qs),
		Fragment:  fragmentAt(v.src, v.at, "reg:CMDQ_CONS"),
		Reveal:    true,
	}, nil
}

func parseNum(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	n, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		if n2, err2 := strconv.ParseInt(strings.TrimPrefix(s, "0x"), 16, 64); err2 == nil && strings.HasPrefix(s, "0x") {
			return n2, true
		}
		return 0, false
	}
	return n, true
}

func (d decodeCons) check(seed uint64, a map[string]string) (Result, error) {
	v, err := d.make(seed)
	if err != nil {
		return Result{}, err
	}
	f := map[string]FieldResult{}
	e := strings.TrimSpace(strings.ToUpper(a["err"]))
	n, isNum := parseNum(e)
	f["err"] = FieldResult{OK: (isNum && n == v.err) || e == cerrorNames[v.err]}
	if !f["err"].OK {
		msg := "ERR is bits [30:24] of CONS: shift right by 24 and keep 7 bits"
		switch {
		case e == "":
			msg = "give the error code: " + msg
		case isNum && n == v.cons:
			msg = "that is the whole of CONS; " + msg
		case !isNum && !strings.HasPrefix(e, "CERROR_"):
			msg = "a number, or a name such as CERROR_ILL; " + msg
		}
		f["err"] = FieldResult{Msg: msg}
	}
	w, okW := parseNum(a["wrap"])
	f["wrap"] = FieldResult{OK: okW && w == v.gotWrap}
	if !f["wrap"].OK {
		f["wrap"] = FieldResult{Msg: fmt.Sprintf("the wrap bit is bit %d of CONS (QS = %d), just above the index", v.qs, v.qs)}
	}
	i, ok := parseNum(a["index"])
	f["index"] = FieldResult{OK: ok && i == v.gotIdx}
	switch {
	case f["index"].OK:
	case !ok:
		f["index"] = FieldResult{Msg: "a number: hex with 0x, or decimal"}
	case i == v.gotWrap<<v.qs|v.gotIdx:
		f["index"] = FieldResult{Msg: "that is RD with its wrap bit; the index is the bits below it"}
	case i == int64(v.cons):
		f["index"] = FieldResult{Msg: fmt.Sprintf("that is the whole of CONS; the index is its low %d bits", v.qs)}
	default:
		msg := fmt.Sprintf("the index is the low %d bits of CONS (mask 0x%x)", v.qs, 1<<v.qs-1)
		if d, err := strconv.ParseInt(strings.TrimSpace(a["index"]), 16, 64); err == nil && d == v.gotIdx {
			msg = "that reads as decimal; write a hex index with 0x"
		}
		f["index"] = FieldResult{Msg: msg}
	}
	r := Result{Fields: f, Score: score(f)}
	r.Correct = r.Score == 1
	return r, nil
}

func (d decodeCons) key(seed uint64) (Key, error) {
	v, err := d.make(seed)
	if err != nil {
		return Key{}, err
	}
	return Key{
		Text: fmt.Sprintf("0x%08x: ERR = (0x%08x >> 24) & 0x7f = %d (%s). RD = 0x%x: bit %d (wrap) = %d and index 0x%x (%d), "+
			"the slot of %s.", v.cons, v.cons, v.err, cerrorNames[v.err], v.gotWrap<<v.qs|v.gotIdx, v.qs, v.gotWrap, v.gotIdx, v.gotIdx, v.failingCmd),
		Answer:   map[string]string{"err": strconv.FormatInt(v.err, 10), "wrap": strconv.FormatInt(v.gotWrap, 10), "index": fmt.Sprintf("0x%x", v.gotIdx)},
		Fragment: fragmentAt(v.src, v.at, "reg:CMDQ_CONS"),
	}, nil
}

// verify: the prompt's queue size is the scenario's, its log line is one
// the run printed, and the key's failing command is the one at RD.
func (d decodeCons) verify(seed uint64) error {
	v, err := d.make(seed)
	if err != nil {
		return err
	}
	s, err := runToEnd("decode-cons", v.src)
	if err != nil {
		return err
	}
	if qs := s.Scenario().SMMU.QS; qs != v.qs {
		return fmt.Errorf("the prompt says the queue has 2^%d slots, but the scenario's QS is %d", v.qs, qs)
	}
	line := fmt.Sprintf("CMDQ error (cons 0x%08x)", v.cons)
	if !strings.Contains(s.FormatLog(s.Log()), line) {
		return fmt.Errorf("the prompt quotes %q, but the run's kernel log has no such line", line)
	}
	rd := uint32(v.gotWrap<<v.qs | v.gotIdx)
	switch v.err {
	case 1, 2:
		if rd != v.start {
			return fmt.Errorf("the key says the SMMU stopped at %s, but RD 0x%x is not the first command written (0x%x)", v.failingCmd, rd, v.start)
		}
	default:
		sync, inv := false, false
		for n := int64(1); n <= s.N(); n++ {
			e := s.Event(n)
			sync = sync || e.Kind == sim.EvSyncWaiting && uint32(e.A) == rd
			inv = inv || e.Kind == sim.EvATCInvSent && uint32(e.A)+1 == rd
		}
		if !sync || !inv {
			return fmt.Errorf("the key says the SMMU stopped at %s, but RD 0x%x is not a CMD_SYNC right after a CMD_ATC_INV", v.failingCmd, rd)
		}
	}
	return nil
}
