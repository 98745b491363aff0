package play

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/render/layout"
)

// Target names an object of the picture in URLs, the JS API and tutorial
// highlights: "ep:NAME" (or just the endpoint's name), "slot:K", "reg:NAME"
// (GERROR, GERRORN, CMDQ_PROD, CMDQ_CONS), "rp:K", "page:K" or "smmu".
type Target struct {
	Kind  layout.HitKind
	Name  string // endpoint name for HitEndpoint
	Index int
}

// Registers in the order of layout's register rows.
var regNames = [layout.RegisterN]string{"GERROR", "GERRORN", "CMDQ_PROD", "CMDQ_CONS"}

// ParseTarget reads a target name.
func ParseTarget(s string) (Target, error) {
	kind, arg, has := strings.Cut(s, ":")
	if !has {
		if s == "smmu" {
			return Target{Kind: layout.HitSMMU}, nil
		}
		if validName(s) {
			return Target{Kind: layout.HitEndpoint, Name: s}, nil
		}
		return Target{}, fmt.Errorf("target %q: want ep:NAME, slot:K, reg:NAME, rp:K, page:K or smmu", s)
	}
	index := func(k layout.HitKind) (Target, error) {
		i, err := strconv.Atoi(arg)
		if err != nil || i < 0 || i > 1<<20 {
			return Target{}, fmt.Errorf("target %q: want a non-negative index after %q", s, kind+":")
		}
		return Target{Kind: k, Index: i}, nil
	}
	switch kind {
	case "ep":
		if !validName(arg) {
			return Target{}, fmt.Errorf("target %q: %q is not an endpoint name", s, arg)
		}
		return Target{Kind: layout.HitEndpoint, Name: arg}, nil
	case "slot":
		return index(layout.HitSlot)
	case "rp":
		return index(layout.HitRootPort)
	case "page":
		return index(layout.HitPage)
	case "reg":
		for i, n := range regNames {
			if strings.EqualFold(arg, n) || strings.EqualFold("SMMU_"+arg, "SMMU_"+n) || strings.EqualFold(arg, "SMMU_"+n) {
				return Target{Kind: layout.HitRegister, Index: i}, nil
			}
		}
		return Target{}, fmt.Errorf("target %q: unknown register (want %s)", s, strings.Join(regNames[:], ", "))
	}
	return Target{}, fmt.Errorf("target %q: unknown kind %q (want ep, slot, reg, rp, page or smmu)", s, kind)
}

// String is the canonical name of t.
func (t Target) String() string {
	switch t.Kind {
	case layout.HitEndpoint:
		return "ep:" + t.Name
	case layout.HitSlot:
		return "slot:" + strconv.Itoa(t.Index)
	case layout.HitRegister:
		if t.Index >= 0 && t.Index < len(regNames) {
			return "reg:" + regNames[t.Index]
		}
	case layout.HitRootPort:
		return "rp:" + strconv.Itoa(t.Index)
	case layout.HitPage:
		return "page:" + strconv.Itoa(t.Index)
	case layout.HitSMMU:
		return "smmu"
	}
	return ""
}
