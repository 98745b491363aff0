// Package shorten cuts text that a message quotes back to its reader (a
// pasted log line, a URL fragment's value): enough to recognise it, never
// a megabyte echoed into a page or a terminal, and never half a rune.
package shorten

import "unicode/utf8"

// Prefix is the longest prefix of s of at most n bytes that ends on a
// rune boundary.
func Prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// To is s cut to at most n bytes (n > 3), the cut marked with "…".
func To(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return Prefix(s, n-len("…")) + "…"
}
