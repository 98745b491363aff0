package dmesg

import (
	"fmt"
	"strconv"
	"strings"
)

// Event records. The event queue thread prints a record it did not handle
// as "event 0x%02x received:" and the record's four dwords, one per line
// ("\t0x%016llx"); newer kernels add a decoded line ("event: F_… client:
// … sid: … ssid: …") and, for the four translation faults, a line about
// the access. The layout is the SMMUv3 spec's (Arm IHI 0070, chapter 7),
// as the driver's EVTQ_* masks read it:
//
//	dword 0: [7:0] event number, [11] SSV, [31:12] SubstreamID, [63:32] StreamID
//	dword 1: [15:0] STAG, [31] Stall, [33] PnU, [34] InD, [35] RnW, [39] S2,
//	         [41:40] CLASS, [44] TTRnW (of a table walk)
//	dword 2: the input address (an IOVA) of the faulting transaction
//	dword 3: [51:12] the IPA of a stage 2 fault, or [51:3] the address of
//	         a failed fetch (STE, CD, VMS, table walk)

// Event is one event record: its lines and what its dwords say.
type Event struct {
	Line     int      `json:"line"`     // the "event 0x.. received:" line
	Lines    []int    `json:"lines"`    // its dword lines, in order
	Device   string   `json:"device"`   // "" when its lines had no device
	ID       uint8    `json:"id"`       // the event number
	Name     string   `json:"name"`     // the spec's name, F_TRANSLATION…; "" when unknown
	Dwords   []string `json:"dwords"`   // the dwords read, as printed
	Complete bool     `json:"complete"` // all four dwords were in the paste
	SID      uint32   `json:"sid"`
	SSV      bool     `json:"ssv"` // a SubstreamID (PASID) came with the transaction
	SSID     uint32   `json:"ssid"`
	Addr     string   `json:"addr"`      // the address the record names, "" when none
	AddrName string   `json:"addr_name"` // what that address is
	Access   string   `json:"access"`    // the faulting access, for the four translation faults
	Explain  string   `json:"explain"`

	dw [4]uint64
}

// eventInfo is what the importer knows about an event number.
type eventInfo struct {
	name  string
	addr  int // 2: dword 2 is the input address; 3: dword 3 [51:3] is a fetch address; 0: none
	fault bool
	what  string
}

// events are the SMMUv3 event numbers (the spec's names; the driver
// prints those it knows in its "event:" line).
var events = map[uint8]eventInfo{
	0x01: {"F_UUT", 2, false, "an Unsupported Upstream Transaction: the SMMU cannot handle the transaction's type or attributes"},
	0x02: {"C_BAD_STREAMID", 0, false, "the StreamID is out of the stream table's range, or its level-1 descriptor is invalid: no STE describes the device"},
	0x03: {"F_STE_FETCH", 3, false, "fetching the device's STE got an external abort"},
	0x04: {"C_BAD_STE", 0, false, "the device's STE is invalid or holds an illegal configuration"},
	0x05: {"F_BAD_ATS_TREQ", 2, false, "an ATS Translation Request the SMMU must refuse (ATS not enabled for the stream, or a request it cannot serve)"},
	0x06: {"F_STREAM_DISABLED", 0, false, "a transaction without a SubstreamID on a stream whose STE only accepts transactions with one (S1DSS)"},
	0x07: {"F_TRANSL_FORBIDDEN", 2, false, "an ATS-translated transaction on a stream whose STE does not allow translated traffic (EATS)"},
	0x08: {"C_BAD_SUBSTREAMID", 0, false, "the SubstreamID is out of the context descriptor table's range, or its descriptor pointer is invalid"},
	0x09: {"F_CD_FETCH", 3, false, "fetching the context descriptor got an external abort"},
	0x0a: {"C_BAD_CD", 0, false, "the context descriptor is invalid or holds an illegal configuration"},
	0x0b: {"F_WALK_EABT", 2, true, "a translation table walk got an external abort"},
	0x10: {"F_TRANSLATION", 2, true, "a translation fault: the page tables hold no valid translation for the input address"},
	0x11: {"F_ADDR_SIZE", 2, true, "an address size fault: the address is out of the range the translation regime allows"},
	0x12: {"F_ACCESS", 2, true, "an access flag fault: the descriptor's Access Flag is clear and hardware does not set it"},
	0x13: {"F_PERMISSION", 2, true, "a permission fault: the translation exists but does not allow this access"},
	0x20: {"F_TLB_CONFLICT", 2, false, "a TLB conflict: overlapping entries matched the input address"},
	0x21: {"F_CFG_CONFLICT", 0, false, "a configuration cache conflict"},
	0x24: {"E_PAGE_REQUEST", 2, false, "a speculative page request hint"},
	0x25: {"F_VMS_FETCH", 3, false, "fetching the VMS (virtual machine structure) got an external abort"},
}

// classes are CLASS, dword 1 [41:40]: what the SMMU was doing when the
// fault arose (the driver's event_class_str).
var classes = [4]string{"CD fetch", "Stage 1 translation table fetch", "Input address caused fault", "Reserved"}

func bit(v uint64, n uint) uint64         { return v >> n & 1 }
func bitsOf(v uint64, hi, lo uint) uint64 { return v >> lo & (1<<(hi-lo+1) - 1) }
func hexOrZero(v uint64) string           { return fmt.Sprintf("%#x", v) }

func yesNo(b uint64, yes, no string) string {
	if b != 0 {
		return yes
	}
	return no
}

func evField(name string, d, hi, lo int, v uint64, meaning string) Field {
	return Field{Name: name, Bits: "dw" + strconv.Itoa(d) + bitsText(hi, lo), Value: v, Meaning: meaning}
}

// decode fills the record's fields from the dwords read so far.
func (e *Event) decode(n int) {
	d := e.dw
	e.SID = uint32(d[0] >> 32)
	e.SSV = bit(d[0], 11) != 0
	e.SSID = uint32(bitsOf(d[0], 31, 12))
	info, known := events[e.ID]
	if known {
		e.Name = info.name
	}
	e.Complete = n == 4
	if info.fault && n >= 2 {
		e.Access = accessText(d[1])
	}
	switch {
	case info.addr == 2 && n >= 3:
		e.Addr, e.AddrName = hexOrZero(d[2]), "input address"
	case info.addr == 3 && n >= 4:
		e.Addr, e.AddrName = hexOrZero(bitsOf(d[3], 51, 3)<<3), "fetch address"
	}
	e.Explain = e.explain(info, known, n)
}

// accessText says what dword 1 tells of a translation fault's access,
// in the words of the driver's second line.
func accessText(d1 uint64) string {
	s := fmt.Sprintf("%s %s %s at stage %s (%s)",
		yesNo(bit(d1, 33), "privileged", "unprivileged"), yesNo(bit(d1, 34), "instruction", "data"),
		yesNo(bit(d1, 35), "read", "write"), yesNo(bit(d1, 39), "2", "1"), classes[bitsOf(d1, 41, 40)])
	if bit(d1, 31) != 0 {
		s += fmt.Sprintf(", stalled (STAG %#x)", bitsOf(d1, 15, 0))
	}
	return s
}

func (e *Event) explain(info eventInfo, known bool, n int) string {
	var b strings.Builder
	if known {
		fmt.Fprintf(&b, "Event 0x%02x is %s: %s. ", e.ID, info.name, info.what)
	} else if e.ID >= 0xe0 && e.ID <= 0xef {
		fmt.Fprintf(&b, "Event 0x%02x is IMPLEMENTATION DEFINED: only the SMMU's documentation says what it means. ", e.ID)
	} else {
		fmt.Fprintf(&b, "Event 0x%02x is not an event number the SMMUv3 spec defines. ", e.ID)
	}
	if n == 0 {
		b.WriteString("None of its dwords is in the paste.")
		return b.String()
	}
	fmt.Fprintf(&b, "It came from StreamID 0x%x", e.SID)
	if e.SSV {
		fmt.Fprintf(&b, ", SubstreamID (PASID) 0x%x", e.SSID)
	} else {
		b.WriteString(" without a SubstreamID")
	}
	if e.Access != "" {
		art := "a "
		if strings.HasPrefix(e.Access, "u") {
			art = "an "
		}
		b.WriteString(", by " + art + e.Access)
	}
	if e.Addr != "" {
		fmt.Fprintf(&b, "; %s %s", e.AddrName, e.Addr)
	}
	b.WriteString(".")
	if e.ID == 0x10 && n >= 2 && bitsOf(e.dw[1], 41, 40) == 2 {
		b.WriteString(" The device used an address its domain does not map: a buffer never mapped, already unmapped, or a device misconfigured to use a wrong address (the StreamID names the device: see the iommu group of that requester ID).")
	}
	if n < 4 {
		fmt.Fprintf(&b, " Only %d of its 4 dwords are in the paste.", n)
	}
	return b.String()
}

// value is the record as a Value of the header line, field by field.
func (e *Event) value(n int) Value {
	d := e.dw
	v := Value{Name: "event record", Raw: d[0], Hex: strings.Join(e.Dwords, " ")}
	name := e.Name
	if name == "" {
		name = "not defined by the spec"
	}
	v.Fields = append(v.Fields,
		evField("EventID", 0, 7, 0, bitsOf(d[0], 7, 0), name),
		evField("SSV", 0, 11, 11, bit(d[0], 11), yesNo(bit(d[0], 11), "the transaction had a SubstreamID", "no SubstreamID")),
		evField("SubstreamID", 0, 31, 12, bitsOf(d[0], 31, 12), yesNo(bit(d[0], 11), "the PASID", "meaningless without SSV")),
		evField("StreamID", 0, 63, 32, d[0]>>32, "the device (its requester ID, as the firmware maps it)"))
	if n < 2 {
		return v
	}
	if events[e.ID].fault {
		v.Fields = append(v.Fields,
			evField("STAG", 1, 15, 0, bitsOf(d[1], 15, 0), "stall tag, to resume a stalled transaction"),
			evField("Stall", 1, 31, 31, bit(d[1], 31), yesNo(bit(d[1], 31), "the transaction is stalled, waiting for software", "terminated, not stalled")),
			evField("PnU", 1, 33, 33, bit(d[1], 33), yesNo(bit(d[1], 33), "privileged", "unprivileged")),
			evField("InD", 1, 34, 34, bit(d[1], 34), yesNo(bit(d[1], 34), "instruction fetch", "data")),
			evField("RnW", 1, 35, 35, bit(d[1], 35), yesNo(bit(d[1], 35), "read", "write")),
			evField("S2", 1, 39, 39, bit(d[1], 39), yesNo(bit(d[1], 39), "the fault is at stage 2", "the fault is at stage 1")),
			evField("CLASS", 1, 41, 40, bitsOf(d[1], 41, 40), classes[bitsOf(d[1], 41, 40)]),
			evField("TTRnW", 1, 44, 44, bit(d[1], 44), "for a table walk fault: "+yesNo(bit(d[1], 44), "a read", "a write")))
	} else {
		v.Fields = append(v.Fields, evField("dword 1", 1, 63, 0, d[1], "fields that depend on the event number"))
	}
	if n >= 3 {
		v.Fields = append(v.Fields, evField("InputAddr", 2, 63, 0, d[2], "the address the transaction used (an IOVA), where the record has one"))
	}
	if n >= 4 {
		info := events[e.ID]
		switch {
		case info.addr == 3 || e.ID == 0x0b:
			v.Fields = append(v.Fields, evField("FetchAddr", 3, 51, 3, bitsOf(d[3], 51, 3)<<3, "the address whose fetch failed (STE, CD, VMS or translation table)"))
		case info.fault:
			v.Fields = append(v.Fields, evField("IPA", 3, 51, 12, bitsOf(d[3], 51, 12)<<12,
				"the intermediate physical address, meaningful for a stage 2 fault "+yesNo(bit(d[1], 39), "(this one)", "(this one is at stage 1)")))
		default:
			v.Fields = append(v.Fields, evField("dword 3", 3, 63, 0, d[3], "fields that depend on the event number"))
		}
	}
	return v
}
