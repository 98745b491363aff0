package intent

import (
	"reflect"
	"testing"
)

func TestFrom(t *testing.T) {
	tests := []struct {
		name string
		raw  Raw
		want []Intent
	}{
		{"nothing", Raw{}, nil},
		{"space plays", Raw{Space: true}, []Intent{{Kind: TogglePlay}}},
		{"remote's period steps", Raw{Period: true}, []Intent{{Kind: Step}}},
		{"keys in a fixed order", Raw{Left: true, Space: true, Question: true}, []Intent{{Kind: TogglePlay}, {Kind: StepBack}, {Kind: Help}}},
		{"click selects", Raw{Click: true, X: 10, Y: 20}, []Intent{{Kind: Select, X: 10, Y: 20}}},
		{"a drag pans, not selects", Raw{Click: true, Dragging: true, DX: 3, DY: -1}, []Intent{{Kind: Pan, DX: 3, DY: -1}}},
		{"hover", Raw{Moved: true, X: 1, Y: 2}, []Intent{{Kind: Hover, X: 1, Y: 2}}},
		{"wheel zooms at the pointer", Raw{Wheel: -1, X: 5, Y: 6}, []Intent{{Kind: Zoom, X: 5, Y: 6, DY: -1}}},
	}
	for _, tt := range tests {
		if got := From(tt.raw, nil); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestFromNoAlloc(t *testing.T) {
	buf := make([]Intent, 0, 8)
	r := Raw{Space: true, Right: true, Click: true, Wheel: 1}
	if n := testing.AllocsPerRun(100, func() { buf = From(r, buf[:0]) }); n != 0 {
		t.Fatalf("%.0f allocations per tick", n)
	}
}
