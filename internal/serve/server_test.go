package serve

import "testing"

// The server that serve.go, the browser tests and cmd/webbench share
// closes idle and stalled connections: without IdleTimeout a keep-alive
// connection stays open for as long as the client likes.
func TestServerTimeouts(t *testing.T) {
	srv := NewServer("127.0.0.1:0", t.TempDir())
	if srv.IdleTimeout <= 0 || srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 {
		t.Errorf("IdleTimeout %v, ReadHeaderTimeout %v, ReadTimeout %v: want all set", srv.IdleTimeout, srv.ReadHeaderTimeout, srv.ReadTimeout)
	}
	if srv.ReadHeaderTimeout > srv.ReadTimeout {
		t.Errorf("ReadHeaderTimeout %v exceeds ReadTimeout %v", srv.ReadHeaderTimeout, srv.ReadTimeout)
	}
	// No WriteTimeout: it would cut off a slow download of the wasm.
	if srv.WriteTimeout != 0 {
		t.Errorf("WriteTimeout %v would cut off slow downloads", srv.WriteTimeout)
	}
	if srv.MaxHeaderBytes <= 0 || srv.Handler == nil || srv.Addr != "127.0.0.1:0" {
		t.Errorf("MaxHeaderBytes %d, Handler %v, Addr %q", srv.MaxHeaderBytes, srv.Handler, srv.Addr)
	}
}
