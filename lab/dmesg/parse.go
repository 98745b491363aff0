package dmesg

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Kinds of lines, named after what the driver reports.
const (
	KindGERROR      = "gerror"       // unexpected global error reported (0x%08x), this could be serious
	KindSFM         = "sfm"          // device has entered Service Failure Mode!
	KindMSIAbort    = "msi-abort"    // CMDQ|EVTQ|PRIQ|GERROR MSI write aborted
	KindQueueAbort  = "queue-abort"  // EVTQ|PRIQ write aborted -- events may have been lost
	KindCmdqError   = "cmdq-error"   // CMDQ error (cons 0x%08x): <reason>
	KindRetryFetch  = "retry-fetch"  // retrying command fetch
	KindSkipping    = "skipping"     // skipping command in error state:
	KindDword       = "dword"        // \t0x%016llx (one of the two dwords after skipping)
	KindCmdqTimeout = "cmdq-timeout" // CMDQ timeout
	KindSyncTimeout = "sync-timeout" // CMD_SYNC timeout at 0x%08x [hwprod 0x%08x, hwcons 0x%08x]
)

// Options tune the import.
type Options struct {
	// QS is CMDQ_BASE.LOG2SIZE used to split RD into index and wrap bit,
	// 4..19; 0 means 19 (the simulator's default). A RD with bits set
	// above the wrap bit of this QS is an error.
	QS int
	// Lenient skips lines that are not arm-smmu-v3 messages instead of
	// rejecting the input.
	Lenient bool
}

// Line is one imported message.
type Line struct {
	Num     int     `json:"line"`
	Raw     string  `json:"raw"`
	TimeNS  int64   `json:"time_ns"` // -1 when the line had no timestamp
	Device  string  `json:"device"`  // "" when the line had no dev prefix
	Kind    string  `json:"kind"`
	Text    string  `json:"text"` // the message after the prefixes
	Values  []Value `json:"values"`
	Explain string  `json:"explain"`

	cmd cmdq.Cmd // KindDword: the command being assembled
}

// Import is the result of Parse.
type Import struct {
	QS       int      `json:"qs"`
	Lines    []Line   `json:"lines"`
	Skipped  []int    `json:"skipped"` // line numbers skipped (Lenient)
	Scenario string   `json:"scenario"`
	Notes    []string `json:"notes"` // what the scenario cannot reproduce, and why
}

// Kinds returns the kinds of the imported lines in order of first appearance.
func (im *Import) Kinds() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range im.Lines {
		if !seen[l.Kind] {
			seen[l.Kind] = true
			out = append(out, l.Kind)
		}
	}
	return out
}

// The patterns compile on first use, not at package init: the page's
// wasm links this package, and every init delays its first frame.
var res = sync.OnceValue(func() *patterns {
	return &patterns{
		timestamp: regexp.MustCompile(`^\[\s*(\d{1,10})\.(\d{1,9})\]\s?`),
		prefix:    regexp.MustCompile(`^arm-smmu-v3 ([^\s:]+(?::[^\s:]+)*): `),
		gerror:    regexp.MustCompile(`^unexpected global error reported \(0x([0-9a-fA-F]{1,8})\), this could be serious$`),
		msiAbort:  regexp.MustCompile(`^(CMDQ|EVTQ|PRIQ|GERROR) MSI write aborted$`),
		qAbort:    regexp.MustCompile(`^(EVTQ|PRIQ) write aborted -- events may have been lost$`),
		cmdqError: regexp.MustCompile(`^CMDQ error \(cons 0x([0-9a-fA-F]{1,8})\): (.*)$`),
		dword:     regexp.MustCompile(`^0x([0-9a-fA-F]{1,16})$`),
		sync:      regexp.MustCompile(`^CMD_SYNC timeout at 0x([0-9a-fA-F]{1,8}) \[hwprod 0x([0-9a-fA-F]{1,8}), hwcons 0x([0-9a-fA-F]{1,8})\]$`),
		syslog:    regexp.MustCompile(`^<\d{1,3}>`),
	}
})

type patterns struct {
	timestamp, prefix, gerror, msiAbort, qAbort, cmdqError, dword, sync, syslog *regexp.Regexp
}

// expected lists the messages Parse understands, for error messages.
const expected = `one of the arm-smmu-v3 messages "unexpected global error reported (0x…), this could be serious", ` +
	`"CMDQ error (cons 0x…): …", "CMD_SYNC timeout at 0x… [hwprod 0x…, hwcons 0x…]", "CMDQ timeout", ` +
	`"device has entered Service Failure Mode!", "retrying command fetch", "skipping command in error state:" ` +
	`and its two "0x…" dwords, "… MSI write aborted", "… write aborted -- events may have been lost"`

// maxLines bounds the input: a pasted log, not a disk image.
const maxLines = 100000

// Parse imports text.
func Parse(text string, o Options) (*Import, error) {
	if o.QS == 0 {
		o.QS = scenario.MaxQS
	}
	if o.QS < 4 || o.QS > scenario.MaxQS {
		return nil, ErrorList{{Line: 1, Msg: fmt.Sprintf("queue size QS=%d: want 4..%d (a queue must hold a CMD_SYNC and 8 commands)", o.QS, scenario.MaxQS)}}
	}
	p := &parser{im: &Import{QS: o.QS, Skipped: []int{}, Notes: []string{}}, o: o, skip: -1}
	lines := strings.Split(text, "\n")
	if len(lines) > maxLines {
		return nil, ErrorList{{Line: maxLines + 1, Msg: fmt.Sprintf("too many lines (at most %d)", maxLines)}}
	}
	for i, raw := range lines {
		p.line(i+1, strings.TrimRight(raw, "\r"))
		if len(p.errs) >= maxErrors {
			break
		}
	}
	p.endSkip(len(lines) + 1)
	if len(p.errs) == 0 && len(p.im.Lines) == 0 {
		p.errf(max(1, len(lines)), "no arm-smmu-v3 messages found (expected %s)", expected)
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	p.im.Scenario = buildScenario(p.im)
	return p.im, nil
}

type parser struct {
	im   *Import
	o    Options
	errs ErrorList
	// skip is the index of the open "skipping command" line, -1 when none;
	// dwords counts the dwords read after it.
	skip   int
	dwords int
}

func (p *parser) errf(line int, format string, args ...any) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, &Error{Line: line, Msg: fmt.Sprintf(format, args...)})
	}
}

func (p *parser) line(num int, raw string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return
	}
	l := Line{Num: num, Raw: raw, TimeNS: -1}
	s = res().syslog.ReplaceAllString(s, "")
	if strings.HasPrefix(s, "[") {
		m := res().timestamp.FindStringSubmatch(s)
		if m == nil {
			p.reject(num, "malformed timestamp (expected \"[seconds.micros] \" as dmesg prints it, e.g. \"[ 1234.567890] \")")
			return
		}
		sec, _ := strconv.ParseInt(m[1], 10, 64)
		frac := (m[2] + "000000000")[:9]
		ns, _ := strconv.ParseInt(frac, 10, 64)
		l.TimeNS = sec*1_000_000_000 + ns
		s = s[len(m[0]):]
	}
	hadPrefix := false
	if m := res().prefix.FindStringSubmatch(s); m != nil {
		l.Device, hadPrefix = m[1], true
		s = s[len(m[0]):]
	}
	// The dword lines start with a tab, which pasting often turns into
	// spaces: the message is compared without surrounding blanks.
	l.Text = strings.TrimSpace(s)
	if !p.message(&l) {
		if hadPrefix {
			p.reject(num, fmt.Sprintf("unrecognised arm-smmu-v3 message %q (expected %s)", clip(l.Text), expected))
		} else {
			p.reject(num, fmt.Sprintf("not an arm-smmu-v3 message: %q (expected %s)", clip(l.Text), expected))
		}
		return
	}
}

// reject reports a line, or skips it when lenient.
func (p *parser) reject(num int, msg string) {
	if p.o.Lenient {
		p.im.Skipped = append(p.im.Skipped, num)
		return
	}
	p.errf(num, "%s", msg)
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

func hexVal(s string) uint64 {
	v, _ := strconv.ParseUint(s, 16, 64)
	return v
}

// message recognises l.Text, decodes it and appends it.
func (p *parser) message(l *Line) bool {
	t := l.Text
	if m := res().dword.FindStringSubmatch(t); m != nil {
		return p.dword(l, hexVal(m[1]))
	}
	p.endSkip(l.Num)
	switch {
	case res().gerror.MatchString(t):
		v := uint32(hexVal(res().gerror.FindStringSubmatch(t)[1]))
		l.Kind = KindGERROR
		l.Values = []Value{gerrorValue("active", v)}
		l.Explain = explainGERROR(v)
	case t == "device has entered Service Failure Mode!":
		l.Kind = KindSFM
		l.Explain = "GERROR.SFM_ERR: the SMMU entered Service Failure Mode; the driver disables it (CR0 = 0), so every later command submission fails."
	case res().msiAbort.MatchString(t):
		q := res().msiAbort.FindStringSubmatch(t)[1]
		l.Kind = KindMSIAbort
		l.Explain = fmt.Sprintf("GERROR.MSI_%s_ABT_ERR: the SMMU's MSI write for the %s got an abort; software polling that MSI may never see it.", q, q)
	case res().qAbort.MatchString(t):
		q := res().qAbort.FindStringSubmatch(t)[1]
		l.Kind = KindQueueAbort
		l.Explain = fmt.Sprintf("GERROR.%s_ABT_ERR: the SMMU could not write to the %s; records were lost.", map[string]string{"EVTQ": "EVENTQ", "PRIQ": "PRIQ"}[q], q)
	case res().cmdqError.MatchString(t):
		m := res().cmdqError.FindStringSubmatch(t)
		cons := uint32(hexVal(m[1]))
		code := cmdq.ConsErr(cons)
		if m[2] != code.KernelString() {
			p.errf(l.Num, "CONS 0x%08x has ERR %d (%s, printed as %q) but the line says %q", cons, uint8(code), code, code.KernelString(), m[2])
			return true
		}
		if err := p.checkRD(l.Num, "CONS", cons); err != "" {
			p.errf(l.Num, "%s", err)
			return true
		}
		l.Kind = KindCmdqError
		l.Values = []Value{consValue("CMDQ_CONS", cons, p.im.QS)}
		l.Explain = explainCmdqError(cons, p.im.QS)
	case t == "retrying command fetch":
		l.Kind = KindRetryFetch
		l.Explain = "CERROR_ABT: the driver leaves the queue alone; once GERRORN acknowledges the error the SMMU fetches the same command again."
	case t == "skipping command in error state:":
		l.Kind = KindSkipping
		l.Explain = "CERROR_ILL: the driver prints the illegal command's two dwords (next lines) and overwrites its slot with a CMD_SYNC, so the queue moves on."
		p.skip, p.dwords = len(p.im.Lines), 0
	case t == "CMDQ timeout":
		l.Kind = KindCmdqTimeout
		l.Explain = "The issuer waited a poll budget (1 s) for space in the command queue and got none (the SMMU is not consuming, e.g. stopped on an error nobody acknowledged); it keeps trying."
	case res().sync.MatchString(t):
		m := res().sync.FindStringSubmatch(t)
		at, prod, cons := uint32(hexVal(m[1])), uint32(hexVal(m[2])), uint32(hexVal(m[3]))
		for _, c := range []struct {
			name string
			v    uint32
		}{{"the position", at}, {"hwprod", prod}, {"hwcons", cons}} {
			if err := p.checkRD(l.Num, c.name, c.v); err != "" {
				p.errf(l.Num, "%s", err)
				return true
			}
		}
		l.Kind = KindSyncTimeout
		l.Values = []Value{posValue("position", at, p.im.QS), posValue("hwprod", prod, p.im.QS), consValue("hwcons", cons, p.im.QS)}
		l.Explain = explainSyncTimeout(at, prod, cons, p.im.QS)
	default:
		return false
	}
	p.im.Lines = append(p.im.Lines, *l)
	return true
}

// checkRD rejects a position with bits set between the wrap bit of QS
// and bit 19 (they read as zero), or in CONS's RES0 bits.
func (p *parser) checkRD(num int, what string, v uint32) string {
	if v&(1<<31) != 0 || v&0x00f00000 != 0 {
		return fmt.Sprintf("%s 0x%08x has RES0 bits set (bit 31 and bits [23:20] always read as zero)", what, v)
	}
	if what != "CONS" && what != "hwcons" && v&0x7f000000 != 0 {
		return fmt.Sprintf("%s 0x%08x has bits above bit 19 set (a queue position is at most 20 bits)", what, v)
	}
	rd := v & 0xfffff
	if rd>>(p.im.QS+1) != 0 {
		return fmt.Sprintf("%s 0x%08x: RD 0x%x does not fit QS=%d (bits above the wrap bit %d read as zero); the queue has at least 2^%d entries",
			what, v, rd, p.im.QS, p.im.QS, minQS(rd))
	}
	return ""
}

// dword reads one of the two dwords after "skipping command in error state:".
func (p *parser) dword(l *Line, v uint64) bool {
	if p.skip < 0 || p.dwords >= 2 {
		p.errf(l.Num, "a command dword %q outside a \"skipping command in error state:\" block (expected %s)", l.Text, expected)
		return true
	}
	sk := &p.im.Lines[p.skip]
	sk.cmd[p.dwords] = v
	p.dwords++
	l.Kind = KindDword
	l.Values = []Value{{Name: fmt.Sprintf("dw%d", p.dwords-1), Raw: v, Hex: fmt.Sprintf("0x%016x", v)}}
	if p.dwords == 1 {
		l.Explain = fmt.Sprintf("Dword 0 of the skipped command: opcode 0x%02x (%s).", uint8(v), cmdq.Opcode(uint8(v)))
	} else {
		c := sk.cmd
		l.Explain = "Dword 1 of the skipped command, which decodes as " + cmdq.Describe(c) + "."
		if err := cmdq.Check(c); err != nil {
			l.Explain += " It is illegal: " + err.Error() + "."
		}
		sk.Values = []Value{cmdValue(c)}
	}
	p.im.Lines = append(p.im.Lines, *l)
	return true
}

// endSkip checks that an open skipping block got both dwords.
func (p *parser) endSkip(num int) {
	if p.skip >= 0 && p.dwords < 2 {
		p.errf(num, "the command after \"skipping command in error state:\" (line %d) needs two dword lines \"0x%%016x\", got %d",
			p.im.Lines[p.skip].Num, p.dwords)
	}
	p.skip = -1
}
