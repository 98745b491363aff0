package trace

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// exactNS converts a decimal number of microseconds to nanoseconds
// without floating point; more than three decimals is an error (the
// exporter has nanosecond precision).
func exactNS(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 3 || strings.ContainsAny(s, "eE") {
		return 0, fmt.Errorf("%s: not a microsecond value with ns precision", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, err
	}
	f := int64(0)
	if frac != "" {
		f, err = strconv.ParseInt((frac + "00")[:3], 10, 64)
		if err != nil {
			return 0, err
		}
	}
	if w < 0 {
		return 0, fmt.Errorf("%s: negative", s)
	}
	return w*1000 + f, nil
}

// validate checks a trace against the Trace Event format's rules as
// Perfetto and chrome://tracing apply them: the JSON object form; the
// fields each phase requires; names for every process and thread that
// carries events; per track, timestamps that never go back, B/E pairs
// that nest and balance, and X slices that nest with them.
func validate(data []byte) error {
	var doc struct {
		TraceEvents     []map[string]json.RawMessage `json:"traceEvents"`
		DisplayTimeUnit string                       `json:"displayTimeUnit"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	if doc.TraceEvents == nil {
		return fmt.Errorf("no traceEvents array")
	}
	if u := doc.DisplayTimeUnit; u != "" && u != "ms" && u != "ns" {
		return fmt.Errorf("displayTimeUnit %q", u)
	}
	type tk struct{ pid, tid int64 }
	type slice struct{ start, end float64 }
	procNames := map[int64]bool{}
	threadNames := map[tk]bool{}
	used := map[tk]bool{}
	lastTs := map[tk]float64{}
	openB := map[tk][]slice{}
	slices := map[tk][]slice{}
	for i, raw := range doc.TraceEvents {
		str := func(k string) (string, error) {
			var s string
			v, ok := raw[k]
			if !ok {
				return "", fmt.Errorf("event %d: no %q", i, k)
			}
			if err := json.Unmarshal(v, &s); err != nil {
				return "", fmt.Errorf("event %d: %q is not a string", i, k)
			}
			return s, nil
		}
		// Numbers are read exactly: ts and dur as integer nanoseconds,
		// so touching slices are not made to overlap by rounding.
		num := func(k string) (float64, error) {
			v, ok := raw[k]
			if !ok {
				return 0, fmt.Errorf("event %d: no %q", i, k)
			}
			var n json.Number
			if err := json.Unmarshal(v, &n); err != nil {
				return 0, fmt.Errorf("event %d: %q is not a number", i, k)
			}
			if k == "ts" || k == "dur" {
				ns, err := exactNS(string(n))
				if err != nil {
					return 0, fmt.Errorf("event %d: %q: %v", i, k, err)
				}
				return float64(ns), nil
			}
			return n.Float64()
		}
		ph, err := str("ph")
		if err != nil {
			return err
		}
		name, err := str("name")
		if err != nil {
			return err
		}
		pid, err := num("pid")
		if err != nil {
			return err
		}
		if ph == "M" {
			var args map[string]any
			json.Unmarshal(raw["args"], &args)
			switch name {
			case "process_name", "thread_name":
				if _, ok := args["name"].(string); !ok {
					return fmt.Errorf("event %d: %s without args.name", i, name)
				}
			case "process_sort_index", "thread_sort_index":
				if _, ok := args["sort_index"].(float64); !ok {
					return fmt.Errorf("event %d: %s without args.sort_index", i, name)
				}
			default:
				return fmt.Errorf("event %d: unknown metadata %q", i, name)
			}
			if name == "process_name" {
				procNames[int64(pid)] = true
			}
			if name == "thread_name" {
				tid, err := num("tid")
				if err != nil {
					return err
				}
				threadNames[tk{int64(pid), int64(tid)}] = true
			}
			continue
		}
		tid, err := num("tid")
		if err != nil {
			return err
		}
		ts, err := num("ts")
		if err != nil {
			return err
		}
		if ts < 0 {
			return fmt.Errorf("event %d: negative ts", i)
		}
		t := tk{int64(pid), int64(tid)}
		used[t] = true
		if ts < lastTs[t] {
			return fmt.Errorf("event %d (%s): ts %v before %v on track %v", i, name, ts, lastTs[t], t)
		}
		lastTs[t] = ts
		switch ph {
		case "X":
			dur, err := num("dur")
			if err != nil {
				return err
			}
			if dur < 0 {
				return fmt.Errorf("event %d: negative dur", i)
			}
			slices[t] = append(slices[t], slice{ts, ts + dur})
		case "B":
			openB[t] = append(openB[t], slice{start: ts})
		case "E":
			st := openB[t]
			if len(st) == 0 {
				return fmt.Errorf("event %d (%s): E without B on track %v", i, name, t)
			}
			b := st[len(st)-1]
			openB[t] = st[:len(st)-1]
			slices[t] = append(slices[t], slice{b.start, ts})
		case "i", "I":
			if s, ok := raw["s"]; ok {
				var sc string
				json.Unmarshal(s, &sc)
				if sc != "t" && sc != "p" && sc != "g" {
					return fmt.Errorf("event %d: instant scope %q", i, sc)
				}
			}
		default:
			return fmt.Errorf("event %d: phase %q", i, ph)
		}
	}
	for t, st := range openB {
		if len(st) > 0 {
			return fmt.Errorf("track %v: %d B events never ended", t, len(st))
		}
	}
	for t := range used {
		if !procNames[t.pid] {
			return fmt.Errorf("pid %d has no process_name", t.pid)
		}
		if !threadNames[t] {
			return fmt.Errorf("track %v has no thread_name", t)
		}
	}
	for t, ss := range slices {
		sort.SliceStable(ss, func(a, b int) bool {
			if ss[a].start != ss[b].start {
				return ss[a].start < ss[b].start
			}
			return ss[a].end > ss[b].end
		})
		var stack []slice
		for _, s := range ss {
			for len(stack) > 0 && stack[len(stack)-1].end <= s.start {
				stack = stack[:len(stack)-1]
			}
			if len(stack) > 0 && s.end > stack[len(stack)-1].end {
				return fmt.Errorf("track %v: slice [%v,%v] overlaps [%v,%v] without nesting", t, s.start, s.end, stack[len(stack)-1].start, stack[len(stack)-1].end)
			}
			stack = append(stack, s)
		}
	}
	return nil
}
