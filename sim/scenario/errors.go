package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// maxErrors caps how many errors one Parse reports.
const maxErrors = 20

// Error is one problem found in a scenario, at a position.
type Error struct {
	Pos Pos
	Msg string
}

// Error formats the error as "file:line:col: msg". Errors that belong to no
// line (a bad command-line override) are formatted as "file: msg".
func (e *Error) Error() string {
	switch {
	case e.Pos.Line <= 0:
		return fmt.Sprintf("%s: %s", e.Pos.File, e.Msg)
	case e.Pos.Col <= 0:
		return fmt.Sprintf("%s:%d: %s", e.Pos.File, e.Pos.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Pos.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// ErrorList is every error Parse found (at most 20), sorted by position.
type ErrorList []*Error

// Error joins the errors with newlines.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// errf records an error at pos. After maxErrors errors further ones are dropped.
func (p *parser) errf(pos Pos, format string, args ...any) {
	if len(p.errs) >= maxErrors {
		return
	}
	p.errs = append(p.errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}
