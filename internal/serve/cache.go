package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sync"
)

// hashedName matches a file name that carries a content hash: 8 or more
// lowercase hex digits as their own dot-separated part just before the
// extension, after a name (posters/default.0123abcd.png). Such a file
// never changes under its name: new bytes get a new name.
var hashedName = regexp.MustCompile(`^[^.]+(?:\.[^.]+)*\.[0-9a-f]{8,}\.[A-Za-z0-9]+$`)

// cacheControl is the Cache-Control for a file (see the package comment).
func cacheControl(name string) string {
	if hashedName.MatchString(path.Base(name)) {
		return "public, max-age=31536000, immutable"
	}
	return "no-cache"
}

// etags computes and remembers each file's ETag: the SHA-256 of its bytes,
// cut to 128 bits, so the .br and .gz variants and the plain file, whose
// bytes differ, get different tags, and a rebuild that writes the same
// bytes keeps the tag (and the browser its cached wasm and compiled code).
// A tag is kept for the file's size and modification time: a changed file
// (new size or time) is hashed again on its next request.
type etags struct {
	mu   sync.Mutex
	tags map[string]etag // by the name of the file sent
}

type etag struct {
	size, mtime int64 // mtime in ns since 1970
	tag         string
}

// maxETags bounds the memory the cache takes; only existing files enter
// it, so it is reached only when files keep appearing under new names.
const maxETags = 4096

// of returns the ETag of the open file f named name, whose Stat is info,
// and leaves f at its start. It returns "" when f cannot be read, or
// changed while it was hashed: the sum might match neither version, and no
// ETag is better than a wrong one (Last-Modified still validates).
func (c *etags) of(name string, f *os.File, info fs.FileInfo) string {
	key := etag{size: info.Size(), mtime: info.ModTime().UnixNano()}
	c.mu.Lock()
	e, ok := c.tags[name]
	c.mu.Unlock()
	if ok && e.size == key.size && e.mtime == key.mtime {
		return e.tag
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	if after, err := f.Stat(); err != nil || after.Size() != key.size || after.ModTime().UnixNano() != key.mtime {
		return ""
	}
	key.tag = `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
	c.mu.Lock()
	if len(c.tags) >= maxETags {
		clear(c.tags)
	}
	c.tags[name] = key
	c.mu.Unlock()
	return key.tag
}
