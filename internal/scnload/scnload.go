// Package scnload is how the command-line tools find a scenario: a
// built-in name or a file, with the flags that change it (-endpoints,
// -broken, -unmaps, -policy, -strategy, -seed). smmusim and smmulab share
// it, so both read files the same way and refuse the same bad flags.
package scnload

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim/builtin"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// MaxFileBytes bounds a scenario file. The language's own limits
// (scenario.MaxSteps lines and short words) fit well inside it; a bigger
// file (or /dev/zero) is a mistake, refused before the parser's memory
// grows with it.
const MaxFileBytes = 1 << 20

// Flags are the scenario flags, spelled as smmusim spells them.
type Flags struct {
	Scenario  string
	Policy    string
	Strategy  string
	Broken    string
	Seed      string
	Endpoints count // 0 when not given
	Unmaps    count
}

// count is an int flag that knows whether it was given: "-endpoints 0"
// must be refused, not taken for "keep the scenario's".
type count struct {
	v   int
	set bool
}

func (c *count) String() string { return strconv.Itoa(c.v) }

// Given reports whether the flag was given.
func (c *count) Given() bool { return c.set }

func (c *count) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("not an integer")
	}
	c.v, c.set = v, true
	return nil
}

// Register adds the flags to fs (-policy only when withPolicy: a side by
// side sets each pane's own).
func (f *Flags) Register(fs *flag.FlagSet, withPolicy bool) {
	fs.StringVar(&f.Scenario, "scenario", "default", "built-in scenario name or scenario file")
	if withPolicy {
		fs.StringVar(&f.Policy, "policy", "", "driver policy: baseline or series (default: the scenario's)")
	}
	fs.StringVar(&f.Strategy, "strategy", "", "series retry strategy: per-device or halving")
	fs.Var(&f.Endpoints, "endpoints", "number of endpoints, 1..1024 (scenarios with an `endpoints N` line)")
	fs.StringVar(&f.Broken, "broken", "", "comma-separated endpoints that never answer invalidations (\"-\" for none)")
	fs.Var(&f.Unmaps, "unmaps", fmt.Sprintf("number of unmaps of the workload, 1..%d", scenario.MaxUnmaps))
	fs.StringVar(&f.Seed, "seed", "", "seed (default: the scenario's, else 1)")
}

// SeedValue is the -seed value and whether it was given (Source checked it).
func (f *Flags) SeedValue() (uint64, bool) {
	if f.Seed == "" {
		return 0, false
	}
	v, _ := strconv.ParseUint(f.Seed, 0, 64)
	return v, true
}

// Source checks the flags and returns the scenario's name, its text and
// the overrides to parse it with.
func (f *Flags) Source() (name string, src []byte, ov scenario.Overrides, err error) {
	if f.Endpoints.set && (f.Endpoints.v < 1 || f.Endpoints.v > scenario.MaxEndpoints) {
		return "", nil, ov, fmt.Errorf("-endpoints %d: want 1 to %d", f.Endpoints.v, scenario.MaxEndpoints)
	}
	if f.Unmaps.set && (f.Unmaps.v < 1 || f.Unmaps.v > scenario.MaxUnmaps) {
		return "", nil, ov, fmt.Errorf("-unmaps %d: want 1 to %d", f.Unmaps.v, scenario.MaxUnmaps)
	}
	if f.Seed != "" {
		if _, err := strconv.ParseUint(f.Seed, 0, 64); err != nil {
			return "", nil, ov, fmt.Errorf("-seed %q: not an unsigned integer", f.Seed)
		}
	}
	// -policy and -strategy are checked by scenario.ParseWith, like text;
	// so are -broken's names (declared, not repeated).
	ov = scenario.Overrides{Endpoints: f.Endpoints.v, Unmaps: f.Unmaps.v, Policy: f.Policy, Strategy: f.Strategy}
	switch f.Broken {
	case "":
	case "-":
		ov.Broken = []string{}
	default:
		ov.Broken = strings.Split(f.Broken, ",")
	}
	src, err = Read(f.Scenario)
	if err != nil {
		return "", nil, ov, err
	}
	return f.Scenario, src, ov, nil
}

// Parse is Source then scenario.ParseWith.
func (f *Flags) Parse() (*scenario.Scenario, error) {
	name, src, ov, err := f.Source()
	if err != nil {
		return nil, err
	}
	return scenario.ParseWith(name, src, ov)
}

// Read returns a built-in scenario's text, or else the file's.
func Read(name string) ([]byte, error) {
	if src, ok := builtin.Source(name); ok {
		return src, nil
	}
	b, err := ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("-scenario %q: no built-in scenario or file of that name (built-ins: %s)", name, strings.Join(builtin.Names(), ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("-scenario: %w", err)
	}
	return b, nil
}

// ReadFile reads a regular file of at most MaxFileBytes. A FIFO, a device
// or a directory is refused before it is opened (opening a FIFO waits for
// a writer; /dev/zero never ends).
func ReadFile(path string) ([]byte, error) {
	return ReadRegular(path, MaxFileBytes)
}

// ReadRegular reads a regular file of at most limit bytes: the tools'
// other inputs (a dmesg capture) go through it too.
func ReadRegular(path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file (%s)", path, kind(st.Mode()))
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes; this input may have at most %d", path, st.Size(), limit)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have grown (or been swapped) since the Stat.
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: more than %d bytes; this input may have at most %d", path, limit, limit)
	}
	return b, nil
}

func kind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
}
