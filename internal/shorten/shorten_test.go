package shorten

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTo(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"abcdefghijk", 10, "abcdefg…"},
		{"ééééé", 7, "éé…"}, // "é" is 2 bytes, "…" 3: 4 bytes of text
		{"aéééé", 8, "aéé…"},
		{"aéééé", 7, "aé…"}, // 4 bytes would split an "é": 3
	} {
		got := To(c.in, c.n)
		if got != c.want || len(got) > c.n || !utf8.ValidString(got) {
			t.Errorf("To(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	long := strings.Repeat("日本", 1000)
	for n := 4; n < 40; n++ {
		if got := To(long, n); len(got) > n || !utf8.ValidString(got) {
			t.Errorf("To(long, %d) = %q", n, got)
		}
	}
}
