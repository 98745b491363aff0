package sim

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/smmuplay/smmuplay/sim/scenario"
)

// benchScenario is the speed target: N endpoints in one domain,
// the host unmapping continuously.
func benchScenario(tb testing.TB, n, unmaps int, policy, broken string) *scenario.Scenario {
	tb.Helper()
	src := fmt.Sprintf("policy %s\nendpoints %d\nworkload unmaps=%d period=20us\n", policy, n, unmaps)
	if broken != "" {
		src += "broken " + broken + "\n"
	}
	src += "run\n"
	sc, err := scenario.Parse("bench", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

func runBench(b *testing.B, sc *scenario.Scenario) {
	var events int64
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := New(sc, uint64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		s.SetChecks(false)
		if err := s.RunProgram(0); err != nil {
			b.Fatal(err)
		}
		events += s.N()
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(events)/sec, "events/s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(events), "allocs/event")
	b.ReportMetric(float64(events)/float64(b.N), "events/run")
}

// BenchmarkHealthy64 is the 64-endpoint scenario of the hardware issue.
func BenchmarkHealthy64(b *testing.B) { runBench(b, benchScenario(b, 64, 200, "series", "")) }

// BenchmarkHealthy256 is the 256-endpoint, 1,000-unmap speed target.
func BenchmarkHealthy256(b *testing.B) { runBench(b, benchScenario(b, 256, 1000, "series", "")) }

// BenchmarkSeries256 quarantines one of 256 endpoints while unmapping.
func BenchmarkSeries256(b *testing.B) { runBench(b, benchScenario(b, 256, 1000, "series", "ep77")) }

// BenchmarkSeek measures going to a random event of a long run.
func BenchmarkSeek(b *testing.B) {
	s, err := New(benchScenario(b, 256, 1000, "series", ""), 1)
	if err != nil {
		b.Fatal(err)
	}
	s.SetChecks(false)
	if err := s.RunProgram(0); err != nil {
		b.Fatal(err)
	}
	total := s.N()
	r := newStream(7, "seek")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.GoTo(int64(r.intn(int(total))) + 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total), "events/run")
}

// BenchmarkMillionEvents reports the memory a ~10^6-event run holds (events,
// log, checkpoints). Run it alone: Sys is what the process got from the OS.
func BenchmarkMillionEvents(b *testing.B) {
	sc := benchScenario(b, 256, 1000, "series", "")
	var s *Sim
	for i := 0; i < b.N; i++ {
		var err error
		if s, err = New(sc, 1); err != nil {
			b.Fatal(err)
		}
		if err := s.RunProgram(0); err != nil {
			b.Fatal(err)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(s.N()), "events/run")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
}
