package serve

import (
	"strings"
	"testing"
)

// The variants an Accept-Encoding value accepts, best first: tokens and
// q values are parsed, never matched as substrings.
func TestAcceptable(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br gzip"}, // Chromium's: br first at equal q
		{"gzip, deflate, br", "br gzip"},
		{"GZIP, BR", "br gzip"}, // tokens are case-insensitive
		{"gzip;q=0", ""},        // q=0: not acceptable
		{"gzip;q=0.000", ""},
		{"gzip; q=0, br;q=0", ""},
		{"br;q=0, gzip", "gzip"},
		{"xbrx", ""}, // not br
		{"gzipx, brotli", ""},
		{"x-gzip", "gzip"}, // RFC 9110: x-gzip is gzip
		{"gzip;q=1.0, br;q=0.5", "gzip br"},
		{"gzip;q=0.9, br;q=0.8", "gzip br"},
		{"br;q=0.8, gzip;q=0.8", "br gzip"},
		{"*", "br gzip"},
		{"*;q=0.5, gzip", "gzip br"},
		{"*;q=0", ""},
		{"*, br;q=0", "gzip"},
		{"gzip;q=0.5, identity", ""},           // identity is preferred
		{"gzip;q=0.5, identity;q=0.5", "gzip"}, // a tie goes to the smaller transfer
		{"gzip, *;q=0", "gzip"},                // identity refused too: still the best there is
		{"gzip;q=2", ""},                       // malformed q values ignore the entry
		{"gzip;q=NaN", ""},
		{"gzip;q=-1", ""},
		{"gzip;q=0.1234", ""},
		{"gzip;q=1.001", ""},
		{"gzip;q=", ""},
		{"gzip;level=1;q=0.5, br;q=0.4", "gzip br"},
		{" , ,gzip , ", "gzip"},
		{"gzip, gzip;q=0", ""}, // an explicit refusal anywhere wins
	} {
		var got []string
		for _, e := range acceptable(c.header) {
			got = append(got, e.name)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("Accept-Encoding %q: %q, want %q", c.header, g, c.want)
		}
	}
}

// The handler uses the parsed preferences: q=0 and look-alike tokens get
// the plain file, a higher q for gzip gets gzip over br.
func TestServeAcceptEncoding(t *testing.T) {
	_, srv := site(t)
	for _, c := range []struct{ accept, want string }{
		{"gzip;q=0", ""},
		{"xbrx", ""},
		{"br;q=0, gzip", "gzip"},
		{"gzip;q=1, br;q=0.5", "gzip"},
		{"gzip, br", "br"},
	} {
		if resp, _ := get(t, srv.URL+"/smmuplay.wasm", c.accept); resp.Header.Get("Content-Encoding") != c.want {
			t.Errorf("Accept-Encoding %q: encoding %q, want %q", c.accept, resp.Header.Get("Content-Encoding"), c.want)
		}
	}
}
