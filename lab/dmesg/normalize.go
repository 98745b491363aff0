package dmesg

import (
	"strings"
)

// Input normalisation: what stands between a pasted log and the driver's
// messages. People paste logs quoted in mail ("> ", "  | "), from
// journalctl, `dmesg -T`, /dev/kmsg or a syslog file, with printk caller
// ids, CRLF line ends, terminal noise before a line, and lines their mail
// client wrapped. cleanLine removes what surrounds a message on one
// physical line; normalize rejoins wrapped lines when, and only when, the
// join makes a message the importer knows. Every message keeps the
// numbers of the physical lines it came from.
//
// All of this is hand-written string scanning, not regular expressions:
// a 100,000-line dmesg is mostly other drivers' lines, and each must cost
// next to nothing.

// message is one normalised line: the text of one kernel message and
// where it came from.
type message struct {
	first, last int    // 1-based physical line numbers (last > first after a join)
	ts          int64  // dmesg timestamp in ns, -1 when the line had none
	prefix      string // how the message was prefixed: prefixDriver, prefixShort, prefixPlatform or ""
	dev         string // the device name in the prefix, "" when none
	text        string // the message itself, without surrounding blanks
}

// The dev_printk prefixes an arm-smmu-v3 message can carry.
const (
	prefixDriver   = "arm-smmu-v3"  // "arm-smmu-v3 <device>: ", as the kernel prints it
	prefixShort    = "arm-smmu-v3:" // the driver name alone, as authors shorten it
	prefixPlatform = "platform"     // "platform <device>: ": the bus name, printed once the driver is unbound
)

// cleaned is one physical line after cleanLine.
type cleaned struct {
	text string // the line without quote markers and log-format prefixes
	ts   int64  // -1: no dmesg timestamp
}

// maxJoin is how many continuation lines a wrapped message may have: a
// 70-column wrap splits the longest message (a CMD_SYNC timeout behind a
// timestamp and a device name) into three lines.
const maxJoin = 3

// splitLines splits a paste into physical lines. A final newline ends the
// last line rather than starting an empty one, so the last line number is
// the file's real last line.
func splitLines(text string) []string {
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	if n := len(lines); n > 1 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	return lines
}

// normalize cleans every line and rejoins wrapped messages. Blank lines
// produce nothing; every other line is in exactly one message.
func normalize(lines []string) []message {
	cl := make([]cleaned, len(lines))
	for i, l := range lines {
		cl[i].text, cl[i].ts = cleanLine(l)
	}
	out := make([]message, 0, len(lines))
	for i := 0; i < len(cl); {
		c := cl[i]
		if c.text == "" {
			i++
			continue
		}
		m := message{first: i + 1, last: i + 1, ts: c.ts}
		m.prefix, m.dev, m.text = splitPrefix(c.text)
		if j, joined, ok := join(cl, i, m); ok {
			m.last = i + j + 1
			m.prefix, m.dev, m.text = splitPrefix(joined)
			out = append(out, m)
			i += j + 1
			continue
		}
		out = append(out, m)
		i++
	}
	return out
}

// join tries to complete the message starting at cl[i] with up to maxJoin
// continuation lines: lines with no timestamp and no prefix of their own
// that are not messages by themselves. It returns how many lines it took
// and the joined text when the join is a message the importer knows.
// Wrapping at a blank loses the blank, and a hard wrap splits a word: both
// joins (with a space, and without) are tried.
func join(cl []cleaned, i int, m message) (int, string, bool) {
	h := match(m.text)
	if !joinable(m, h) {
		return 0, "", false
	}
	acc := strings.TrimRight(cl[i].text, " \t")
	for j := 1; j <= maxJoin && i+j < len(cl); j++ {
		c := cl[i+j]
		if c.ts >= 0 || c.text == "" {
			break
		}
		p, _, t := splitPrefix(c.text)
		if p == prefixDriver || p == prefixShort || match(t).full {
			break // a message of its own
		}
		for _, sep := range [...]string{" ", ""} {
			cand := acc + sep + c.text
			if _, _, mt := splitPrefix(cand); match(mt).full {
				return j, cand, true
			}
		}
		acc += " " + strings.TrimRight(c.text, " \t")
	}
	return 0, "", false
}

// joinable: the message may continue on the next lines. A complete
// message only continues where a longer form exists: the pre-5.3
// "CMD_SYNC timeout" before its positions, a dword cut after its first
// digits.
func joinable(m message, h hit) bool {
	if h.full {
		return h.kind == KindSyncTimeout && h.old || h.kind == KindDword && h.short
	}
	return m.prefix == prefixDriver || m.prefix == prefixShort || m.prefix == prefixPlatform ||
		looksLikeMessage(m.text) || strings.Contains(m.text, "arm-smmu")
}

// cleanLine removes from one physical line the CR of a CRLF end, mail
// quote markers, and the prefixes of the common log formats, which may be
// stacked (a syslog file line holds a dmesg timestamp): syslog priority
// "<3>", /dev/kmsg "3,18245,912345678,-;", journalctl and syslog files
// ("Mar 14 03:12:55 host kernel: ", ISO dates), `dmesg -T`
// ("[Tue Jul  7 11:40:02 2026] "), `dmesg -x` ("kern  :err   : "), the
// dmesg timestamp "[  411.200000] " (also with its "[" cut off) and a
// printk caller id "[    C3] ". Terminal noise before a timestamp and an
// arm-smmu-v3 prefix ("ho [   78.63] platform arm-smmu-v3.0.auto: ...")
// is dropped too. It returns the rest, without leading blanks, and the
// timestamp in ns (-1: none).
func cleanLine(s string) (string, int64) {
	for len(s) > 0 && s[len(s)-1] == '\r' {
		s = s[:len(s)-1]
	}
	s = stripQuotes(s)
	ts := int64(-1)
	dated := false           // "host kernel:" is only looked for after a date or timestamp
	for k := 0; k < 8; k++ { // each pass removes one prefix; a line has a few at most
		s = trimBlank(s)
		if s == "" {
			return "", ts
		}
		if r, ok := syslogPriority(s); ok {
			s = r
			continue
		}
		if r, t, ok := kmsgRecord(s); ok {
			s, ts = r, t
			continue
		}
		if r, t, ok := dmesgTimestamp(s); ok {
			s, ts, dated = r, t, true
			continue
		}
		if r, ok := callerID(s); ok {
			s = r
			continue
		}
		if r, ok := wallClock(s); ok {
			s, dated = r, true
			continue
		}
		if r, ok := hostKernel(s); ok && dated {
			s, dated = r, false
			continue
		}
		if r, ok := facilityLevel(s); ok {
			s = r
			continue
		}
		break
	}
	if r, t, ok := embedded(s); ok {
		s = r
		if t >= 0 {
			ts = t
		}
	}
	return s, ts
}

// trimBlank drops leading spaces and tabs.
func trimBlank(s string) string { return strings.TrimLeft(s, " \t") }

// trimSpace drops surrounding spaces and tabs (and stray CRs).
func trimSpace(s string) string { return strings.Trim(s, " \t\r") }

// stripQuotes removes mail quote markers: any run of ">" and "|" with
// blanks around them, as "> ", ">> ", "> > " and "  | " leave them. A
// kernel message never starts with either.
func stripQuotes(s string) string {
	for {
		t := trimBlank(s)
		if t == "" || t[0] != '>' && t[0] != '|' {
			return s
		}
		s = t[1:]
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits returns the length of the run of decimal digits at the start of s.
func digits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// syslogPriority reads "<N>" (N of 1 to 3 digits).
func syslogPriority(s string) (string, bool) {
	if len(s) < 3 || s[0] != '<' {
		return "", false
	}
	n := digits(s[1:])
	if n < 1 || n > 3 || len(s) <= 1+n || s[1+n] != '>' {
		return "", false
	}
	return s[2+n:], true
}

// kmsgRecord reads a /dev/kmsg record header "PRI,SEQ,USEC,FLAGS[,...];"
// and returns the time it carries.
func kmsgRecord(s string) (string, int64, bool) {
	if !isDigit(s[0]) {
		return "", 0, false
	}
	semi := strings.IndexByte(s, ';')
	if semi < 0 || semi > 64 {
		return "", 0, false
	}
	f := strings.Split(s[:semi], ",")
	if len(f) < 4 {
		return "", 0, false
	}
	for _, x := range f[:3] {
		if x == "" || digits(x) != len(x) || len(x) > 19 {
			return "", 0, false
		}
	}
	return s[semi+1:], parseDec(f[2]) * 1000, true
}

// parseDec reads a string of decimal digits (already checked), saturating
// instead of overflowing.
func parseDec(s string) int64 {
	var v int64
	for i := 0; i < len(s); i++ {
		if v > (1<<62)/10 {
			return 1 << 62
		}
		v = v*10 + int64(s[i]-'0')
	}
	return v
}

// dmesgTimestamp reads "[ seconds.fraction]" and a blank after it; a line
// whose "[" was cut off ("11375.065672] ") counts too.
func dmesgTimestamp(s string) (string, int64, bool) {
	i := 0
	if s[0] == '[' {
		i = 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	n := digits(s[i:])
	if n == 0 || n > 10 || i+n >= len(s) || s[i+n] != '.' {
		return "", 0, false
	}
	sec := s[i : i+n]
	i += n + 1
	f := digits(s[i:])
	if f == 0 || f > 9 || i+f >= len(s) || s[i+f] != ']' {
		return "", 0, false
	}
	frac := s[i : i+f]
	i += f + 1
	ns := parseDec(sec)*1_000_000_000 + parseDec((frac + "000000000")[:9])
	return s[i:], ns, true
}

// callerID reads printk's caller id "[  T123]" or "[    C3]".
func callerID(s string) (string, bool) {
	if s[0] != '[' {
		return "", false
	}
	i := 1
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != 'T' && s[i] != 'C' {
		return "", false
	}
	n := digits(s[i+1:])
	if n == 0 || i+1+n >= len(s) || s[i+1+n] != ']' {
		return "", false
	}
	return s[i+2+n:], true
}

var (
	weekdays = [...]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	months   = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func oneOf3(s string, names []string) bool {
	if len(s) < 4 || s[3] != ' ' {
		return false
	}
	for _, n := range names {
		if s[:3] == n {
			return true
		}
	}
	return false
}

// wallClock reads a wall-clock prefix: `dmesg -T`'s "[Tue Jul  7
// 11:40:02 2026] ", a syslog/journalctl date "Mar 14 03:12:55[.123456] ",
// or an ISO 8601 date "2026-03-14T03:12:55[.frac][zone] ". What follows a
// syslog or journal date (the host and "kernel:") is hostKernel's.
func wallClock(s string) (string, bool) {
	switch {
	case s[0] == '[' && oneOf3(s[1:], weekdays[:]):
		end := strings.IndexByte(s, ']')
		if end < 0 || end > 40 || !strings.Contains(s[:end], ":") {
			return "", false
		}
		return s[end+1:], true
	case oneOf3(s, months[:]):
		// "Mar 14 03:12:55" or "Mar  4 03:12:55", then an optional fraction.
		r := trimBlank(s[4:])
		n := digits(r)
		if n < 1 || n > 2 || len(r) <= n || r[n] != ' ' {
			return "", false
		}
		r = r[n+1:]
		if len(r) < 8 || r[2] != ':' || r[5] != ':' {
			return "", false
		}
		end := strings.IndexByte(r, ' ')
		if end < 0 {
			return "", false
		}
		return r[end:], true
	case len(s) > 19 && digits(s) == 4 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == ' ') && s[13] == ':':
		rest := s[11:]
		end := strings.IndexByte(rest, ' ')
		if end < 0 {
			return "", false
		}
		return rest[end:], true
	}
	return "", false
}

// hostKernel reads the "host kernel: " (or "host kernel[0]: ") that
// syslog files and journalctl put after their date. Only "kernel" is
// accepted as the program, so an ordinary "word word: " is left alone.
func hostKernel(s string) (string, bool) {
	sp := strings.IndexByte(s, ' ')
	if sp <= 0 || sp > 64 {
		return "", false
	}
	r := s[sp+1:]
	if !strings.HasPrefix(r, "kernel") {
		return "", false
	}
	r = r[len("kernel"):]
	if strings.HasPrefix(r, "[") {
		e := strings.IndexByte(r, ']')
		if e < 0 || e > 12 {
			return "", false
		}
		r = r[e+1:]
	}
	if !strings.HasPrefix(r, ":") {
		return "", false
	}
	return r[1:], true
}

var (
	facilities = [...]string{"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"}
	levels     = [...]string{"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"}
)

// facilityLevel reads `dmesg -x`'s "kern  :err   : ".
func facilityLevel(s string) (string, bool) {
	c := strings.IndexByte(s, ':')
	if c <= 0 || c > 10 {
		return "", false
	}
	fac := strings.TrimRight(s[:c], " ")
	ok := false
	for _, f := range facilities {
		ok = ok || fac == f
	}
	if !ok {
		return "", false
	}
	r := s[c+1:]
	c = strings.IndexByte(r, ':')
	if c <= 0 || c > 10 {
		return "", false
	}
	lvl := strings.TrimRight(r[:c], " ")
	for _, l := range levels {
		if lvl == l {
			return r[c+1:], true
		}
	}
	return "", false
}

// embedded finds an arm-smmu-v3 prefix after noise (a shell echo, a cut
// timestamp): "ho [   78.635473] platform arm-smmu-v3.0.auto: CMD_SYNC…".
// Only a full "arm-smmu-v3 DEV: " prefix, or a "platform DEV: " prefix
// behind a timestamp, counts; the timestamp in front of it, if any, is
// returned.
func embedded(s string) (string, int64, bool) {
	if s == "" || strings.HasPrefix(s, "arm-smmu-v3") || strings.HasPrefix(s, "platform ") || looksLikeMessage(s) {
		return "", 0, false
	}
	for _, key := range [...]string{"arm-smmu-v3 ", "platform "} {
		at := strings.Index(s, key)
		if at <= 0 || s[at-1] != ' ' && s[at-1] != ']' {
			continue
		}
		p, dev, _ := splitPrefix(s[at:])
		if p == "" {
			continue
		}
		ts := int64(-1)
		before := strings.TrimRight(s[:at], " ")
		if strings.HasSuffix(before, "]") {
			if open := strings.LastIndexByte(before, '['); open >= 0 {
				if _, t, ok := dmesgTimestamp(before[open:] + " "); ok {
					ts = t
				}
			}
		}
		if p == prefixPlatform && (ts < 0 || !strings.Contains(dev, "smmu") && !strings.Contains(dev, "iommu")) {
			continue
		}
		return s[at:], ts, true
	}
	return "", 0, false
}

// splitPrefix splits a cleaned line into its dev_printk prefix, the
// device name and the message. A device name is one word ending in a
// colon: ACPI names ("arm-smmu-v3.0.auto"), DT names ("16000000.iommu").
func splitPrefix(s string) (prefix, dev, text string) {
	switch {
	case strings.HasPrefix(s, "arm-smmu-v3:"):
		return prefixShort, "", trimSpace(s[len("arm-smmu-v3:"):])
	case strings.HasPrefix(s, "arm-smmu-v3 "):
		if d, rest, ok := devWord(s[len("arm-smmu-v3 "):]); ok {
			return prefixDriver, d, trimSpace(rest)
		}
	case strings.HasPrefix(s, "platform "):
		if d, rest, ok := devWord(s[len("platform "):]); ok {
			return prefixPlatform, d, trimSpace(rest)
		}
	}
	return "", "", trimSpace(s)
}

// devWord reads "DEV:" followed by a blank or the end of the line.
func devWord(s string) (dev, rest string, ok bool) {
	w := s
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		w, rest = s[:i], s[i:]
	}
	if len(w) < 2 || w[len(w)-1] != ':' {
		return "", "", false
	}
	return w[:len(w)-1], rest, true
}
