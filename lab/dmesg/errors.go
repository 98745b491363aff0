package dmesg

import (
	"fmt"
	"strings"
)

// Error is one problem in the input, always with its 1-based line number.
type Error struct {
	Line int    `json:"line"`
	Msg  string `json:"msg"`
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ErrorList is every problem found (at most maxErrors), in line order.
type ErrorList []*Error

const maxErrors = 10

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
