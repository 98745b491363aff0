// Package dmesg imports kernel log lines printed by the arm-smmu-v3 driver
// (pasted from dmesg, with or without the "[ 1234.567890] " timestamp and
// the "arm-smmu-v3 <device>: " prefix), decodes every value in them
// (GERROR bits, CMDQ_CONS.ERR and RD, CMD_SYNC positions, the dwords of a
// skipped command), explains each line in words and builds a scenario, in
// smmuplay's scenario language, that makes the simulator print lines of
// the same kinds (and, for a log like the series' cover letter, the same
// values).
//
// Parsing is strict by default: a line that is not one of the driver's
// messages is an error naming its line number and what was expected.
// Options.Lenient skips such lines instead (a whole dmesg pasted as is).
// Nothing here touches files: the wasm page calls Parse.
package dmesg
