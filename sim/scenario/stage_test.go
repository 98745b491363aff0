package scenario

import (
	"strings"
	"testing"
)

// A stage-1 domain is refused (issue 14 item 3): the model has no context
// descriptors, and building a stage-2 STE for it would misteach.
func TestStage1Refused(t *testing.T) {
	_, err := Parse("t.scn", []byte("domain guest stage=1\nendpoint ep0 domain=guest\n"))
	want := "t.scn:1:14: domain guest: stage=1 is not supported: the model has no context descriptors"
	if err == nil {
		t.Fatalf("stage=1 parsed; want %q", want)
	}
	if first := strings.Split(err.Error(), "\n")[0]; !strings.HasPrefix(first, want) {
		t.Errorf("got  %s\nwant %s", first, want)
	}
	if _, err := Parse("t.scn", []byte("domain vm stage=2\nendpoint ep0 domain=vm\n")); err != nil {
		t.Errorf("stage=2: %v", err)
	}
}
