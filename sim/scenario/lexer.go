package scenario

import (
	"fmt"
	"strings"
)

// word is one space-separated word of a line.
type word struct {
	text   string // the word as written (for a string: its unescaped contents)
	col    int    // 1-based byte column of its first byte
	end    int    // 0-based byte offset just past it in the line
	quoted bool   // a "quoted string"
	key    string // key=value: the key; "" for a bare word or string
	val    string // key=value: the value
}

// isKV reports whether w is a key=value word.
func (w word) isKV() bool { return !w.quoted && w.key != "" }

// line is one non-blank scenario line split into words.
type line struct {
	num   int
	text  string // the whole line without its newline
	words []word
}

// lex splits src into lines of words. Lines with a lexical error are
// reported and dropped; blank and comment-only lines are skipped.
func (p *parser) lex(src []byte) []line {
	var out []line
	for i, l := range strings.Split(string(src), "\n") {
		l = strings.TrimSuffix(l, "\r")
		ws, bad := p.lexLine(l, i+1)
		if !bad && len(ws) > 0 {
			out = append(out, line{num: i + 1, text: l, words: ws})
		}
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// lexLine splits one line; it reports and returns true on a lexical error.
func (p *parser) lexLine(l string, num int) ([]word, bool) {
	var ws []word
	i := 0
	for i < len(l) {
		c := l[i]
		switch {
		case isSpace(c):
			i++
			continue
		case c == '#':
			return ws, false
		case c == '"':
			start := i
			var b strings.Builder
			i++
			closed := false
			for i < len(l) {
				c := l[i]
				if c == '"' {
					closed = true
					i++
					break
				}
				if c == '\\' {
					if i+1 >= len(l) {
						break
					}
					n := l[i+1]
					if n != '"' && n != '\\' {
						p.errf(Pos{p.file, num, i + 1}, "unknown escape %q in string (expected \\\" or \\\\)", l[i:i+2])
						return nil, true
					}
					b.WriteByte(n)
					i += 2
					continue
				}
				b.WriteByte(c)
				i++
			}
			if !closed {
				p.errf(Pos{p.file, num, start + 1}, "unterminated string (expected a closing \")")
				return nil, true
			}
			if i < len(l) && !isSpace(l[i]) && l[i] != '#' {
				p.errf(Pos{p.file, num, i + 1}, "unexpected text %q after a closing quote (expected a space)", restOfWord(l[i:]))
				return nil, true
			}
			ws = append(ws, word{text: b.String(), col: start + 1, end: i, quoted: true})
		default:
			start := i
			for i < len(l) && !isSpace(l[i]) && l[i] != '#' {
				if l[i] == '"' {
					p.errf(Pos{p.file, num, start + 1}, "unexpected quote inside word %q (strings must stand alone, e.g. \"text\")", restOfWord(l[start:]))
					return nil, true
				}
				i++
			}
			w := word{text: l[start:i], col: start + 1, end: i}
			if isOperator(w.text) {
				// Comparison operators of expect lines are bare words.
				ws = append(ws, w)
				continue
			}
			if k, v, ok := strings.Cut(w.text, "="); ok {
				if k == "" {
					p.errf(Pos{p.file, num, start + 1}, "missing key before '=' in %q (expected key=value)", w.text)
					return nil, true
				}
				w.key, w.val = k, v
			}
			ws = append(ws, w)
		}
	}
	return ws, false
}

func isOperator(s string) bool {
	switch s {
	case "==", "!=", "<=", ">=", "<", ">":
		return true
	}
	return false
}

func restOfWord(s string) string {
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) {
			return s[:i]
		}
	}
	return s
}

// describe renders a word for an error message.
func (w word) describe() string {
	if w.quoted {
		return fmt.Sprintf("string %q", w.text)
	}
	return fmt.Sprintf("%q", w.text)
}
