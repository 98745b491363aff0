// Command stills draws the playground's key frames (render/keyframe) with
// the pure-Go rasterizer, as PNG files: the pictures of the README and
// docs/architecture.md, and any moment of a scenario at any size for a
// closer look.
//
//	go run ./cmd/stills -o docs/img                      # the documentation's pictures
//	go run ./cmd/stills -o /tmp/s -all                   # every key frame at every size, scale and theme
//	go run ./cmd/stills -o /tmp/s -frame series-quarantine -size 800x450 -scale 2 -dark
//	go run ./cmd/stills -o /tmp/s -frag 'scenario=one-broken-of-8&n=253' -size 390x700  # any playground URL state
package main

import (
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/render/display"
	"github.com/smmuplay/smmuplay/render/keyframe"
	"github.com/smmuplay/smmuplay/render/raster"
)

func main() {
	out := flag.String("o", "docs/img", "directory to write the PNG files to")
	all := flag.Bool("all", false, "every key frame at every size, scale and theme")
	frame := flag.String("frame", "", "one key frame by name (with -size, -scale, -dark)")
	size := flag.String("size", "800x450", "canvas size in CSS px, WxH")
	scale := flag.Float64("scale", 1, "devicePixelRatio")
	dark := flag.Bool("dark", false, "dark theme")
	frag := flag.String("frag", "", "a playground URL fragment (scenario=…&n=…): draw that state instead of a key frame")
	flag.Parse()
	var err error
	if *frag != "" {
		err = fragment(*out, *frag, *size, float32(*scale), *dark)
	} else {
		err = run(*out, *all, *frame, *size, float32(*scale), *dark)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "stills:", err)
		os.Exit(1)
	}
}

// docs are the documentation's pictures: the quarantine at the embed's
// size in both themes and at the playground's, the timeout on a phone.
var docs = []struct {
	frame string
	w, h  float32
	dark  bool
}{
	{"series-quarantine", 800, 450, false},
	{"series-quarantine", 800, 450, true},
	{"series-quarantine", 1280, 800, false},
	{"baseline-timeout", 390, 700, false},
}

func run(out string, all bool, frame, size string, scale float32, dark bool) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	switch {
	case frame != "":
		w, h, err := parseSize(size)
		if err != nil {
			return err
		}
		return still(out, frame, w, h, scale, dark)
	case all:
		for _, f := range keyframe.Frames {
			for _, sz := range keyframe.Sizes {
				for _, sc := range keyframe.Scales {
					for _, d := range []bool{false, true} {
						if err := still(out, f.Name, sz.W, sz.H, sc, d); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	}
	for _, d := range docs {
		if err := still(out, d.frame, d.w, d.h, 1, d.dark); err != nil {
			return err
		}
	}
	return nil
}

func parseSize(s string) (float32, float32, error) {
	a, b, ok := strings.Cut(s, "x")
	w, err1 := strconv.ParseFloat(a, 32)
	h, err2 := strconv.ParseFloat(b, 32)
	if !ok || err1 != nil || err2 != nil || w < 64 || h < 64 || w > 4096 || h > 4096 {
		return 0, 0, fmt.Errorf("-size %q: want WxH in CSS px, each 64..4096", s)
	}
	return float32(w), float32(h), nil
}

// Name is the file name of a still.
func Name(frame string, w, h, scale float32, dark bool) string {
	theme := "light"
	if dark {
		theme = "dark"
	}
	return fmt.Sprintf("%s-%gx%g@%gx-%s.png", frame, w, h, scale, theme)
}

func still(out, name string, w, h, scale float32, dark bool) error {
	var f *keyframe.Frame
	for i := range keyframe.Frames {
		if keyframe.Frames[i].Name == name {
			f = &keyframe.Frames[i]
		}
	}
	if f == nil {
		var names []string
		for _, k := range keyframe.Frames {
			names = append(names, k.Name)
		}
		return fmt.Errorf("no key frame %q (have %s)", name, strings.Join(names, ", "))
	}
	s, err := keyframe.Run(*f)
	if err != nil {
		return err
	}
	var dl display.List
	keyframe.Build(&dl, s, w, h, scale, keyframe.Options{Dark: dark, Phase: f.Phase})
	return writePNG(filepath.Join(out, Name(name, w, h, scale, dark)), &dl)
}

// fragment draws the state a playground URL fragment names.
func fragment(out, frag, size string, scale float32, dark bool) error {
	w, h, err := parseSize(size)
	if err != nil {
		return err
	}
	p, err := play.ParseFragment(frag)
	if err != nil {
		return err
	}
	x, err := play.Open(p)
	if err != nil {
		return err
	}
	var dl display.List
	keyframe.Build(&dl, x.Sim(), w, h, scale, keyframe.Options{Dark: dark || p.View.Theme == "dark", Phase: 1})
	name := strings.NewReplacer("&", "_", "=", "-", "/", "_").Replace(frag)
	if len(name) > 80 {
		name = name[:80]
	}
	path := filepath.Join(out, fmt.Sprintf("%s-%gx%g@%gx.png", name, w, h, scale))
	return writePNG(path, &dl)
}

func writePNG(path string, dl *display.List) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(fh, raster.Render(dl)); err != nil {
		fh.Close()
		return err
	}
	fmt.Println(path)
	return fh.Close()
}
