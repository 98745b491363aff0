// Package play is the playground's controller, shared by the browser page
// and its tests: it turns what a visitor chose (a scenario, a seed, a
// policy, faults injected along the way, a position in the run) into a
// simulation, and back into a URL fragment that restores exactly that
// state. It imports neither syscall/js nor Ebiten, so it is tested natively.
package play

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/internal/shorten"
)

// Params is everything that determines a run and where the viewer stands
// in it. The zero value is the built-in "default" scenario at its start.
type Params struct {
	Scenario  string   // built-in scenario name; ignored when Source is set
	Source    string   // scenario text (a tutorial block, an imported dmesg)
	Seed      uint64   // meaningful when HasSeed
	HasSeed   bool     // false: the scenario's own seed, else 1
	Policy    string   // "" keeps the scenario's; baseline | series | none
	Strategy  string   // "" keeps the scenario's; per-device | halving
	Endpoints int      // 0 keeps the scenario's count
	Broken    []string // endpoints made unresponsive at the start
	N         int64    // the event the viewer stands after
	Faults    []Fault  // faults injected from the page, in event order
	Select    string   // the selected object: ep3, slot:12, reg:CMDQ_CONS
	Order     []int    // race explorer: the choice taken at each choice point (see sim.Options)
	View      View     // how the page shows it (not part of the run)
}

// Fault is a fault button pressed after event At.
type Fault struct {
	At   int64  // the event count when it was pressed
	EP   string // endpoint name
	Kind string // one of FaultKinds
}

// FaultKinds are the fault buttons of the page.
var FaultKinds = []string{"silent", "slow", "healthy", "flr-ok", "flr-fail"}

// View holds the presentation options of the page and of embeds.
type View struct {
	Chrome   string // "" (full page) | "min" (canvas and a control row) | "none"
	ReadOnly bool   // no controls that change the run
	Theme    string // "" or "auto" | "light" | "dark"
	Details  bool   // the canvas shows the selection's details itself (an embed with no panel of its own)
}

// Limits of what a fragment may ask for.
const (
	MaxSource = 64 << 10 // bytes of scenario text
	MaxFaults = 256
	MaxN      = 50_000_000
)

// ParseFragment reads a URL fragment (with or without its leading '#').
// Errors name the key and what was wrong with it.
func ParseFragment(frag string) (Params, error) {
	var p Params
	frag = strings.TrimPrefix(frag, "#")
	if frag == "" {
		return p, nil
	}
	q, err := url.ParseQuery(frag)
	if err != nil {
		return p, fmt.Errorf("URL fragment: %v", err)
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error reported does not depend on map order
	for _, k := range keys {
		vs := q[k]
		if len(vs) != 1 {
			return p, fmt.Errorf("URL fragment: %s is given %d times", clip(k), len(vs))
		}
		if err := p.set(k, vs[0]); err != nil {
			return p, fmt.Errorf("URL fragment: %s=%s: %v", clipKey(k), clip(vs[0]), err)
		}
	}
	return p, nil
}

// SetField sets one field as a fragment key would, for callers that hold
// the fields separately (the JS API's load({...})): "source" takes the
// scenario text itself, every other key its fragment value. Errors name
// the key and what was wrong.
func (p *Params) SetField(k, v string) error {
	if k == "source" {
		if len(v) > MaxSource {
			return fmt.Errorf("source: scenario text is %d bytes; at most %d", len(v), MaxSource)
		}
		p.Source = v
		return nil
	}
	if err := p.set(k, v); err != nil {
		return fmt.Errorf("%s=%s: %v", clipKey(k), clip(v), err)
	}
	return nil
}

func (p *Params) set(k, v string) error {
	var err error
	switch k {
	case "scenario":
		if !validName(v) {
			return fmt.Errorf("want a scenario name (letters, digits, '-')")
		}
		p.Scenario = v
	case "src":
		b, e := base64.RawURLEncoding.DecodeString(v)
		if e != nil {
			return fmt.Errorf("want base64url scenario text: %v", e)
		}
		if len(b) > MaxSource {
			return fmt.Errorf("scenario text is %d bytes; at most %d", len(b), MaxSource)
		}
		p.Source = string(b)
	case "seed":
		if p.Seed, err = strconv.ParseUint(v, 0, 64); err != nil {
			return fmt.Errorf("want an unsigned 64-bit number")
		}
		p.HasSeed = true
	case "policy":
		if !oneOf(v, "baseline", "series", "none") {
			return fmt.Errorf("want baseline, series or none")
		}
		p.Policy = v
	case "strategy":
		if !oneOf(v, "per-device", "halving") {
			return fmt.Errorf("want per-device or halving")
		}
		p.Strategy = v
	case "endpoints":
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 256 {
			return fmt.Errorf("want a number of endpoints from 1 to 256")
		}
		p.Endpoints = n
	case "broken":
		if v == "" {
			return nil
		}
		for _, ep := range strings.Split(v, ",") {
			if !validName(ep) {
				return fmt.Errorf("%s is not an endpoint name", clip(ep))
			}
			p.Broken = append(p.Broken, ep)
		}
	case "n":
		n, e := strconv.ParseInt(v, 10, 64)
		if e != nil || n < 0 || n > MaxN {
			return fmt.Errorf("want an event number from 0 to %d", MaxN)
		}
		p.N = n
	case "faults":
		return p.setFaults(v)
	case "order":
		if v == "" {
			return nil
		}
		for _, c := range strings.Split(v, ".") {
			n, e := strconv.Atoi(c)
			if e != nil || n < 0 || n > 255 {
				return fmt.Errorf("want choices like 0.2.1 (each 0..255)")
			}
			p.Order = append(p.Order, n)
		}
		if len(p.Order) > MaxFaults {
			return fmt.Errorf("%d choices; at most %d", len(p.Order), MaxFaults)
		}
	case "sel":
		if _, e := ParseTarget(v); e != nil {
			return e
		}
		p.Select = v
	case "chrome":
		if !oneOf(v, "", "full", "min", "none") {
			return fmt.Errorf("want full, min or none")
		}
		if v == "full" {
			v = ""
		}
		p.View.Chrome = v
	case "ro":
		if !oneOf(v, "0", "1") {
			return fmt.Errorf("want 0 or 1")
		}
		p.View.ReadOnly = v == "1"
	case "theme":
		if !oneOf(v, "auto", "light", "dark") {
			return fmt.Errorf("want auto, light or dark")
		}
		if v == "auto" {
			v = ""
		}
		p.View.Theme = v
	case "details":
		if !oneOf(v, "0", "1") {
			return fmt.Errorf("want 0 or 1")
		}
		p.View.Details = v == "1"
	default:
		return fmt.Errorf("unknown key (known: scenario, src, seed, policy, strategy, endpoints, broken, n, faults, order, sel, chrome, ro, theme, details)")
	}
	return nil
}

// faults=120:ep3:silent,400:ep3:flr-ok
func (p *Params) setFaults(v string) error {
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	if len(parts) > MaxFaults {
		return fmt.Errorf("%d faults; at most %d", len(parts), MaxFaults)
	}
	last := int64(-1)
	for _, s := range parts {
		f := strings.Split(s, ":")
		if len(f) != 3 {
			return fmt.Errorf("fault %s: want EVENT:ENDPOINT:KIND", clip(s))
		}
		at, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || at < 0 || at > MaxN {
			return fmt.Errorf("fault %s: want an event number from 0 to %d", clip(s), MaxN)
		}
		if at < last {
			return fmt.Errorf("fault %s: faults must be in event order", clip(s))
		}
		last = at
		if !validName(f[1]) {
			return fmt.Errorf("fault %s: %s is not an endpoint name", clip(s), clip(f[1]))
		}
		if !oneOf(f[2], FaultKinds...) {
			return fmt.Errorf("fault %s: kind %s: want one of %s", clip(s), clip(f[2]), strings.Join(FaultKinds, ", "))
		}
		p.Faults = append(p.Faults, Fault{At: at, EP: f[1], Kind: f[2]})
	}
	return nil
}

// Fragment encodes p as a URL fragment (without '#'), keys sorted, zero
// values left out, so equal Params give equal fragments.
func (p Params) Fragment() string {
	q := url.Values{}
	if p.Source != "" {
		q.Set("src", base64.RawURLEncoding.EncodeToString([]byte(p.Source)))
	} else if p.Scenario != "" {
		q.Set("scenario", p.Scenario)
	}
	if p.HasSeed {
		q.Set("seed", strconv.FormatUint(p.Seed, 10))
	}
	if p.Policy != "" {
		q.Set("policy", p.Policy)
	}
	if p.Strategy != "" {
		q.Set("strategy", p.Strategy)
	}
	if p.Endpoints != 0 {
		q.Set("endpoints", strconv.Itoa(p.Endpoints))
	}
	if len(p.Broken) > 0 {
		q.Set("broken", strings.Join(p.Broken, ","))
	}
	if p.N != 0 {
		q.Set("n", strconv.FormatInt(p.N, 10))
	}
	if len(p.Faults) > 0 {
		fs := make([]string, len(p.Faults))
		for i, f := range p.Faults {
			fs[i] = fmt.Sprintf("%d:%s:%s", f.At, f.EP, f.Kind)
		}
		q.Set("faults", strings.Join(fs, ","))
	}
	if len(p.Order) > 0 {
		cs := make([]string, len(p.Order))
		for i, c := range p.Order {
			cs[i] = strconv.Itoa(c)
		}
		q.Set("order", strings.Join(cs, "."))
	}
	if p.Select != "" {
		q.Set("sel", p.Select)
	}
	if p.View.Chrome != "" {
		q.Set("chrome", p.View.Chrome)
	}
	if p.View.ReadOnly {
		q.Set("ro", "1")
	}
	if p.View.Theme != "" {
		q.Set("theme", p.View.Theme)
	}
	if p.View.Details {
		q.Set("details", "1")
	}
	return q.Encode()
}

func oneOf(v string, set ...string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// validName accepts scenario and endpoint names: 1-64 of [A-Za-z0-9_.-].
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// clipAt is how much of a value an error message quotes.
const clipAt = 60

// clip quotes v for an error message, cut to its first clipAt bytes (on a
// rune boundary) with its length when longer: a message names what was
// wrong, it does not echo a 1 MB value back into the page.
func clip(v string) string {
	if len(v) <= clipAt {
		return strconv.Quote(v)
	}
	return strconv.Quote(shorten.Prefix(v, clipAt)) + fmt.Sprintf("… (%d bytes)", len(v))
}

// clipKey is a key as written (keys are short words; a long one is cut).
func clipKey(k string) string {
	if q := clip(k); len(k) > clipAt {
		return q
	}
	return k
}
