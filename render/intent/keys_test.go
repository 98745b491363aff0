package intent

import (
	"reflect"
	"testing"
)

// TestKeysCoverRaw: every key field of Raw (its booleans but the pointer's
// Click, Moved and Dragging) has exactly one entry in Keys, and pressing
// it alone gives an intent: a key added to Raw without a line in Keys
// (and so in the page's help) fails here.
func TestKeysCoverRaw(t *testing.T) {
	pointer := map[string]bool{"Click": true, "Moved": true, "Dragging": true}
	seen := map[string]int{}
	for _, b := range Keys {
		seen[b.Field]++
		if b.Key == "" || b.Does == "" {
			t.Errorf("binding %+v: key or description missing", b)
		}
	}
	rt := reflect.TypeOf(Raw{})
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if f.Type.Kind() != reflect.Bool || pointer[f.Name] {
			continue
		}
		if seen[f.Name] != 1 {
			t.Errorf("Raw.%s is in Keys %d times, want once", f.Name, seen[f.Name])
		}
		var r Raw
		reflect.ValueOf(&r).Elem().Field(i).SetBool(true)
		if got := From(r, nil); len(got) != 1 {
			t.Errorf("Raw.%s alone gives %v, want one intent", f.Name, got)
		}
		delete(seen, f.Name)
	}
	for name := range seen {
		t.Errorf("Keys names Raw.%s, which is not a key field", name)
	}
}
