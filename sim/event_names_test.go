package sim

import (
	"strconv"
	"testing"
)

func TestEventKindNames(t *testing.T) {
	seen := map[string]EventKind{}
	for k := EvNone; k < numEventKinds; k++ {
		n := k.String()
		if eventKindNames[k] == "" {
			t.Errorf("event kind %d has no name", k)
		}
		if o, dup := seen[n]; dup {
			t.Errorf("kinds %d and %d are both named %q", o, k, n)
		}
		seen[n] = k
	}
	if EvCmdError.String() != "CmdError" || numEventKinds.String() != "Kind"+strconv.Itoa(int(numEventKinds)) {
		t.Errorf("names: %q, %q", EvCmdError.String(), numEventKinds.String())
	}
	if OpWork.String() != "broken work" || Op(99).String() != "op?" {
		t.Errorf("Op names: %q %q", OpWork, Op(99))
	}
}
