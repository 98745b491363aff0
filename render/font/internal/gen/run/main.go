// Command run writes render/font's glyph tables (see package gen):
//
//	go generate ./render/font
//
// which runs, in render/font, go run ./internal/gen/run -o glyphs_gen.go.
// With -report it prints what each face covers instead.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/smmuplay/smmuplay/render/font/internal/gen"
)

func main() {
	out := flag.String("o", "glyphs_gen.go", "output file")
	report := flag.Bool("report", false, "print the rune coverage and data sizes instead of writing")
	flag.Parse()
	log.SetFlags(0)
	if *report {
		faces, err := gen.Load()
		if err != nil {
			log.Fatal(err)
		}
		for _, fc := range faces {
			segs := 0
			for _, g := range fc.Glyphs {
				segs += g.Segs
			}
			fmt.Printf("%s (%s): %d glyphs, %d segments, %d path bytes, upem %d ascent %d descent %d cap %d x %d ink top %d bottom %d left %d right overhang %d\n",
				fc.Ident, fc.Name, len(fc.Glyphs), segs, fc.PathBytes, fc.UnitsPerEm, fc.Ascent, fc.Descent, fc.CapHeight, fc.XHeight, fc.InkTop, fc.InkBottom, fc.InkLeft, fc.InkRight)
			has := ""
			for _, g := range fc.Glyphs {
				if g.R >= 0x7f {
					has += string(g.R)
				}
			}
			fmt.Printf("  non-ASCII present: %s\n  missing: %q\n", has, string(fc.Missing))
		}
		return
	}
	src, err := gen.Generate()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
