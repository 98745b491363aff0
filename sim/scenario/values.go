package scenario

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

const notInt = "is not an integer (expected decimal like 42 or hex like 0x2a)"

// parseUint parses a decimal or 0x hex integer. On failure it returns the
// reason, to follow the word in a message.
func parseUint(s string) (uint64, string) {
	digits, base := s, uint64(10)
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		digits, base = s[2:], 16
	}
	if digits == "" {
		return 0, notInt
	}
	var v uint64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		var d uint64
		switch {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, notInt
		}
		if v > (math.MaxUint64-d)/base {
			return 0, "is too large (at most 64 bits)"
		}
		v = v*base + d
	}
	return v, ""
}

// parseInt parses an optionally negative integer (expect values).
func parseInt(s string) (int64, string) {
	neg := strings.HasPrefix(s, "-")
	u, why := parseUint(strings.TrimPrefix(s, "-"))
	if why != "" {
		return 0, why
	}
	if neg {
		if u > 1<<63 {
			return 0, "is too small (at least -2^63)"
		}
		return -int64(u), ""
	}
	if u > math.MaxInt64 {
		return 0, "is too large (at most 2^63-1)"
	}
	return int64(u), ""
}

var durUnits = []struct {
	name string
	ns   int64
}{{"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000}}

const durExpected = "expected a number with a unit ns, us, ms or s, like 500ns, 20us, 1.5ms"

// parseDuration parses 500ns, 20us, 1.5ms, 90s or a bare 0.
func parseDuration(s string) (Duration, string) {
	if strings.HasPrefix(s, "-") {
		return 0, "is negative (durations are at least 0)"
	}
	if s == "0" {
		return 0, ""
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	num, unit := s[:i], s[i:]
	if num == "" {
		return 0, "is not a duration (" + durExpected + ")"
	}
	if unit == "" {
		return 0, "has no unit (" + durExpected + ")"
	}
	mult := int64(0)
	for _, u := range durUnits {
		if u.name == unit {
			mult = u.ns
		}
	}
	if mult == 0 {
		return 0, fmt.Sprintf("has an unknown unit %q (%s)", unit, durExpected)
	}
	ip, fp, hasDot := strings.Cut(num, ".")
	if ip == "" || strings.Contains(fp, ".") || hasDot && fp == "" {
		return 0, "is not a duration (" + durExpected + ")"
	}
	var v int64
	for j := 0; j < len(ip); j++ {
		d := int64(ip[j] - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, "is too long (at most about 292 years)"
		}
		v = v*10 + d
	}
	if v > math.MaxInt64/mult {
		return 0, "is too long (at most about 292 years)"
	}
	v *= mult
	fp = strings.TrimRight(fp, "0")
	if fp != "" {
		if len(fp) > 9 {
			return 0, "is not a whole number of nanoseconds"
		}
		var f, scale int64 = 0, 1
		for j := 0; j < len(fp); j++ {
			f = f*10 + int64(fp[j]-'0')
			scale *= 10
		}
		if f*mult%scale != 0 {
			return 0, "is not a whole number of nanoseconds"
		}
		add := f * mult / scale
		if v > math.MaxInt64-add {
			return 0, "is too long (at most about 292 years)"
		}
		v += add
	}
	return Duration(v), ""
}

// validName reports whether s matches [A-Za-z][A-Za-z0-9_-]*.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if i == 0 && !alpha {
			return false
		}
		if !alpha && !(c >= '0' && c <= '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

const nameExpected = "names start with a letter and hold only letters, digits, '_' and '-'"

// fmtBound prints a range bound: decimal when small, hex when large.
func fmtBound(v uint64) string {
	if v < 1<<16 {
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%#x", v)
}

func sortedKeys(keys []string) string {
	k := append([]string(nil), keys...)
	sort.Strings(k)
	return strings.Join(k, ", ")
}

// opts holds the key=value and flag words of one line, checked against the
// keys and flags the line accepts.
type opts struct {
	p     *parser
	ctx   string
	line  int
	kv    map[string]word
	flags map[string]word
}

// opts checks ws: every key=value word must use one of keys, every bare
// word must be one of flags, and nothing may appear twice.
func (p *parser) opts(ctx string, ln *line, ws []word, keys, flags []string) *opts {
	o := &opts{p: p, ctx: ctx, line: ln.num, kv: map[string]word{}, flags: map[string]word{}}
	for _, w := range ws {
		pos := Pos{p.file, ln.num, w.col}
		switch {
		case w.quoted:
			p.errf(pos, "%s: unexpected string %q (strings are only taken by title and expect)", ctx, w.text)
		case w.isKV():
			if !slices.Contains(keys, w.key) {
				if len(keys) == 0 {
					p.errf(pos, "%s: unknown key %q (this line takes no key=value options)", ctx, w.key)
				} else {
					p.errf(pos, "%s: unknown key %q (expected one of: %s)", ctx, w.key, sortedKeys(keys))
				}
				continue
			}
			if prev, dup := o.kv[w.key]; dup {
				p.errf(pos, "%s: key %q given twice (first at column %d)", ctx, w.key, prev.col)
				continue
			}
			o.kv[w.key] = w
		default:
			if !slices.Contains(flags, w.text) {
				if len(flags) == 0 {
					p.errf(pos, "leftover argument %q", w.text)
				} else {
					p.errf(pos, "leftover argument %q (expected one of: %s, or key=value)", w.text, strings.Join(flags, ", "))
				}
				continue
			}
			if prev, dup := o.flags[w.text]; dup {
				p.errf(pos, "%s: %q given twice (first at column %d)", ctx, w.text, prev.col)
				continue
			}
			o.flags[w.text] = w
		}
	}
	return o
}

func (o *opts) has(k string) bool  { _, ok := o.kv[k]; return ok }
func (o *opts) flag(f string) bool { _, ok := o.flags[f]; return ok }

// pos returns the position of key or flag k (or of the line when absent).
func (o *opts) pos(k string) Pos {
	if w, ok := o.kv[k]; ok {
		return Pos{o.p.file, o.line, w.col}
	}
	if w, ok := o.flags[k]; ok {
		return Pos{o.p.file, o.line, w.col}
	}
	return Pos{o.p.file, o.line, 1}
}

// need reports a missing required key.
func (o *opts) need(k, what string) bool {
	if o.has(k) {
		return true
	}
	o.p.errf(Pos{o.p.file, o.line, 1}, "%s: missing %s=%s", o.ctx, k, what)
	return false
}

// checkUint parses val and checks lo..hi; shown is the word as written.
func (p *parser) checkUint(pos Pos, shown, val string, lo, hi uint64, note string) (uint64, bool) {
	v, why := parseUint(val)
	if why != "" {
		p.errf(pos, "%s %s", shown, why)
		return 0, false
	}
	if v < lo || v > hi {
		if note != "" {
			note = " (" + note + ")"
		}
		p.errf(pos, "%s out of range %s..%s%s", shown, fmtBound(lo), fmtBound(hi), note)
		return 0, false
	}
	return v, true
}

type unsigned interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64 | ~int | ~int64
}

// optUint sets *dst from key k when present and valid.
func optUint[T unsigned](o *opts, k string, lo, hi uint64, note string, dst *T) bool {
	w, ok := o.kv[k]
	if !ok {
		return false
	}
	v, ok := o.p.checkUint(o.pos(k), w.text, w.val, lo, hi, note)
	if ok {
		*dst = T(v)
	}
	return ok
}

func (o *opts) dur(k string, dst *Duration) bool {
	w, ok := o.kv[k]
	if !ok {
		return false
	}
	d, why := parseDuration(w.val)
	if why != "" {
		o.p.errf(o.pos(k), "%s %s", w.text, why)
		return false
	}
	*dst = d
	return true
}

func (o *opts) onOff(k string, dst *bool) bool {
	w, ok := o.kv[k]
	if !ok {
		return false
	}
	switch w.val {
	case "on":
		*dst = true
	case "off":
		*dst = false
	default:
		o.p.errf(o.pos(k), "%s: expected on or off", w.text)
		return false
	}
	return true
}

func (o *opts) enum(k string, choices []string, dst *string) bool {
	w, ok := o.kv[k]
	if !ok {
		return false
	}
	if !slices.Contains(choices, w.val) {
		o.p.errf(o.pos(k), "%s: unknown %s %q (expected one of: %s)", o.ctx, k, w.val, strings.Join(choices, ", "))
		return false
	}
	*dst = w.val
	return true
}

// name reads key k as a name.
func (o *opts) name(k string, dst *string) bool {
	w, ok := o.kv[k]
	if !ok {
		return false
	}
	if !validName(w.val) {
		o.p.errf(o.pos(k), "%s: %q is not a valid name (%s)", w.text, w.val, nameExpected)
		return false
	}
	*dst = w.val
	return true
}

// uintList reads key k as a comma-separated list of integers in lo..hi.
func (o *opts) uintList(k string, lo, hi uint64) ([]uint64, bool) {
	w, ok := o.kv[k]
	if !ok {
		return nil, false
	}
	var out []uint64
	for _, s := range strings.Split(w.val, ",") {
		if s == "" {
			o.p.errf(o.pos(k), "%s: empty list element (expected comma separated values without spaces)", w.text)
			return nil, false
		}
		v, ok := o.p.checkUint(o.pos(k), k+"="+s, s, lo, hi, "")
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

// ParseDuration reads a duration as the scenario language writes it
// (500ns, 20us, 1.5ms, 90s or a bare 0) into nanoseconds. It is the one
// duration parser of the project: the CLIs' flags and the tutorials'
// markers use it too, so a duration means the same everywhere. NaN, Inf,
// exponents, signs and fractions of a nanosecond are refused.
func ParseDuration(s string) (Duration, error) {
	d, msg := parseDuration(s)
	if msg != "" {
		return 0, fmt.Errorf("%q %s", s, msg)
	}
	return d, nil
}
