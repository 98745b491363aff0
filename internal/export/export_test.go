package export

import (
	"bytes"
	"encoding/json"
	"image/png"
	"strings"
	"testing"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/render/layout"
)

func TestExports(t *testing.T) {
	x, err := play.Open(play.Params{Scenario: "seed-log"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Step(200); err != nil {
		t.Fatal(err)
	}
	s := x.Sim()
	b, err := TraceJSON(s, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var tr struct {
		TraceEvents []map[string]any `json:"traceEvents"`
	}
	if err := json.Unmarshal(b, &tr); err != nil || len(tr.TraceEvents) < 50 {
		t.Fatalf("trace: %v, %d events", err, len(tr.TraceEvents))
	}
	if _, err := TraceJSON(s, 5, 1e9); err == nil {
		t.Error("a window past the recording was accepted")
	}
	lines, err := x.LogLines(0)
	if err != nil {
		t.Fatal(err)
	}
	if got := LogText(s); got != strings.Join(lines, "\n")+"\n" && !(got == "" && len(lines) == 0) {
		t.Errorf("log text %q", got)
	}
	if _, err := PNG(s, 640, 360, 2, layout.Hit{}, nil, false); err != nil {
		t.Fatal(err)
	}
	if _, err := PNG(s, 8000, 360, 2, layout.Hit{}, nil, false); err == nil {
		t.Error("a 16000 px wide PNG was accepted")
	}
	img, err := PNG(s, 640, 360, 1, layout.Hit{}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(bytes.NewReader(img))
	if err != nil || m.Bounds().Dx() != 640 || m.Bounds().Dy() != 360 {
		t.Fatalf("png: %v %v", err, m.Bounds())
	}
	colors := map[[3]uint32]bool{}
	for y := 0; y < 360; y += 3 {
		for x := 0; x < 640; x += 3 {
			r, g, b, _ := m.At(x, y).RGBA()
			colors[[3]uint32{r, g, b}] = true
		}
	}
	if len(colors) < 4 {
		t.Errorf("the PNG looks blank: %d colours", len(colors))
	}
	if got := FileBase("custom.scn", 12); got != "smmuplay-custom-n12" {
		t.Errorf("FileBase %q", got)
	}
}
