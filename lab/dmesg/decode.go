package dmesg

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"github.com/smmuplay/smmuplay/sim/cmdq"
	"github.com/smmuplay/smmuplay/sim/scenario"
)

// Value is one number from a line, decoded into its fields.
type Value struct {
	Name   string  `json:"name"`
	Raw    uint64  `json:"raw"`
	Hex    string  `json:"hex"`
	Fields []Field `json:"fields"`
}

// Field is a bit field of a Value.
type Field struct {
	Name    string `json:"name"`
	Bits    string `json:"bits"` // "[30:24]" or "[0]"
	Value   uint64 `json:"value"`
	Meaning string `json:"meaning"`
}

// MarshalJSON adds "hex", the value as text: JavaScript numbers lose the
// low bits of a 64-bit field (a dword, an address) past 2^53.
func (f Field) MarshalJSON() ([]byte, error) {
	type plain Field
	return json.Marshal(struct {
		plain
		Hex string `json:"hex"`
	}{plain(f), "0x" + strconv.FormatUint(f.Value, 16)})
}

// bitsText writes a bit range as the spec does; with strconv, not fmt:
// an event record has a dozen fields, and a long log many records.
func bitsText(hi, lo int) string {
	if hi == lo {
		return "[" + strconv.Itoa(hi) + "]"
	}
	return "[" + strconv.Itoa(hi) + ":" + strconv.Itoa(lo) + "]"
}

// gerrorBit describes one SMMU_GERROR bit: the spec's name and what the
// driver does about it.
type gerrorBit struct {
	bit     int
	name    string
	meaning string
}

var gerrorBits = []gerrorBit{
	{0, "CMDQ_ERR", "a command error stopped the command queue; CMDQ_CONS.ERR says which"},
	{2, "EVENTQ_ABT_ERR", "an event queue write was aborted (events lost)"},
	{3, "PRIQ_ABT_ERR", "a PRI queue write was aborted (requests lost)"},
	{4, "MSI_CMDQ_ABT_ERR", "a CMD_SYNC's MSI write was aborted"},
	{5, "MSI_EVENTQ_ABT_ERR", "the event queue's MSI write was aborted"},
	{6, "MSI_PRIQ_ABT_ERR", "the PRI queue's MSI write was aborted"},
	{7, "MSI_GERROR_ABT_ERR", "the GERROR MSI write was aborted"},
	{8, "SFM_ERR", "the SMMU entered Service Failure Mode"},
	{9, "CMDQP_ERR", "an ECMDQ error (not in Linux's GERROR_ERR_MASK)"},
	{10, "DPT_ERR", "a DPT lookup error (not in Linux's GERROR_ERR_MASK)"},
}

const gerrorErrMask = 0x1fd // Linux's GERROR_ERR_MASK: bits 0 and 2-8

func gerrorValue(name string, v uint32) Value {
	val := Value{Name: name, Raw: uint64(v), Hex: fmt.Sprintf("0x%08x", v)}
	for i := 0; i < 32; i++ {
		if v&(1<<i) == 0 {
			continue
		}
		f := Field{Name: fmt.Sprintf("bit %d", i), Bits: bitsText(i, i), Value: 1, Meaning: "RES0: no such error"}
		for _, g := range gerrorBits {
			if g.bit == i {
				f.Name, f.Meaning = g.name, g.meaning
			}
		}
		val.Fields = append(val.Fields, f)
	}
	return val
}

func explainGERROR(v uint32) string {
	var names []string
	for _, f := range gerrorValue("", v).Fields {
		names = append(names, f.Name)
	}
	s := fmt.Sprintf("The GERROR handler found active global errors 0x%08x (GERROR ^ GERRORN): %s. ", v, strings.Join(names, ", "))
	if v&gerrorErrMask == 0 {
		return s + "None is in the driver's GERROR_ERR_MASK, so the real handler would have returned IRQ_NONE without printing this line."
	}
	if v&1 != 0 {
		s += "CMDQ_ERR is active: the command queue is stopped until the handler acknowledges it in GERRORN; the next line says why it stopped. "
	}
	return s + "The handler prints this warning, handles each cause, then writes GERRORN = GERROR to acknowledge them all."
}

// minQS is the smallest LOG2SIZE a position rd fits: its top set bit is
// the wrap bit or below.
func minQS(rd uint32) int {
	return max(scenario.MinQS, bits.Len32(rd)-1)
}

// posValue decodes a queue position (PROD or a CMD_SYNC's slot).
func posValue(name string, v uint32, qs int) Value {
	idx, wrap := v&(1<<qs-1), v>>qs&1
	return Value{Name: name, Raw: uint64(v), Hex: fmt.Sprintf("0x%08x", v), Fields: []Field{
		{"index", bitsText(qs-1, 0), uint64(idx), fmt.Sprintf("slot %d of %d", idx, 1<<qs)},
		{"wrap", bitsText(qs, qs), uint64(wrap), "flips each time the position passes the end of the queue"},
	}}
}

// consValue decodes an SMMU_CMDQ_CONS value.
func consValue(name string, v uint32, qs int) Value {
	code := cmdq.ConsErr(v)
	rd := v & 0xfffff
	val := posValue(name, rd, qs)
	val.Raw, val.Hex = uint64(v), fmt.Sprintf("0x%08x", v)
	val.Fields = append([]Field{
		{"ERR", "[30:24]", uint64(code), fmt.Sprintf("%s (Linux prints %q)", code, code.KernelString())},
		{"RD", "[19:0]", uint64(rd), fmt.Sprintf("read position 0x%x: index and wrap bit below (QS=%d; QS >= %d fits)", rd, qs, minQS(rd))},
	}, val.Fields...)
	return val
}

func explainCmdqError(cons uint32, qs int) string {
	code := cmdq.ConsErr(cons)
	rd := cons & 0xfffff
	idx, wrap := rd&(1<<qs-1), rd>>qs&1
	s := fmt.Sprintf("CMDQ_CONS = 0x%08x: ERR = %d (%s), RD = 0x%x (slot %d, wrap %d with QS=%d). ", cons, uint8(code), code, rd, idx, wrap, qs)
	switch code {
	case cmdq.CErrorATCInvSync:
		s += "A CMD_SYNC found that an ATC invalidation it waited for was never completed by its endpoint within the ATS timeout. " +
			"RD stays on that CMD_SYNC; the SMMU cannot say which CMD_ATC_INV (so which device) failed. " +
			"The old driver leaves the slot as it is and acknowledges: the CMD_SYNC is fetched again and completes, so the caller sees success while the device may still cache the unmapped page. " +
			"The series marks the CMD_SYNC's slot in atc_sync_timeouts so its issuer gets -EIO and retries to find the device."
	case cmdq.CErrorIll:
		s += "The command at RD is illegal (unknown opcode, reserved bits or bad values); the driver prints it and replaces it with a CMD_SYNC."
	case cmdq.CErrorAbt:
		s += "Fetching the command at RD got an external abort; the driver acknowledges and the SMMU fetches it again."
	case cmdq.CErrorNone:
		s += "No error code: the handler has nothing to do for the queue."
	default:
		s += "An error code the SMMUv3 spec does not define; Linux prints \"Unknown\"."
	}
	return s
}

func explainSyncTimeout(at, prod, cons uint32, qs int, unbound bool) string {
	code := cmdq.ConsErr(cons)
	mask := uint32(1)<<(qs+1) - 1
	rd := cons & 0xfffff
	s := fmt.Sprintf("The issuer polled its CMD_SYNC at 0x%x for the whole budget (1 s) without seeing it complete and returned -ETIMEDOUT. "+
		"Hardware PROD 0x%x (slot %d), CONS 0x%08x (slot %d). ", at, prod, prod&(1<<qs-1), cons, rd&(1<<qs-1))
	if unbound {
		s += "The prefix names the bus (\"platform\"), not the driver: the arm-smmu-v3 driver had been unbound from this SMMU, which disables it (CR0 = 0), " +
			fmt.Sprintf("so nothing consumes the command queue any more and CONS stays at 0x%x while devices still map and unmap through it. ", rd)
	}
	if prod&mask == at&mask {
		s += "hwprod equals the CMD_SYNC's own position: the hardware PROD does not include this CMD_SYNC, so the SMMU could not even see it. "
	}
	switch {
	case code == cmdq.CErrorNone && rd == at&mask:
		s += "CONS.ERR is 0 and RD is on the CMD_SYNC itself: the SMMU reached it and was still waiting for the invalidations before it to complete " +
			"(an endpoint slow to answer, with an ATS timeout longer than the poll)."
	case code == cmdq.CErrorNone:
		s += fmt.Sprintf("CONS.ERR is 0 and RD is %d commands before the CMD_SYNC: no command failed; the SMMU was consuming slowly or had stopped consuming.", (at-rd)&mask)
	default:
		s += fmt.Sprintf("CONS.ERR = %d (%s): the queue was stopped on an error nobody had acknowledged yet, "+
			"typically because the GERROR interrupt is routed to the CPU that was polling with interrupts off. ", uint8(code), code)
		if code == cmdq.CErrorATCInvSync {
			s += "The series co-clears such an error from the issuer and returns -EIO instead of this line."
		}
	}
	return strings.TrimSpace(s)
}

// cmdValue decodes a 128-bit command into its fields.
func cmdValue(c cmdq.Cmd) Value {
	v := Value{Name: cmdq.Name(c), Raw: c[0], Hex: fmt.Sprintf("0x%016x 0x%016x", c[0], c[1])}
	for _, f := range cmdq.Fields(c) {
		v.Fields = append(v.Fields, Field{Name: f.Name, Bits: fmt.Sprintf("dw%d%s", f.Dword, bitsText(f.Hi, f.Lo)), Value: f.Value, Meaning: f.Meaning})
	}
	return v
}
