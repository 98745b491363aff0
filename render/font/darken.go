package font

// Coverage darkening ("stem darkening").
//
// The exact coverage of a stem 0.9 px wide never exceeds 0.9 anywhere,
// and at 11–13 px the regular faces' stems are about 1 px wide: placed at
// a fractional x a stem becomes two columns of partial coverage, which
// reads grey and thin, worst for light text on a dark background (the
// browser blends in sRGB, where half coverage of white over a dark grey
// looks darker than half way). Adding coverage where it is partial,
//
//	c' = c + k·c·(1−c),
//
// leaves empty and full pixels alone, stays monotonic for k ≤ 1, and makes
// thin stems read as solid. Renders of k = 0, 0.5, 1 and 1.5 at 11–13 px
// on light and dark backgrounds (see TestSample) showed k = 1 right for
// the regular faces (k = 0 leaves Go Mono grey at 11 px; 1.5 fills the
// counters of the bold faces), and half that for the bold ones, whose
// stems are already ~1.5 px. k fades out with size: full at
// darkenFullBelow px and under, none at darkenNoneAbove px and over,
// linear between. Sizes are device pixels, so DPR-2 text, whose stems are
// 2 px or more, gets little or none. Integer arithmetic only, so every
// platform gets the same bytes.
const (
	darkenFullBelow = 12 // px
	darkenNoneAbove = 24 // px
	darkenLevels    = 16 // steps of k between 0 and 1
)

// darkenWeight is k at small sizes, in 1/darkenLevels, for each face.
var darkenWeight = [NumFaces]int{Sans: 16, SansBold: 8, Mono: 16, MonoBold: 8}

// darkenTab[l] maps coverage c to c + k·c·(255−c)/255, k = l/darkenLevels.
var darkenTab = func() (t [darkenLevels + 1][256]uint8) {
	for l := range t {
		for c := range 256 {
			v := c + (l*c*(255-c)+255*darkenLevels/2)/(255*darkenLevels)
			t[l][c] = uint8(min(v, 255))
		}
	}
	return t
}()

// darkenLUT is the coverage map for face f drawn at size px.
func darkenLUT(f Face, size float32) *[256]uint8 {
	if f >= NumFaces {
		f = Sans
	}
	wt := darkenWeight[f]
	l := wt
	switch {
	case size <= darkenFullBelow:
	case size >= darkenNoneAbove:
		l = 0
	default:
		// wt × (darkenNoneAbove − size)/(darkenNoneAbove − darkenFullBelow), rounded.
		l = int(float32(wt)*(darkenNoneAbove-size)/(darkenNoneAbove-darkenFullBelow) + 0.5)
	}
	return &darkenTab[max(0, min(l, darkenLevels))]
}
