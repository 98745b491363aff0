//go:build !js

// Package main_test holds the dependency policy of the two engines
// (engine.go), checked natively with go list.
package main_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// labOnly are packages the playground engine must not link: the tutorial
// renderer (goldmark) and the lab. They are why smmulab.wasm exists.
var labOnly = []string{
	"github.com/yuin/goldmark",
	"github.com/smmuplay/smmuplay/tutorials",
	"github.com/smmuplay/smmuplay/internal/labweb",
	"github.com/smmuplay/smmuplay/lab/race",
	"github.com/smmuplay/smmuplay/lab/strategy",
	"github.com/smmuplay/smmuplay/lab/sidebyside",
	"github.com/smmuplay/smmuplay/lab/dmesg",
}

// wasmDeps lists what the engine built with tags links.
func wasmDeps(t *testing.T, tags string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-tags", tags, "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "syscall/js") || !slices.Contains(deps, "github.com/smmuplay/smmuplay/play") {
		t.Fatalf("go list -deps gave %d packages without syscall/js or play: the check is broken", len(deps))
	}
	return deps
}

// TestPlaygroundEngineLeavesTheLabOut: the playground engine
// (smmuplay.wasm) links neither goldmark nor the lab, and keeps the
// exports and the exercises; the lab engine (-tags lab) links them all.
func TestPlaygroundEngineLeavesTheLabOut(t *testing.T) {
	play, lab := wasmDeps(t, ""), wasmDeps(t, "lab")
	for _, p := range labOnly {
		if slices.Contains(play, p) {
			t.Errorf("the playground engine links %s", p)
		}
		if !slices.Contains(lab, p) {
			t.Errorf("the lab engine lacks %s", p)
		}
	}
	for _, p := range []string{"github.com/smmuplay/smmuplay/internal/export", "github.com/smmuplay/smmuplay/tutorials/exercise"} {
		if !slices.Contains(play, p) {
			t.Errorf("the playground engine lacks %s", p)
		}
	}
}
