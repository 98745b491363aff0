// Command posters draws, with the pure-Go rasteriser, the picture every
// page and embed shows before the simulator is live (issue 13): each
// view a page can start on (Views), at each of its shapes, at
// devicePixelRatio 1 and 2, light and dark, as PNG files under
// <out>/posters/, and the manifest web/poster.js reads
// (<out>/posters/manifest.js). build.sh runs it.
//
// Files are named by their content ("light-1x.<hash>.png"): a picture
// that changes gets a new name, so the server lets browsers keep them
// for good (internal/serve), and views that open on the same picture (most
// built-in scenarios start alike) share one set of files.
//
//	go run ./cmd/posters -o dist
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/smmuplay/smmuplay/render/display"
)

func main() {
	out := flag.String("o", "dist", "the site folder; posters go to its posters/ folder")
	jobs := flag.Int("j", runtime.NumCPU(), "pictures drawn at once")
	flag.Parse()
	if flag.NArg() > 0 || *jobs < 1 {
		fmt.Fprintln(os.Stderr, "usage: posters [-o dir] [-j N]")
		os.Exit(2)
	}
	start := time.Now()
	st, err := build(filepath.Join(*out, "posters"), *jobs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "posters:", err)
		os.Exit(1)
	}
	fmt.Printf("posters: %d views, %d shapes, %d distinct pictures, %d files, %.1f MB, in %.1f s\n",
		st.views, st.shapes, st.pictures, st.pictures*len(variants), float64(st.bytes)/1e6, time.Since(start).Seconds())
}

type stats struct {
	views, shapes, pictures int
	bytes                   int64
}

// picSet is one distinct opening picture at one shape: its four variants'
// display lists, and the id its files are named by once encoded.
type picSet struct {
	lists [4]display.List
	id    string
}

// build writes every poster and the manifest into dir, replacing what
// was there.
func build(dir string, jobs int) (st stats, err error) {
	views, err := Views()
	if err != nil {
		return st, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return st, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	// Draw every view's display lists (cheap) and keep one set per
	// distinct picture (rasterising and encoding are not).
	byList := map[string]*picSet{}
	var sets []*picSet
	shapes := make([]map[string]*picSet, len(views))
	for i, v := range views {
		o, err := open(v)
		if err != nil {
			return st, err
		}
		shapes[i] = map[string]*picSet{}
		for _, sz := range v.Sizes {
			ps := &picSet{}
			h := fnv.New64a()
			for k, vr := range variants {
				o.list(&ps.lists[k], sz, vr.scale, vr.dark)
				h.Write([]byte(ps.lists[k].String()))
			}
			sum := string(h.Sum(nil))
			if old, ok := byList[sum]; ok {
				ps = old
			} else {
				byList[sum] = ps
				sets = append(sets, ps)
			}
			shapes[i][sz.String()] = ps
			st.shapes++
		}
	}
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		next  = make(chan *picSet)
	)
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ps := range next {
				n, err := write(dir, ps)
				mu.Lock()
				st.bytes += n
				if err != nil && first == nil {
					first = err
				}
				mu.Unlock()
			}
		}()
	}
	for _, ps := range sets {
		next <- ps
	}
	close(next)
	wg.Wait()
	if first != nil {
		return st, first
	}
	st.views, st.pictures = len(views), len(sets)
	m, err := manifest(views, shapes)
	if err != nil {
		return st, err
	}
	return st, os.WriteFile(filepath.Join(dir, "manifest.js"), m, 0o644)
}

// write encodes a picture's four variants and names them by their bytes.
func write(dir string, ps *picSet) (int64, error) {
	var files [4][]byte
	h := fnv.New64a()
	for k := range variants {
		var b bytes.Buffer
		// Best compression takes 20x as long for 5% less.
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(&b, picture(&ps.lists[k])); err != nil {
			return 0, err
		}
		files[k] = b.Bytes()
		h.Write(files[k])
	}
	ps.id = fmt.Sprintf("%016x", h.Sum64())
	var n int64
	for k, vr := range variants {
		if err := os.WriteFile(filepath.Join(dir, vr.name+"."+ps.id+".png"), files[k], 0o644); err != nil {
			return n, err
		}
		n += int64(len(files[k]))
	}
	return n, nil
}

// manifest is posters/manifest.js: window.SMMUPLAY_POSTERS maps each
// view's key hash (key.go) to its shapes and their picture ids; poster.js
// makes the file name from the id, the theme and the scale.
func manifest(views []View, shapes []map[string]*picSet) ([]byte, error) {
	m := map[string]map[string]string{}
	names := map[string]string{}
	for i, v := range views {
		h := Hash(Key(v.Fragment, 0))
		if old, dup := names[h]; dup {
			return nil, fmt.Errorf("views %s and %s have the same key hash %s", old, v.Name, h)
		}
		names[h] = v.Name
		m[h] = map[string]string{}
		for sz, ps := range shapes[i] {
			m[h][sz] = ps.id
		}
	}
	j, err := json.Marshal(struct {
		V     int                          `json:"v"`
		Files []string                     `json:"files"`
		Views map[string]map[string]string `json:"views"`
	}{1, variantNames(), m})
	if err != nil {
		return nil, err
	}
	return []byte("// Generated by cmd/posters (build.sh): the opening pictures web/poster.js shows.\nwindow.SMMUPLAY_POSTERS = " + string(j) + ";\n"), nil
}

func variantNames() []string {
	var s []string
	for _, v := range variants {
		s = append(s, v.name)
	}
	return s
}
