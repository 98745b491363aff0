package dmesg

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/internal/shorten"
	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Options tune the import.
type Options struct {
	// QS is CMDQ_BASE.LOG2SIZE used to split RD into index and wrap bit,
	// 4..19; 0 means 19 (the simulator's default). A RD with bits set
	// above the wrap bit of this QS is an error.
	QS int
	// Strict rejects the whole input when a line is not one of the
	// driver's messages or is cut or malformed (all-or-nothing, for
	// scripts). By default other drivers' lines are skipped, a cut or
	// malformed arm-smmu-v3 line is a warning, and the rest imports.
	Strict bool
}

// Line is one imported message.
type Line struct {
	Num        int     `json:"line"`
	End        int     `json:"end"` // the last physical line: > Num when the message was wrapped
	Raw        string  `json:"raw"` // the physical lines as pasted (clipped)
	TimeNS     int64   `json:"time_ns"`
	Device     string  `json:"device"` // "" when the line had no device name
	Prefix     string  `json:"prefix"` // "arm-smmu-v3", "arm-smmu-v3:", "platform" or ""
	Kind       string  `json:"kind"`
	Text       string  `json:"text"` // the message after the prefixes
	Values     []Value `json:"values"`
	Explain    string  `json:"explain"`
	Reproduced bool    `json:"reproduced"` // the built scenario prints it, up to timestamp and device

	cmd  cmdq.Cmd // KindSkipping: the command its dwords spell
	form string   // KindSyncTimeout: "" (5.3+), formOld or formElided
}

// The forms of a CMD_SYNC timeout line besides the 5.3+ one.
const (
	formOld    = "old"    // "CMD_SYNC timeout", before Linux 5.3: no positions
	formElided = "elided" // the values after the position were cut from the paste
)

// Import is the result of Parse.
type Import struct {
	QS           int      `json:"qs"`
	Total        int      `json:"total"` // physical lines in the paste
	Lines        []Line   `json:"lines"`
	Events       []Event  `json:"events"`
	Skipped      []int    `json:"skipped"`       // lines that are not arm-smmu-v3 messages
	Warnings     []*Error `json:"warnings"`      // cut or malformed arm-smmu-v3 lines, and what was made of them
	MoreWarnings int      `json:"more_warnings"` // warnings beyond the first 100, counted only
	// Scenario reproduces the lines marked Reproduced; "" when none can be.
	Scenario     string   `json:"scenario"`
	Unreproduced []Gap    `json:"unreproduced"` // the other lines, and why
	Notes        []string `json:"notes"`        // how the scenario was chosen where the log leaves a choice
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

// maxLines bounds the input: a pasted log, not a disk image.
const maxLines = 100000

// maxRaw bounds Line.Raw: a message is short, whatever junk ran on.
const maxRaw = 512

// Parse imports text.
func Parse(text string, o Options) (*Import, error) {
	if o.QS == 0 {
		o.QS = scenario.MaxQS
	}
	if o.QS < 4 || o.QS > scenario.MaxQS {
		return nil, ErrorList{{Line: 1, Msg: fmt.Sprintf("queue size QS=%d: want 4..%d (a queue must hold a CMD_SYNC and 8 commands)", o.QS, scenario.MaxQS)}}
	}
	lines := splitLines(text)
	if len(lines) > maxLines {
		return nil, ErrorList{{Line: maxLines + 1, Msg: fmt.Sprintf("too many lines (at most %d)", maxLines)}}
	}
	p := &parser{o: o, lines: lines, im: &Import{QS: o.QS, Total: len(lines), Lines: []Line{}, Events: []Event{},
		Skipped: []int{}, Warnings: []*Error{}, Unreproduced: []Gap{}, Notes: []string{}}}
	for _, m := range normalize(lines) {
		p.message(m)
	}
	last := max(1, len(lines))
	p.closeBlock(last)
	if len(p.errs) == 0 && len(p.im.Lines) == 0 {
		// Nothing imported: what was wrong with the lines that looked like
		// the driver's is the answer.
		for _, w := range p.im.Warnings[:min(len(p.im.Warnings), maxErrors-1)] {
			p.fail(w.Line, w.Msg)
		}
		p.fail(last, fmt.Sprintf("no arm-smmu-v3 messages found in %s (%d skipped, %s)",
			plural(len(lines), "line"), len(p.im.Skipped), plural(len(p.im.Warnings)+p.im.MoreWarnings, "warning")))
		if p.rejected == 0 {
			p.rejected = last
		}
	}
	if len(p.errs) > 0 {
		if p.rejected > 0 && (p.o.Strict || len(p.im.Lines) == 0) {
			p.errs = append(p.errs, &Error{Line: p.rejected, Msg: expected})
		}
		return nil, p.errs
	}
	reproduce(p.im)
	return p.im, nil
}

type parser struct {
	im       *Import
	o        Options
	lines    []string
	errs     ErrorList
	rejected int // first line rejected for not being a message: the expected list goes there, once
	blk      block
}

// block is the open dword block: the two dwords after "skipping command
// in error state:" or the four of an event record. Other drivers' lines
// may come between its lines (interleaved consoles).
type block struct {
	kind string // KindSkipping or KindEvent; "" when none is open
	line int    // its header's index in im.Lines
	ev   int    // KindEvent: index in im.Events
	dev  string
	n    int // dwords read
}

// fail records an error that fails the import in every mode.
func (p *parser) fail(line int, msg string) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, &Error{Line: line, Msg: msg})
	}
}

// warn reports a problem with an arm-smmu-v3 line: a warning, or an
// error when strict.
func (p *parser) warn(line int, msg string) {
	if p.o.Strict {
		p.fail(line, msg)
		return
	}
	if len(p.im.Warnings) < maxWarnings {
		p.im.Warnings = append(p.im.Warnings, &Error{Line: line, Msg: msg})
	} else {
		p.im.MoreWarnings++
	}
}

// reject reports a line that is not a message the importer knows.
func (p *parser) reject(line int, msg string) {
	if p.rejected == 0 || line < p.rejected {
		p.rejected = line
	}
	p.warn(line, msg)
}

// skip passes over another driver's line (an error when strict).
func (p *parser) skip(m message) {
	if p.o.Strict {
		p.reject(m.first, "not an arm-smmu-v3 message: "+quote(m.text))
		return
	}
	for n := m.first; n <= m.last; n++ {
		p.im.Skipped = append(p.im.Skipped, n)
	}
}

// raw is the message's physical lines as pasted, for display.
func (p *parser) raw(m message) string {
	s := p.lines[m.first-1]
	if m.last > m.first {
		s = strings.Join(p.lines[m.first-1:m.last], "\n")
	}
	return shorten.To(s, maxRaw)
}

func hexVal(s string) uint64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	return v
}

// message imports one normalised message.
func (p *parser) message(m message) {
	h := match(m.text)
	if h.kind == "" && strings.HasPrefix(m.text, "[") {
		h = p.badTimestamp(&m)
	}
	ours := m.prefix == prefixDriver || m.prefix == prefixShort
	if h.kind == "" {
		switch {
		case ours && looksLikeMessage(m.text):
			p.reject(m.first, "a cut or malformed arm-smmu-v3 message: "+quote(m.text))
		case ours:
			p.reject(m.first, "an arm-smmu-v3 message the importer does not decode: "+quote(m.text))
		case m.prefix == "" && looksLikeMessage(m.text) && !strings.HasPrefix(m.text, "arm_smmu_"):
			p.reject(m.first, "a cut or malformed arm-smmu-v3 message: "+quote(m.text))
		case m.prefix == "" && strings.HasPrefix(m.text, "arm-smmu-v3 ") && !strings.ContainsAny(m.text[len("arm-smmu-v3 "):], " \t"):
			p.reject(m.first, "an arm-smmu-v3 line cut in its device name: "+quote(m.text))
		default:
			p.skip(m)
		}
		return
	}
	l := Line{Num: m.first, End: m.last, Raw: p.raw(m), TimeNS: m.ts, Device: m.dev, Prefix: m.prefix, Kind: h.kind, Text: m.text}
	if h.kind == KindDword {
		p.dword(&l, h)
		return
	}
	p.closeBlock(l.Num)
	if !p.decode(&l, h) {
		return
	}
	switch l.Kind {
	case KindSkipping:
		p.blk = block{kind: KindSkipping, line: len(p.im.Lines), dev: l.Device}
	case KindEvent:
		p.blk = block{kind: KindEvent, line: len(p.im.Lines), ev: len(p.im.Events), dev: l.Device}
		p.im.Events = append(p.im.Events, Event{Line: l.Num, Lines: []int{}, Dwords: []string{}, Device: l.Device, ID: uint8(hexVal(h.sub[1]))})
	}
	p.im.Lines = append(p.im.Lines, l)
}

// decode fills l from its match; false drops the line (its value is
// unusable, and the problem was reported).
func (p *parser) decode(l *Line, h hit) bool {
	t := l.Text
	switch l.Kind {
	case KindGERROR:
		v := uint32(hexVal(h.sub[1]))
		l.Values = []Value{gerrorValue("active", v)}
		l.Explain = explainGERROR(v)
		if !h.full {
			p.warn(l.Num, "the GERROR line is cut or altered after its value: "+quote(t))
		}
	case KindSFM:
		l.Explain = "GERROR.SFM_ERR: the SMMU entered Service Failure Mode; the driver disables it (CR0 = 0), so every later command submission fails."
	case KindMSIAbort:
		q := h.sub[1]
		l.Explain = fmt.Sprintf("GERROR.MSI_%s_ABT_ERR: the SMMU's MSI write for the %s got an abort; software polling that MSI may never see it.", q, q)
	case KindQueueAbort:
		q := h.sub[1]
		l.Explain = fmt.Sprintf("GERROR.%s_ABT_ERR: the SMMU could not write to the %s; records were lost.", map[string]string{"EVTQ": "EVENTQ", "PRIQ": "PRIQ"}[q], q)
	case KindCmdqError:
		cons := uint32(hexVal(h.sub[1]))
		if !p.position(l.Num, "CONS", cons) {
			return false
		}
		code := cmdq.ConsErr(cons)
		if !h.full {
			if len(h.sub) == 3 {
				p.warn(l.Num, fmt.Sprintf("CONS 0x%08x has ERR %d (%s, printed as %q) but the line says %q: decoded from CONS", cons, uint8(code), code, code.KernelString(), clip(h.sub[2])))
			} else {
				p.warn(l.Num, "the CMDQ error line is cut or altered after CONS: "+quote(t)+"; decoded from CONS")
			}
		}
		l.Values = []Value{consValue("CMDQ_CONS", cons, p.im.QS)}
		l.Explain = explainCmdqError(cons, p.im.QS)
	case KindRetryFetch:
		l.Explain = "CERROR_ABT: the driver leaves the queue alone; once GERRORN acknowledges the error the SMMU fetches the same command again."
	case KindSkipping:
		l.Explain = "CERROR_ILL: the driver prints the illegal command's two dwords (next lines) and overwrites its slot with a CMD_SYNC, so the queue moves on."
	case KindCmdqTimeout:
		l.Explain = "The issuer waited a poll budget (1 s) for space in the command queue and got none (the SMMU is not consuming, e.g. stopped on an error nobody acknowledged); it keeps trying."
	case KindSyncTimeout:
		return p.syncTimeout(l, h)
	case KindEvent:
		if !h.full {
			p.warn(l.Num, "the event line is cut or altered after its number: "+quote(t))
		}
	case KindEventFault:
		p.eventFault(l, h)
	case KindEventAccess:
		eventAccess(l, h)
	case KindEvtqOverflow:
		l.Explain = "The event queue was full when the SMMU had another record to write: it set the overflow flag and records were lost, so the events printed are a sample of what happened."
	case KindPriqOverflow:
		l.Explain = "The PRI queue was full when a device sent a page request: requests were lost."
	case KindSuppressed:
		l.Explain = fmt.Sprintf("The kernel's rate limit for %s dropped %s messages since it last printed: the log shows only some of them.", h.sub[1], h.sub[2])
		if h.sub[1] == "arm_smmu_evtq_thread" {
			l.Explain += " Here they are event records: many more faults happened than are listed."
		}
	}
	return true
}

// syncTimeout decodes the three forms of the CMD_SYNC timeout line.
func (p *parser) syncTimeout(l *Line, h hit) bool {
	switch {
	case h.old:
		l.form = formOld
		l.Explain = "Before Linux 5.3 the driver printed this without positions: an issuer polled its CMD_SYNC for the whole budget (1 s) and gave up. Which command held the queue, and whether CONS.ERR was set, the line does not say."
	case !h.full:
		at := uint32(hexVal(h.sub[1]))
		if !p.position(l.Num, "the position", at) {
			return false
		}
		l.form = formElided
		l.Values = []Value{posValue("position", at, p.im.QS)}
		l.Explain = fmt.Sprintf("An issuer polled its CMD_SYNC at 0x%x for the whole budget (1 s) and gave up. The hardware PROD and CONS that say why were cut from the paste, so whether the queue stopped on an error (CONS.ERR) or was merely slow cannot be told.", at)
		p.warn(l.Num, "the values after the CMD_SYNC position are missing (hwprod and hwcons were cut from the paste): "+quote(l.Text))
	default:
		at, prod, cons := uint32(hexVal(h.sub[1])), uint32(hexVal(h.sub[2])), uint32(hexVal(h.sub[3]))
		for _, c := range []struct {
			name string
			v    uint32
		}{{"the position", at}, {"hwprod", prod}, {"hwcons", cons}} {
			if !p.position(l.Num, c.name, c.v) {
				return false
			}
		}
		l.Values = []Value{posValue("position", at, p.im.QS), posValue("hwprod", prod, p.im.QS), consValue("hwcons", cons, p.im.QS)}
		l.Explain = explainSyncTimeout(at, prod, cons, p.im.QS, l.Prefix == prefixPlatform)
	}
	return true
}

// position checks a queue position: RES0 bits make the line a warning
// (it is not a value the hardware can print); a RD that does not fit QS
// fails the import (the chosen QS contradicts the log).
func (p *parser) position(num int, what string, v uint32) bool {
	cons := what == "CONS" || what == "hwcons"
	switch {
	case v&(1<<31) != 0 || v&0x00f00000 != 0:
		p.warn(num, fmt.Sprintf("%s 0x%08x has RES0 bits set (bit 31 and bits [23:20] always read as zero): not decoded", what, v))
		return false
	case !cons && v&0x7f000000 != 0:
		p.warn(num, fmt.Sprintf("%s 0x%08x has bits above bit 19 set (a queue position is at most 20 bits): not decoded", what, v))
		return false
	}
	if rd := v & 0xfffff; rd>>(p.im.QS+1) != 0 {
		p.fail(num, fmt.Sprintf("%s 0x%08x: RD 0x%x does not fit QS=%d (bits above the wrap bit %d read as zero); the queue has at least 2^%d entries",
			what, v, rd, p.im.QS, p.im.QS, minQS(rd)))
		return false
	}
	return true
}

// dword reads one dword line into the open block.
func (p *parser) dword(l *Line, h hit) {
	v := hexVal(h.sub[1] + h.sub[2]) // a dword pasted in two halves is one number
	b := &p.blk
	want := 0
	switch b.kind {
	case KindSkipping:
		want = 2
	case KindEvent:
		want = 4
	}
	if b.n >= want || b.dev != "" && l.Device != "" && b.dev != l.Device {
		p.warn(l.Num, "a dword "+quote(l.Text)+" outside an event record or a skipped command")
		return
	}
	hdr := &p.im.Lines[b.line]
	n := b.n
	b.n++
	hex := hex16(v)
	l.Values = []Value{{Name: "dw" + strconv.Itoa(n), Raw: v, Hex: hex}}
	if h.short {
		p.warn(l.Num, fmt.Sprintf("the dword %s has %d digits, not the kernel's 16: read as 0x%016x", quote(l.Text), len(h.sub[1]+h.sub[2]), v))
	}
	if b.kind == KindEvent {
		l.Kind = KindEventDword
		e := &p.im.Events[b.ev]
		e.dw[n] = v
		e.Lines = append(e.Lines, l.Num)
		e.Dwords = append(e.Dwords, hex)
		if n == 0 && uint8(v) != e.ID {
			p.warn(l.Num, fmt.Sprintf("dword 0 holds event number 0x%02x but the record's line %d says 0x%02x: decoded as 0x%02x", uint8(v), e.Line, e.ID, uint8(v)))
			e.ID = uint8(v)
		}
		l.Explain = "Dword " + strconv.Itoa(n) + " of the event record at line " + strconv.Itoa(e.Line) + " (" + eventDwords[n] + ")." + split(l, h)
		p.im.Lines = append(p.im.Lines, *l)
		return
	}
	hdr.cmd[n] = v
	if n == 0 {
		l.Explain = fmt.Sprintf("Dword 0 of the skipped command: opcode 0x%02x (%s).", uint8(v), cmdq.Opcode(uint8(v)))
	} else {
		c := hdr.cmd
		l.Explain = "Dword 1 of the skipped command, which decodes as " + cmdq.Describe(c) + "."
		if err := cmdq.Check(c); err != nil {
			l.Explain += " It is illegal: " + err.Error() + "."
		}
		hdr.Values = []Value{cmdValue(c)}
	}
	l.Explain += split(l, h)
	p.im.Lines = append(p.im.Lines, *l)
}

// closeBlock ends the open dword block; a block missing dwords is a
// warning (the rest was cut from the paste, or lost among other lines).
func (p *parser) closeBlock(num int) {
	b := p.blk
	p.blk = block{}
	if b.kind == KindEvent {
		// Decoded once, when all its dwords are in.
		e, hdr := &p.im.Events[b.ev], &p.im.Lines[b.line]
		e.decode(b.n)
		hdr.Values, hdr.Explain = []Value{e.value(b.n)}, e.Explain
	}
	switch {
	case b.kind == KindSkipping && b.n < 2:
		p.warn(num, fmt.Sprintf("the command after \"skipping command in error state:\" (line %d) needs two dword lines \"0x%%016x\", got %d",
			p.im.Lines[b.line].Num, b.n))
	case b.kind == KindEvent && b.n < 4:
		p.warn(num, fmt.Sprintf("the event record at line %d has %d of its 4 dwords", p.im.Lines[b.line].Num, b.n))
	}
}

// eventFault decodes the driver's own line about a translation or fetch
// fault and checks it against the record before it.
func (p *parser) eventFault(l *Line, h hit) {
	name, client, sid, ssid := h.sub[1], h.sub[2], hexVal(h.sub[3]), hexVal(h.sub[4])
	v := Value{Name: "decoded event", Raw: sid, Hex: fmt.Sprintf("sid %#x ssid %#x", sid, ssid), Fields: []Field{
		{Name: "event", Value: 0, Meaning: name},
		{Name: "client", Value: 0, Meaning: client + " (the device the StreamID belongs to)"},
		{Name: "sid", Value: sid, Meaning: "StreamID"},
		{Name: "ssid", Value: ssid, Meaning: "SubstreamID (PASID); 0 also when the transaction had none"},
	}}
	s := fmt.Sprintf("The driver's own decoding of the event record: %s from %s, StreamID 0x%x", name, client, sid)
	switch {
	case h.sub[5] != "":
		iova, ipa := hexVal(h.sub[5]), hexVal(h.sub[6])
		v.Fields = append(v.Fields, Field{Name: "iova", Value: iova, Meaning: "input address"}, Field{Name: "ipa", Value: ipa, Meaning: "intermediate physical address (stage 2 faults)"})
		s += fmt.Sprintf(", IOVA 0x%x.", iova)
	case h.sub[7] != "":
		fa := hexVal(h.sub[7])
		v.Fields = append(v.Fields, Field{Name: "fetch_addr", Value: fa, Meaning: "the address whose fetch failed"})
		s += fmt.Sprintf(", fetch address 0x%x.", fa)
	default:
		s += "."
	}
	if n := len(p.im.Events); n > 0 {
		e := p.im.Events[n-1]
		if e.Complete && (e.Device == "" || l.Device == "" || e.Device == l.Device) {
			if uint64(e.SID) == sid && (h.sub[5] == "" || hexVal(h.sub[5]) == e.dw[2]) {
				s += fmt.Sprintf(" It agrees with the record at line %d.", e.Line)
			} else {
				p.warn(l.Num, fmt.Sprintf("the decoded event (StreamID 0x%x) disagrees with the record at line %d (StreamID 0x%x, address 0x%x)", sid, e.Line, e.SID, e.dw[2]))
			}
		}
	}
	if tail := trimSpace(h.sub[8]); tail != "" {
		s += fmt.Sprintf(" The rest, %s, is another message run on: the kernel prints this line without a newline.", quote(tail))
	}
	l.Values = []Value{v}
	l.Explain = s
}

// eventAccess decodes the line about the faulting access.
func eventAccess(l *Line, h hit) {
	s := fmt.Sprintf("The access that faulted: %s, %s, %s, at stage %s; CLASS %q", map[string]string{"priv": "privileged", "unpriv": "unprivileged"}[h.sub[1]],
		map[string]string{"inst": "an instruction fetch", "data": "data"}[h.sub[2]], h.sub[3], strings.TrimPrefix(h.sub[4], "s"), h.sub[5])
	if h.sub[6] != "" {
		s += fmt.Sprintf(" (the table walk was a %s)", strings.TrimPrefix(trimSpace(h.sub[6]), "ttd_"))
	}
	if h.sub[7] != "" {
		s += "; the transaction is stalled until software resumes or terminates it"
	}
	s += fmt.Sprintf("; STAG %s.", h.sub[8])
	if tail := trimSpace(h.sub[9]); tail != "" {
		s += fmt.Sprintf(" The rest, %s, is another driver's message run on: the kernel prints this line without a newline.", quote(tail))
	}
	l.Explain = s
}

// badTimestamp reads a message behind a bracket that is not a dmesg
// timestamp ("[12.x] CMDQ timeout"): the message is imported without it,
// with a warning.
func (p *parser) badTimestamp(m *message) hit {
	e := strings.IndexByte(m.text, ']')
	if e < 0 || e > 40 {
		return hit{}
	}
	prefix, dev, text := splitPrefix(trimBlank(m.text[e+1:]))
	h := match(text)
	if !h.full {
		return hit{}
	}
	p.warn(m.first, fmt.Sprintf("malformed timestamp %s (expected \"[seconds.micros] \" as dmesg prints it, e.g. \"[ 1234.567890] \"): read without it", quote(m.text[:e+1])))
	m.prefix, m.dev, m.text = prefix, dev, text
	return h
}

// split notes a dword pasted in two halves (on one line or two).
func split(l *Line, h hit) string {
	if h.sub[2] == "" && l.End == l.Num {
		return ""
	}
	return " It was pasted in two halves, read here as one number."
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// eventDwords says what each dword of an event record holds.
var eventDwords = [4]string{"event number, SubstreamID and StreamID", "how the transaction was made: STAG, stall, access, stage and class",
	"the input address", "the IPA of a stage 2 fault, or the address of a failed fetch"}

// hex16 is fmt's "0x%016x", without fmt (a long log has many dwords).
func hex16(v uint64) string {
	h := strconv.FormatUint(v, 16)
	return "0x" + strings.Repeat("0", 16-len(h)) + h
}
