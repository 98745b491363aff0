package serve

import (
	"slices"
	"strings"
)

// An encoding is a pre-compressed variant: its Content-Encoding token and
// the suffix of its file next to the original.
type encoding struct{ name, ext string }

// encodings are the variants the server looks for, in its own order of
// preference at equal q: brotli's files are the smaller.
var encodings = []encoding{{"br", ".br"}, {"gzip", ".gz"}}

// acceptable returns the variants an Accept-Encoding value accepts, best
// first (RFC 9110, 12.5.3): each entry is a token with an optional
// q value; q=0 means "not acceptable"; * stands for every coding the
// value does not name; x-gzip is gzip. A variant is offered only when its
// q is above 0 and, where the value ranks identity (by name or by *), not
// below identity's, so "gzip;q=0.5, identity" gets the plain file while
// "gzip;q=0.5" gets gzip. Higher q comes first, and br before gzip at equal
// q. An entry with a malformed q is ignored, and a coding named twice
// gets its lower q, so an explicit refusal always holds. With no value at
// all, nothing is offered: the plain file is always acceptable.
func acceptable(header string) []encoding {
	q := map[string]int{} // in thousandths
	for _, entry := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(entry, ";")
		token = strings.ToLower(strings.TrimSpace(token))
		if token == "" {
			continue
		}
		if token == "x-gzip" {
			token = "gzip"
		}
		v, ok := qvalue(params)
		if !ok {
			continue
		}
		if old, seen := q[token]; seen {
			v = min(v, old)
		}
		q[token] = v
	}
	of := func(token string, otherwise int) int {
		if v, ok := q[token]; ok {
			return v
		}
		if v, ok := q["*"]; ok {
			return v
		}
		return otherwise
	}
	// The plain file is always there to fall back on; it beats a variant
	// only where the value ranks it (by name or by *) above that variant.
	identity := of("identity", 0)
	var out []encoding
	for _, e := range encodings {
		if v := of(e.name, 0); v > 0 && v >= identity {
			out = append(out, e)
		}
	}
	// Stable: br stays ahead of gzip at equal q.
	slices.SortStableFunc(out, func(a, b encoding) int { return of(b.name, 0) - of(a.name, 0) })
	return out
}

// qvalue reads the q parameter of an Accept-Encoding entry ("; q=0.8"),
// in thousandths; 1000 when there is none. Other parameters are skipped.
// It accepts only RFC 9110's form, 0 to 1 with at most three decimals,
// so "NaN", "2" or "-1" make the entry malformed (ok false).
func qvalue(params string) (int, bool) {
	v := 1000
	for _, p := range strings.Split(params, ";") {
		name, value, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		value = strings.TrimSpace(value)
		whole, frac, _ := strings.Cut(value, ".")
		if (whole != "0" && whole != "1") || len(frac) > 3 {
			return 0, false
		}
		n := 0
		for i := range 3 {
			d := byte('0')
			if i < len(frac) {
				d = frac[i]
			}
			if d < '0' || d > '9' {
				return 0, false
			}
			n = n*10 + int(d-'0')
		}
		v = int(whole[0]-'0')*1000 + n
		if v > 1000 {
			return 0, false
		}
	}
	return v, true
}
