// Command tutorials writes smmuplay's tutorial and exercise pages as
// static files: it renders every built-in tutorial (running every
// scenario and checking every claim; a false claim fails the build),
// and writes the exercise pages, an index, and their CSS and JS.
//
//	go run ./cmd/tutorials -out dist/tutorials
//
// The pages embed the playground as ../embed.html (an iframe) and talk
// to it with the embed's postMessage protocol. Exit status: 0 on
// success, 1 when a tutorial has problems (listed as file:line: what),
// 2 for a bad flag or a write error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/smmuplay/smmuplay/tutorials"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tutorials", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "dist/tutorials", "directory to write the pages into (created)")
	embed := fs.String("embed", "../embed.html", "URL of the playground's embed page, relative to the pages")
	playground := fs.String("playground", "../index.html", "URL of the full playground, relative to the pages")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tutorials: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	site := &site{opt: tutorials.Options{EmbedURL: *embed, PlaygroundURL: *playground}}
	if err := site.build(); err != nil {
		fmt.Fprintf(stderr, "tutorials: %v\n", err)
		return 1
	}
	n, err := site.write(*out)
	if err != nil {
		fmt.Fprintf(stderr, "tutorials: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "tutorials: wrote %d files to %s (%d tutorials, %d steps, %d claims checked; %d exercises)\n",
		n, *out, len(site.pages), site.steps(), site.claims(), len(site.exercises))
	return 0
}
