package serve

// The Content-Security-Policy sent with every file. It allows exactly
// what the pages in web/ and the tutorials' pages use (TestPagesFitPolicy
// checks their markup, the browser tests their console):
//   - scripts only from the site's own files: no inline scripts, no
//     eval; 'wasm-unsafe-eval' lets them compile Go's wasm;
//   - style sheets only from the site: no <style> and no style="…" in the
//     markup (scripts setting element.style are not inline styles);
//   - images from the site (the posters) and data: URLs, for the empty
//     favicon (<link rel="icon" href="data:,">) that spares a request;
//   - fetches and frames from the site: the wasm, and embed.html in the
//     playground's stage, the lab, side by side and the tutorials;
//   - no plugins (object-src), no <base> elsewhere, forms to the site.
//
// Blob URLs need no source: the Export buttons download through an
// <a download> of an object URL, a navigation no fetch directive governs.
const policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"

// embeddable are the pages other sites may put in an iframe: the embed
// (its docs in docs/embedding.md). Every other page may be framed only by
// the site itself, which keeps clickjacking off the playground's forms.
var embeddable = map[string]bool{"embed.html": true}

// contentSecurityPolicy returns the policy for the file name (relative to
// the folder, slash-separated).
func contentSecurityPolicy(name string) string {
	if embeddable[name] {
		return policy + "; frame-ancestors *"
	}
	return policy + "; frame-ancestors 'self'"
}
