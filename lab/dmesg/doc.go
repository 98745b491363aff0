// Package dmesg imports kernel logs holding messages of the arm-smmu-v3
// driver, as people paste them: from dmesg (with or without timestamps),
// `dmesg -T`, journalctl, /dev/kmsg or a syslog file, quoted in a mail,
// soft-wrapped, among other drivers' lines. It decodes every value in the
// driver's messages (GERROR bits, CMDQ_CONS.ERR and RD, CMD_SYNC
// positions, the dwords of a skipped command, event records), explains
// each line in words and builds a scenario, in smmuplay's scenario
// language, that makes the simulator print the lines it can reproduce
// unchanged but for timestamp and device name; the others are listed with
// the reason.
//
// normalize.go cleans and rejoins the lines, messages.go recognises the
// messages, parse.go and event.go decode them, reproduce.go, scenario.go
// and stall.go build the scenario line by line.
//
// The import is lenient by default: other drivers' lines are skipped
// (their numbers listed), a cut or malformed arm-smmu-v3 line is a
// warning, and the rest imports. Options.Strict rejects the input at such
// a line instead. Nothing here touches files: the wasm page calls Parse.
package dmesg
