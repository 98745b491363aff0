package main

import (
	"fmt"
	"sort"
	"strings"
)

// A poster is found by the URL fragment of the state it shows. The page
// (web/poster.js) and this command reduce a fragment to a key the same
// way, on the raw text (no decoding, so both sides see the same bytes):
// drop the presentation keys, drop scenario=default (the zero value),
// sort the pairs by key, join them with '&'. A fragment the Go side wrote
// (play.Params.Fragment, already sorted) and the same fragment with
// chrome=min appended by a page reduce to one key. The file name is not
// the key (tutorial fragments carry the scenario text) but the key's
// FNV-1a hash, which poster.js computes too.

// viewKeys are the fragment keys that do not change the picture a
// poster shows (the theme picks one of the poster's files instead).
var viewKeys = map[string]bool{"chrome": true, "ro": true, "theme": true}

// moveKeys are where the viewer stands in the run: without them the key
// is the run's start (the first fallback).
var moveKeys = map[string]bool{"n": true, "faults": true, "sel": true, "order": true, "details": true}

// Key reduces a fragment (with or without its '#') to the picture it
// names, at a level: 0 exact, 1 the same run at its start, 2 the same
// scenario at its start with its own settings.
func Key(frag string, level int) string {
	frag = strings.TrimPrefix(frag, "#")
	var pairs []string
	for _, p := range strings.Split(frag, "&") {
		k, _, _ := strings.Cut(p, "=")
		switch {
		case p == "" || viewKeys[k] || p == "scenario=default":
		case level >= 1 && moveKeys[k]:
		case level >= 2 && k != "scenario" && k != "src":
		default:
			pairs = append(pairs, p)
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return keyOf(pairs[i]) < keyOf(pairs[j]) })
	return strings.Join(pairs, "&")
}

func keyOf(pair string) string { k, _, _ := strings.Cut(pair, "="); return k }

// Hash is a key's name in the manifest: FNV-1a (32 bits) of its bytes,
// as 8 hex digits. Keys are ASCII (fragments are percent-encoded), so
// poster.js hashes the same bytes as UTF-16 code units.
func Hash(key string) string {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	return fmt.Sprintf("%08x", h)
}
