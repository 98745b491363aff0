// Package export turns the run a viewer stands at into files: a Chrome
// Trace Event JSON, the kernel log as text, the picture as a PNG, and the
// name they are saved under: the playground's Export buttons. It is a
// package of its own so the playground engine links it without the lab
// (internal/labweb and what it pulls in).
package export

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"

	"github.com/smmuplay/smmuplay/lab/trace"
	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/layout"
	"github.com/smmuplay/smmuplay/render/raster"
	"github.com/smmuplay/smmuplay/render/scene"
	"github.com/smmuplay/smmuplay/sim"
)

// MaxTraceEvents bounds one trace export (trace.MaxEvents, the CLI's too).
const MaxTraceEvents = trace.MaxEvents

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

// PNG draws the current event of s as the playground shows it on a w x h
// CSS px canvas at scale device px per CSS px (default zoom, the packets
// arrived) with the pure-Go rasteriser: a WebGL canvas does not keep its
// pixels for toBlob. sel and details are the selected object and its
// lines, which the picture shows in its details card.
func PNG(s *sim.Sim, w, h, scale float32, sel layout.Hit, details []string, dark bool) ([]byte, error) {
	if !(scale >= 1 && scale <= 4) {
		return nil, fmt.Errorf("png: scale %v: want 1..4", scale)
	}
	if !(w >= 64 && h >= 64 && w*scale <= 8192 && h*scale <= 8192) {
		return nil, fmt.Errorf("png: size %vx%v at scale %v: want at least 64x64 CSS px and at most 8192 device px each way", w, h, scale)
	}
	var snap sim.Snapshot
	s.SnapshotInto(&snap)
	var dl display.List
	Still(&dl, &snap, w, h, scale, scene.Selection{Selected: sel, Details: details}, len(details) > 0, dark)
	var b bytes.Buffer
	if err := png.Encode(&b, raster.Render(&dl)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Still draws snap into dst as the stage shows it once the last event's
// animation is over, at the default zoom, with nothing to highlight
// changed digits against: the PNG export and the posters every page shows
// before the stage is live (cmd/posters) are this picture. room reserves
// the in-canvas details card (an embed's details=1).
func Still(dst *display.List, snap *sim.Snapshot, w, h, scale float32, sel scene.Selection, room, dark bool) {
	var topo layout.Topology
	layout.TopologyInto(&topo, snap)
	lay := layout.New(topo, w, h, layout.View{Zoom: 1}, layout.Options{Scale: scale, Details: room})
	theme := scene.Light()
	if dark {
		theme = scene.Dark()
	}
	scene.Build(dst, snap, &lay, scene.Anim{Phase: 1, Reduced: true}, &theme, sel)
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
