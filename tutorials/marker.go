package tutorials

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// WhereKind says how a step marker names its point in the run.
type WhereKind uint8

// The ways a step can name its point in the run.
const (
	ByEvent     WhereKind = iota + 1 // event=N: after event N
	ByOffset                         // event=+N: N events after the previous step of the same scenario
	ByTime                           // time=T: after the last event at or before T
	ByCondition                      // when="METRIC OP VALUE": the first point, from the previous step on, where it holds
	AtEnd                            // end: where the scenario's program has finished
	ByNarration                      // on="TEXT": the first event after the previous step whose narration contains TEXT
)

// DefaultTolerance is how far before its time a time= step's event may
// be when the marker states no tol=: 1% of the time, at least 1 µs. A
// step stands after an event, and the run may have none for a long while
// (a CMD_SYNC waiting for a timeout makes no events): "half a millisecond
// later" must not print the time of an event a few microseconds in.
func DefaultTolerance(t int64) int64 { return max(t/100, 1000) }

// Marker is a parsed `@step` line.
type Marker struct {
	Where    WhereKind
	Event    int64  // ByEvent, ByOffset
	Time     int64  // ByTime, in ns
	Tol      int64  // ByTime: how far before Time the step's event may be, in ns; -1 = DefaultTolerance
	When     string // ByCondition: a claim in the scenario language's expect syntax
	On       string // ByNarration: text of the event's one-sentence narration
	Scenario string // scenario block id; "" = the nearest block above
	Select   []string
}

// Limits that keep a hostile page small and a fuzzer honest.
const (
	maxMarkerLen = 1024
	maxTargets   = 8
	maxEventNum  = play.MaxN
)

// ParseMarker parses the words after `@step`, for example
// `when="cons.err == 3" select=reg:CMDQ_CONS`. Errors say what was wrong;
// the caller adds file and line.
func ParseMarker(s string) (Marker, error) {
	m := Marker{Tol: -1}
	if len(s) > maxMarkerLen {
		return m, fmt.Errorf("step marker is %d bytes long; at most %d", len(s), maxMarkerLen)
	}
	words, err := splitWords(s)
	if err != nil {
		return m, err
	}
	seen := map[string]bool{}
	for _, w := range words {
		key, val, isKV := strings.Cut(w.text, "=")
		if w.quotedVal && !isKV {
			return m, fmt.Errorf("a quoted value must follow key=, as in when=\"cons.err == 3\"")
		}
		if !isKV {
			key = w.text
		}
		if seen[key] {
			return m, fmt.Errorf("%q is given twice", key)
		}
		seen[key] = true
		switch key {
		case "end":
			if isKV {
				return m, fmt.Errorf("end takes no value")
			}
			if err := m.setWhere(AtEnd); err != nil {
				return m, err
			}
		case "event":
			kind := ByEvent
			num := val
			if rest, ok := strings.CutPrefix(val, "+"); ok {
				kind, num = ByOffset, rest
			}
			n, err := strconv.ParseInt(num, 10, 64)
			if err != nil || n < 0 || n > maxEventNum || (kind == ByOffset && n == 0) || w.quotedVal {
				return m, fmt.Errorf("event=%s: want an event number (0..%d) or +N (N ≥ 1) for N events after the previous step", val, maxEventNum)
			}
			if err := m.setWhere(kind); err != nil {
				return m, err
			}
			m.Event = n
		case "time":
			t, err := parseDuration(val)
			if err != nil || w.quotedVal {
				return m, fmt.Errorf("time=%s: want a duration such as 1ms, 20us or 1.5ms", val)
			}
			if err := m.setWhere(ByTime); err != nil {
				return m, err
			}
			m.Time = t
		case "tol":
			t, err := parseDuration(val)
			if err != nil || w.quotedVal {
				return m, fmt.Errorf("tol=%s: want a duration such as 10us or 1ms", val)
			}
			m.Tol = t
		case "when":
			if strings.TrimSpace(val) == "" {
				return m, fmt.Errorf("when= needs a condition, e.g. when=\"cons.err == 3\"")
			}
			if err := m.setWhere(ByCondition); err != nil {
				return m, err
			}
			m.When = strings.TrimSpace(val)
		case "on":
			if strings.TrimSpace(val) == "" {
				return m, fmt.Errorf("on= needs text from the event's narration, e.g. on=\"returned -EIO\"")
			}
			if err := m.setWhere(ByNarration); err != nil {
				return m, err
			}
			m.On = val
		case "scenario":
			if !validID(val) {
				return m, fmt.Errorf("scenario=%s: want the id of a scenario block (letters, digits, '-')", val)
			}
			m.Scenario = val
		case "select":
			if val == "" {
				return m, fmt.Errorf("select= needs a target, e.g. select=ep5 or select=reg:CMDQ_CONS")
			}
			for _, t := range strings.Split(val, ",") {
				if _, err := play.ParseTarget(t); err != nil {
					return m, fmt.Errorf("select: %v", err)
				}
				m.Select = append(m.Select, t)
			}
			if len(m.Select) > maxTargets {
				return m, fmt.Errorf("select: %d targets; at most %d", len(m.Select), maxTargets)
			}
		default:
			return m, fmt.Errorf("unknown word %q (expected event=, time=, tol=, when=, on=, end, scenario= or select=)", w.text)
		}
	}
	if m.Where == 0 {
		return m, fmt.Errorf("say where the step stands: event=N, event=+N, time=T, when=\"METRIC OP VALUE\", on=\"TEXT\" or end")
	}
	if m.Tol >= 0 && m.Where != ByTime {
		return m, fmt.Errorf("tol= only goes with time=")
	}
	return m, nil
}

func (m *Marker) setWhere(k WhereKind) error {
	if m.Where != 0 {
		return fmt.Errorf("give only one of event=, time=, when=, on= and end")
	}
	m.Where = k
	return nil
}

type markerWord struct {
	text      string // key=value with the value unquoted
	quotedVal bool
}

// splitWords splits on spaces; a value may be a "quoted string" with \"
// and \\ escapes, as in the scenario language.
func splitWords(s string) ([]markerWord, error) {
	var out []markerWord
	i := 0
	for i < len(s) {
		if s[i] == ' ' || s[i] == '\t' {
			i++
			continue
		}
		var b strings.Builder
		quoted := false
		for i < len(s) && s[i] != ' ' && s[i] != '\t' {
			if s[i] != '"' {
				b.WriteByte(s[i])
				i++
				continue
			}
			if quoted || !strings.HasSuffix(b.String(), "=") {
				return nil, fmt.Errorf("unexpected quote in %q (quote a whole value: key=\"...\")", b.String()+`"`)
			}
			quoted = true
			i++
			closed := false
			for i < len(s) {
				c := s[i]
				if c == '"' {
					closed = true
					i++
					break
				}
				if c == '\\' {
					if i+1 >= len(s) || (s[i+1] != '"' && s[i+1] != '\\') {
						return nil, fmt.Errorf("unknown escape in a quoted value (expected \\\" or \\\\)")
					}
					b.WriteByte(s[i+1])
					i += 2
					continue
				}
				b.WriteByte(c)
				i++
			}
			if !closed {
				return nil, fmt.Errorf("unterminated quoted value (expected a closing \")")
			}
			if i < len(s) && s[i] != ' ' && s[i] != '\t' {
				return nil, fmt.Errorf("unexpected text after a closing quote (expected a space)")
			}
		}
		out = append(out, markerWord{text: b.String(), quotedVal: quoted})
	}
	return out, nil
}

// parseDuration reads the scenario language's durations with its own
// parser (scenario.ParseDuration), so a marker's time= means what a
// scenario's at means.
func parseDuration(s string) (int64, error) {
	d, err := scenario.ParseDuration(s)
	return int64(d), err
}

// validID accepts scenario block ids: 1-40 of [a-z0-9-], starting with a letter.
func validID(s string) bool {
	if s == "" || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ValueRef is a parsed `{{[scenario:]name[|format]}}`.
type ValueRef struct {
	Scenario string // "" = the step's or nearest scenario
	Name     string // a metric of the scenario language, or lastlog / narration
	Format   string // "" | hex | dur
}

// Pseudo-metrics a value reference may print besides the scenario
// language's metrics.
var pseudoMetrics = []string{"lastlog", "narration"}

// ParseValueRef parses the text between {{ and }}.
func ParseValueRef(s string) (ValueRef, error) {
	var v ValueRef
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		return v, fmt.Errorf("value reference too long")
	}
	if id, rest, ok := strings.Cut(s, ":"); ok {
		if !validID(id) {
			return v, fmt.Errorf("{{%s}}: %q is not a scenario block id", s, id)
		}
		v.Scenario, s = id, rest
	}
	name, format, _ := strings.Cut(s, "|")
	v.Name, v.Format = strings.TrimSpace(name), strings.TrimSpace(format)
	switch v.Format {
	case "", "hex", "dur":
	default:
		return v, fmt.Errorf("{{%s}}: unknown format %q (expected hex or dur)", s, v.Format)
	}
	if v.Name == "" {
		return v, fmt.Errorf("{{%s}}: no metric named", s)
	}
	return v, nil
}
