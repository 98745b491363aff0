package dmesg

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/klog"
)

// Reproduction is line by line. The scenario builder claims a line only
// when the built scenario prints it unchanged except for the timestamp
// and the device name, and pins it with an "expect log contains" (so
// `smmulab dmesg -run` checks the claim); every other line gets the
// reason it is not reproduced. A scenario that prints lines of the right
// kinds but other values is not a reproduction: the importer says so.

// Gap is lines the built scenario does not reproduce, and why.
type Gap struct {
	Lines []int  `json:"lines"`
	Where string `json:"where"` // the lines as text: "lines 3-7, 12"
	Why   string `json:"why"`
}

// Why lines are not reproduced, when the reason is the same for every log.
const (
	whyAbort  = "the simulator does not model MSI or queue write aborts"
	whyCmdqTO = "\"CMDQ timeout\" (no queue space for a poll budget) is not reproduced: the driver model never fills the queue"
	whyOld    = "the pre-5.3 \"CMD_SYNC timeout\" has no positions, and the simulator prints the 5.3+ form with them"
	whyElided = "the values after the CMD_SYNC position were cut from the paste: without hwprod and hwcons the cause (an error or a slow consumer) is unknown"
	whyUnbind = "the driver had been unbound (the \"platform\" prefix) and the SMMU disabled, so nothing consumed the queue; the simulator does not model " +
		"commands issued to an SMMU after its driver is unbound (its driver stops submitting once the SMMU is disabled)"
	whyProd = "hwprod equals the CMD_SYNC's position: the hardware PROD does not include the CMD_SYNC the issuer waits for, " +
		"and the model's driver always publishes a CMD_SYNC before it polls it"
	whyProdAhead = "hwprod is past the position after the CMD_SYNC: other CPUs queued commands behind it, and the model has one issuing CPU"
	whySyncErr   = "a CMD_SYNC timeout with this CONS (ERR set but not an ATC timeout on the CMD_SYNC itself) is not one the model can print"
)

// repro tracks, line by line, what the built scenario reproduces.
type repro struct {
	im      *Import
	claimed []bool   // by index in im.Lines
	why     []string // by index: why the line is not reproduced
	notes   []string
	pins    []string // message texts the scenario expects in its log
	pinned  map[string]bool
}

// maxPins bounds the "expect log contains" lines of a built scenario.
const maxPins = 100

func newRepro(im *Import) *repro {
	return &repro{im: im, claimed: make([]bool, len(im.Lines)), why: make([]string, len(im.Lines)), pinned: map[string]bool{}}
}

// claim marks line i reproduced and pins its text when it carries values.
func (r *repro) claim(i int) {
	if r.why[i] != "" || r.claimed[i] {
		return
	}
	l := &r.im.Lines[i]
	if want := canonical(l); want != l.Text {
		// The paste was edited (a %08x lost its leading zeros, a reason was
		// changed): the line is decoded, but the model prints the kernel's
		// text, so it is not this line reproduced.
		r.gap(i, "the line is not as the kernel prints its values, "+strconv.Quote(want)+"; the model prints that")
		return
	}
	r.claimed[i] = true
	switch l.Kind {
	case KindGERROR, KindCmdqError, KindSyncTimeout, KindSFM, KindRetryFetch, KindEvtqOverflow, KindSuppressed, KindEventDword:
		text := l.Text
		if l.Kind == KindEventDword {
			text = l.Values[0].Hex // the kernel's form, however it was pasted
		}
		if !r.pinned[text] && len(r.pins) < maxPins {
			r.pinned[text] = true
			r.pins = append(r.pins, text)
		}
	}
}

// gap marks line i not reproduced, unless it already has a verdict.
func (r *repro) gap(i int, why string) {
	if r.why[i] == "" && !r.claimed[i] {
		r.why[i] = why
	}
}

func (r *repro) note(s string) {
	for _, n := range r.notes {
		if n == s {
			return
		}
	}
	r.notes = append(r.notes, s)
}

// reproduce builds the scenario and says, line by line, what it
// reproduces.
func reproduce(im *Import) {
	r := newRepro(im)
	for i, l := range im.Lines {
		switch l.Kind {
		case KindMSIAbort, KindQueueAbort:
			r.gap(i, whyAbort)
		case KindCmdqTimeout:
			r.gap(i, whyCmdqTO)
		}
	}
	text := buildScenario(r)
	any := false
	for i := range im.Lines {
		if r.claimed[i] {
			im.Lines[i].Reproduced, any = true, true
		} else if r.why[i] == "" {
			r.why[i] = "the built scenario does not print this line"
		}
	}
	if any {
		im.Scenario = text
	}
	im.Unreproduced = groupGaps(im, r.why)
	im.Notes = append(im.Notes, r.notes...)
}

// groupGaps collects the unreproduced lines by reason, in line order.
func groupGaps(im *Import, why []string) []Gap {
	out := []Gap{}
	at := map[string]int{}
	for i, w := range why {
		if w == "" {
			continue
		}
		k, ok := at[w]
		if !ok {
			k = len(out)
			at[w] = k
			out = append(out, Gap{Lines: []int{}, Why: w})
		}
		l := im.Lines[i]
		for n := l.Num; n <= max(l.Num, l.End); n++ {
			out[k].Lines = append(out[k].Lines, n)
		}
	}
	for i := range out {
		out[i].Where = Where(out[i].Lines)
	}
	return out
}

// Where writes line numbers as ranges: "line 4", "lines 1-3, 7".
func Where(lines []int) string {
	if len(lines) == 0 {
		return "no lines"
	}
	var b strings.Builder
	if len(lines) == 1 {
		b.WriteString("line ")
	} else {
		b.WriteString("lines ")
	}
	for i := 0; i < len(lines); {
		j := i
		for j+1 < len(lines) && lines[j+1] == lines[j]+1 {
			j++
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(lines[i]))
		if j > i {
			fmt.Fprintf(&b, "-%d", lines[j])
		}
		i = j + 1
	}
	return b.String()
}

// canonical is the text the kernel prints for a pinned line's values, in
// the driver's formats (sim/klog); other lines are their own text.
func canonical(l *Line) string {
	switch {
	case l.Kind == KindGERROR && len(l.Values) == 1:
		return fmt.Sprintf(klog.FmtUnexpectedGError, uint32(l.Values[0].Raw))
	case l.Kind == KindCmdqError && len(l.Values) == 1:
		cons := uint32(l.Values[0].Raw)
		return fmt.Sprintf(klog.FmtCmdqError, cons, cmdq.ConsErr(cons).KernelString())
	case l.Kind == KindSyncTimeout && len(l.Values) == 3:
		return fmt.Sprintf(klog.FmtSyncTimeout, uint32(l.Values[0].Raw), uint32(l.Values[1].Raw), uint32(l.Values[2].Raw))
	}
	return l.Text
}
