package dmesg

import (
	"fmt"
	"strings"

	"github.com/smmuplay/smmuplay/internal/shorten"
)

// Error is one problem in the input, always with its 1-based line number.
// Its message is one line: pasted text in it is clipped (clip) and the
// list of messages the importer knows is not repeated in it (ErrorList
// carries it once).
type Error struct {
	Line int    `json:"line"`
	Msg  string `json:"msg"`
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ErrorList is every problem found (at most maxErrors), in line order.
type ErrorList []*Error

// maxErrors bounds the errors of a strict import; maxWarnings the
// warnings of a lenient one (a 100,000-line paste of a broken log must
// not make a 100,000-line answer).
const (
	maxErrors   = 10
	maxWarnings = 100
)

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

// clipLen is the most of a pasted line an error or warning quotes: enough
// to recognise the line, never a megabyte echoed back.
const clipLen = 120

// clip shortens s to clipLen bytes, on a rune boundary, marking the cut.
func clip(s string) string { return shorten.To(s, clipLen) }

// quote is clip in Go quotes: control characters in a paste stay visible
// and cannot break the one-line message.
func quote(s string) string { return fmt.Sprintf("%q", clip(s)) }
