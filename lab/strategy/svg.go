package strategy

import (
	"fmt"
	"strings"
)

// Plot geometry, in SVG user units.
const (
	plotW, plotH         = 640, 400
	marginL, marginR     = 56, 160
	marginT, marginB     = 36, 44
	innerW, innerH       = plotW - marginL - marginR, plotH - marginT - marginB
	plotFont             = `font-family="sans-serif" font-size="12"`
	colorPerDevice       = "#1f77b4"
	colorHalving         = "#d62728"
	colorLowerBound      = "#2ca02c"
	dashTimeouts         = "6 4"
	dashLowerBound       = "2 3"
	maxTicks         int = 8
)

type series struct {
	label, color, dash string
	pts                [][2]int // (N, value)
}

// SVG plots a sweep: tests (solid) and ATC timeouts (dashed) of each
// strategy against N, and the lower bound (dotted). Wall time is the
// timeouts line times the ATS timeout, which the caption gives. The
// output is deterministic (integers and fixed formatting only), so it is
// golden-tested and the page inserts it as is.
func SVG(rows []Row) string {
	var ss []series
	add := func(label, color, dash string, pick func(Row) (int, bool)) {
		s := series{label: label, color: color, dash: dash}
		for _, r := range rows {
			if v, ok := pick(r); ok {
				s.pts = append(s.pts, [2]int{r.N, v})
			}
		}
		ss = append(ss, s)
	}
	for _, st := range Strategies {
		color := colorPerDevice
		if st == "halving" {
			color = colorHalving
		}
		add(st+" tests", color, "", func(r Row) (int, bool) { return r.Measured.Tests, r.Strategy == st })
		add(st+" timeouts", color, dashTimeouts, func(r Row) (int, bool) { return r.Measured.ATCTimeouts, r.Strategy == st })
	}
	add("lower bound", colorLowerBound, dashLowerBound, func(r Row) (int, bool) { return r.LowerBound, r.Strategy == Strategies[0] })

	xmax, ymax := 1, 1
	for _, s := range ss {
		for _, p := range s.pts {
			xmax, ymax = max(xmax, p[0]), max(ymax, p[1])
		}
	}
	ystep := niceStep(ymax)
	ymax = (ymax + ystep - 1) / ystep * ystep
	xstep := niceStep(xmax)
	x := func(n int) int { return marginL + n*innerW/xmax }
	y := func(v int) int { return marginT + innerH - v*innerH/ymax }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img">`+"\n", plotW, plotH, plotW, plotH)
	title := "identification cost"
	if len(rows) > 0 {
		title = fmt.Sprintf("identifying k=%d broken of N, ATS timeout %s", rows[0].K, dur(rows[0].ATSTimeoutNS))
	}
	fmt.Fprintf(&b, "<title>%s</title>\n", title)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", plotW, plotH)
	fmt.Fprintf(&b, `<text x="%d" y="20" %s font-weight="bold">%s</text>`+"\n", marginL, plotFont, title)
	// Axes and grid.
	for v := 0; v <= ymax; v += ystep {
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#dddddd"/>`+"\n", marginL, y(v), marginL+innerW, y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%d" %s text-anchor="end">%d</text>`+"\n", marginL-6, y(v)+4, plotFont, v)
	}
	for n := 0; n <= xmax; n += xstep {
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000000"/>`+"\n", x(n), marginT+innerH, x(n), marginT+innerH+4)
		fmt.Fprintf(&b, `<text x="%d" y="%d" %s text-anchor="middle">%d</text>`+"\n", x(n), marginT+innerH+18, plotFont, n)
	}
	fmt.Fprintf(&b, `<path d="M%d %dV%dH%d" fill="none" stroke="#000000"/>`+"\n", marginL, marginT, marginT+innerH, marginL+innerW)
	fmt.Fprintf(&b, `<text x="%d" y="%d" %s text-anchor="middle">N (devices in the failing flush)</text>`+"\n", marginL+innerW/2, plotH-8, plotFont)
	fmt.Fprintf(&b, `<text x="14" y="%d" %s text-anchor="middle" transform="rotate(-90 14 %d)">tests, ATC timeouts (wall ≈ timeouts × ATS timeout)</text>`+"\n", marginT+innerH/2, plotFont, marginT+innerH/2)
	// Series and legend.
	for i, s := range ss {
		if len(s.pts) == 0 {
			continue
		}
		dash := ""
		if s.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, s.dash)
		}
		var d strings.Builder
		for j, p := range s.pts {
			cmd := "L"
			if j == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%d %d", cmd, x(p[0]), y(p[1]))
		}
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="2"%s><title>%s</title></path>`+"\n", d.String(), s.color, dash, s.label)
		ly := marginT + 10 + i*20
		lx := marginL + innerW + 12
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`+"\n", lx, ly, lx+24, ly, s.color, dash)
		fmt.Fprintf(&b, `<text x="%d" y="%d" %s>%s</text>`+"\n", lx+30, ly+4, plotFont, s.label)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// niceStep picks a tick step of 1, 2 or 5 times a power of ten giving at
// most maxTicks ticks up to v.
func niceStep(v int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if v/(m*p) <= maxTicks {
				return m * p
			}
		}
	}
}
