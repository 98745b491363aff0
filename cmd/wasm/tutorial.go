//go:build js && wasm && lab

package main

import (
	"fmt"
	"syscall/js"

	"github.com/smmuplay/smmuplay/tutorials"
)

// renderTutorial, in the lab engine only: a teacher previews their own
// Markdown with the same goldmark extension the static generator uses.
// goldmark is the tutorial pages' build tool, and the playground, embeds
// and exercise pages never render Markdown, so the playground engine
// leaves it out (issue 13).
func init() {
	labAPI = append(labAPI,
		apiFunc{"renderTutorial", false, func(_ *app, args []js.Value) (any, error) {
			md, err := strArg(args, 0, "markdown")
			if err != nil {
				return nil, err
			}
			if len(md) > 256<<10 {
				return nil, fmt.Errorf("the Markdown is %d bytes; at most %d", len(md), 256<<10)
			}
			// The page is complete even with problems; they are in it.
			p, _ := tutorials.RenderWith("preview.md", []byte(md), tutorials.Options{EmbedURL: "embed.html", PlaygroundURL: "index.html"})
			return jsonValue(p)
		}},
	)
}
