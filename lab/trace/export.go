package trace

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/smmuplay/smmuplay/sim"
	"github.com/smmuplay/smmuplay/sim/cmdq"
)

// usec is a time in nanoseconds written as microseconds, exactly: 10460
// ns is 10.46.
type usec int64

func (u usec) MarshalJSON() ([]byte, error) {
	s := strconv.FormatInt(int64(u)/1000, 10)
	if f := int64(u) % 1000; f != 0 {
		frac := fmt.Sprintf("%03d", f)
		for frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		s += "." + frac
	}
	return []byte(s), nil
}

// Event is one Trace Event.
type Event struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat,omitempty"`
	Ph   string         `json:"ph"`
	Ts   usec           `json:"ts"`
	Dur  *usec          `json:"dur,omitempty"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	S    string         `json:"s,omitempty"` // instant scope: "t" (thread)
	Args map[string]any `json:"args,omitempty"`

	seq int // generation order: the tie-break after ts
}

// Export renders events 1..s.N() of a run as Chrome Trace Event JSON.
func Export(s *sim.Sim) []byte {
	var b bytes.Buffer
	WriteRange(&b, s, 1, s.N())
	return b.Bytes()
}

// Write writes Export(s) to w.
func Write(w io.Writer, s *sim.Sim) error { return WriteRange(w, s, 1, s.N()) }

// MaxEvents bounds one export, in the page and in the CLI: a trace is
// built whole (its slices are sorted and made to nest across the range),
// about 1.7 KB of memory per event, and a million events make hundreds of
// megabytes of JSON, more than Perfetto or a tab opens comfortably. A
// longer run is exported as windows.
const MaxEvents = 200_000

// WriteRange writes events from..to (clamped to 1..s.N()) of a run: a long
// run's window, since a million events make hundreds of megabytes of JSON.
// Spans cut by the window are closed at its end or shown as instants.
func WriteRange(w io.Writer, s *sim.Sim, from, to int64) error {
	evs := EventsRange(s, from, to)
	// Written as it is encoded, through a buffer: no second copy of the
	// whole JSON in memory.
	b := bufio.NewWriterSize(w, 64<<10)
	b.WriteString("{\"traceEvents\":[\n")
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false) // names such as "CMD_SYNC poll -> -EIO" stay readable
	for i, e := range evs {
		line.Reset()
		if err := enc.Encode(e); err != nil {
			return err
		}
		b.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
		if i < len(evs)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	sum := s.Summary()
	other, _ := json.Marshal(map[string]any{
		"generator": "smmuplay lab/trace", "scenario": sum.Scenario, "title": s.Scenario().Title,
		"policy": sum.Policy, "strategy": sum.Strategy, "seed": strconv.FormatUint(s.Seed(), 10), "events": s.N(),
	})
	fmt.Fprintf(b, "],\"displayTimeUnit\":\"ns\",\"otherData\":%s}\n", other)
	return b.Flush()
}

// Events builds the trace events of a run: metadata first, then every
// other event ordered by time and generation.
func Events(s *sim.Sim) []Event { return EventsRange(s, 1, s.N()) }

// EventsRange builds the trace events of sim events from..to.
func EventsRange(s *sim.Sim, from, to int64) []Event {
	bl := newBuilder(s)
	for n := max(from, 1); n <= min(to, s.N()); n++ {
		bl.event(n, s.Event(n))
	}
	bl.finish()
	evs := sanitize(bl.out)
	slices.SortStableFunc(evs, func(a, b Event) int {
		return cmp.Or(cmp.Compare(a.Ts, b.Ts), cmp.Compare(a.seq, b.seq))
	})
	return append(bl.metadata(), evs...)
}

func hex(v uint64) string { return fmt.Sprintf("0x%x", v) }

func cmdFields(c cmdq.Cmd) []string {
	var out []string
	for _, f := range cmdq.Fields(c) {
		s := fmt.Sprintf("%s=%#x", f.Name, f.Value)
		if f.Meaning != "" {
			s += " (" + f.Meaning + ")"
		}
		out = append(out, s)
	}
	return out
}
