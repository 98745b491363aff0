// Package tutorials turns smmuplay's executable Markdown into HTML pages:
// goldmark with raw HTML disabled, plus an extension that understands
//
//   - ```scenario fenced blocks (scenario-language text, or a built-in by
//     name) that become playground embeds with the run's kernel log as a
//     text fallback;
//   - step markers (`@step …` lines, each followed by `@claim …` lines) that
//     tie the paragraphs after them to a point of the run (an event, a time
//     or a condition) and state claims that are checked against the
//     simulator;
//   - value references (`{{cons|hex}}`) that print a metric as it is at
//     that point, so no number in a tutorial is typed by hand.
//
// Render runs every scenario and resolves every step natively: the same
// code builds the static pages (cmd/tutorials), checks the tutorials in
// tests and renders a teacher's draft in the browser (it is pure Go and
// compiles for js/wasm). The syntax is documented in
// docs/writing-tutorials.md.
package tutorials
