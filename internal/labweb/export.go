package labweb

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"

	"github.com/smmuplay/smmuplay/lab/trace"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/render/raster"
	"github.com/smmuplay/smmuplay/render/scene"
	"github.com/smmuplay/smmuplay/sim"
)

// MaxTraceEvents bounds one trace export: a million events make hundreds
// of megabytes of JSON, more than a tab should hold as one string.
const MaxTraceEvents = 200_000

// TraceJSON exports events from..to of s (0, 0: 1..s.N(), the run up to
// where the viewer stands) as Chrome Trace Event JSON.
func TraceJSON(s *sim.Sim, from, to int64) ([]byte, error) {
	if from == 0 && to == 0 {
		from, to = 1, s.N()
	}
	if from < 1 || to < from-1 || to > s.Recorded() {
		return nil, fmt.Errorf("events %d..%d: want 1 <= from <= to <= %d (the events recorded)", from, to, s.Recorded())
	}
	if to-from+1 > MaxTraceEvents {
		return nil, fmt.Errorf("events %d..%d: %d events; at most %d in one export (export a window: exportTrace(from, to))", from, to, to-from+1, MaxTraceEvents)
	}
	var b bytes.Buffer
	if err := trace.WriteRange(&b, s, from, to); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// LogText is the kernel log up to the current event as dmesg prints it,
// one line each.
func LogText(s *sim.Sim) string { return s.FormatLog(s.Log()) }

// PNG draws the current event of s as the playground shows it (default
// zoom, the packets arrived) with the pure-Go rasteriser: a WebGL canvas
// does not keep its pixels for toBlob. sel and details are the selected
// object and its inspect lines.
func PNG(s *sim.Sim, w, h int, sel layout.Hit, details []string, dark bool) ([]byte, error) {
	if w < 1 || h < 1 || w > 8192 || h > 8192 {
		return nil, fmt.Errorf("png: size %dx%d: want 1..8192 each", w, h)
	}
	var snap sim.Snapshot
	s.SnapshotInto(&snap)
	var topo layout.Topology
	layout.TopologyInto(&topo, &snap)
	lay := layout.New(topo, w, h, layout.View{Zoom: 1})
	theme := scene.Light()
	if dark {
		theme = scene.Dark()
	}
	narration := ""
	if n := s.N(); n > 0 {
		narration = s.Describe(s.Event(n))
	}
	var dl scene.DisplayList
	scene.Build(&dl, &snap, &lay, scene.Anim{Phase: 1, Reduced: true, Narration: narration}, theme, scene.Selection{Selected: sel, Details: details})
	var b bytes.Buffer
	if err := png.Encode(&b, raster.Render(&dl, w, h)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// FileBase names exported files: smmuplay-<scenario>-n<event>.
func FileBase(scenario string, n int64) string {
	scenario = strings.TrimSuffix(scenario, ".scn")
	var b strings.Builder
	for _, r := range scenario {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	name := b.String()
	if name == "" {
		name = "run"
	}
	return fmt.Sprintf("smmuplay-%s-n%d", name, n)
}
