// Command exitwasm stands in for an engine that dies: it writes what the
// Go runtime writes on a fatal error and exits with the runtime's code.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "fatal error: runtime: out of memory")
	fmt.Fprintln(os.Stderr, "\ngoroutine 1 [running]:\nruntime.throw(...)")
	os.Exit(2)
}
