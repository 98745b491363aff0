package sim

import (
	"hash/fnv"
	"math/bits"
	"math/rand/v2"
)

// stream is a named, independently seeded PCG generator. Each subsystem
// (the workload, every endpoint's DMA engine) draws from its own stream so
// that adding or removing one does not shift the others' draws.
type stream struct {
	pcg rand.PCG
}

func newStream(seed uint64, name string) stream {
	h := fnv.New64a()
	h.Write([]byte(name))
	var s stream
	s.pcg.Seed(seed, h.Sum64())
	return s
}

// intn returns a uniform value in [0, n) without modulo bias.
func (s *stream) intn(n int) int {
	if n <= 1 {
		return 0
	}
	// Lemire's multiply-and-reject, as math/rand/v2 does, on our own source
	// so the generator state is a plain value that checkpoints can copy.
	bound := uint64(n)
	for {
		x := s.pcg.Uint64()
		hi, lo := bits.Mul64(x, bound)
		if lo < bound {
			thresh := -bound % bound
			if lo < thresh {
				continue
			}
		}
		return int(hi)
	}
}
