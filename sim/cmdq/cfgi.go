package cmdq

// cfgiRangeAll is the CMD_CFGI_STE_RANGE Range meaning every StreamID;
// with it the command is spelled CMD_CFGI_ALL.
const cfgiRangeAll = 31

// CfgiSTE is CMD_CFGI_STE. Leaf=1 promises only the STE changed, not the
// level-1 descriptor pointing at it.
type CfgiSTE struct {
	SID  uint32
	Leaf bool
}

func (CfgiSTE) Opcode() Opcode { return OpCfgiSTE }

func (s CfgiSTE) Encode() Cmd {
	return Cmd{op(OpCfgiSTE) | put(uint64(s.SID), 63, 32), bit(s.Leaf, 0)}
}

func cfgiSTEOf(c Cmd) CfgiSTE { return CfgiSTE{SID: c.SID(), Leaf: c[1]&1 != 0} }

// CfgiCD is CMD_CFGI_CD.
type CfgiCD struct {
	SID, SSID uint32
	Leaf      bool
}

func (CfgiCD) Opcode() Opcode { return OpCfgiCD }

func (d CfgiCD) Encode() Cmd {
	return Cmd{op(OpCfgiCD) | put(uint64(d.SSID), 31, 12) | put(uint64(d.SID), 63, 32), bit(d.Leaf, 0)}
}

func cfgiCDOf(c Cmd) CfgiCD {
	return CfgiCD{SID: c.SID(), SSID: uint32(get(c[0], 31, 12)), Leaf: c[1]&1 != 0}
}

// CfgiAll is CMD_CFGI_ALL as Linux builds it: CMD_CFGI_STE_RANGE with
// StreamID 0 and Range 31.
type CfgiAll struct{}

func (CfgiAll) Opcode() Opcode { return OpCfgiAll }

func (CfgiAll) Encode() Cmd { return Cmd{op(OpCfgiAll), cfgiRangeAll} }

// CfgiSTERange is CMD_CFGI_STE_RANGE: invalidate the 2^(Range+1) STEs of the
// naturally aligned block containing SID. It shares CMD_CFGI_ALL's opcode;
// Decode returns it for every encoding other than CfgiAll's exact one, so
// that legal commands with a non-zero StreamID still round-trip.
type CfgiSTERange struct {
	SID   uint32
	Range uint8
}

func (CfgiSTERange) Opcode() Opcode { return OpCfgiAll }

func (r CfgiSTERange) Encode() Cmd {
	return Cmd{op(OpCfgiAll) | put(uint64(r.SID), 63, 32), put(uint64(r.Range), 4, 0)}
}

func cfgiSTERangeOf(c Cmd) CfgiSTERange {
	return CfgiSTERange{SID: c.SID(), Range: uint8(get(c[1], 4, 0))}
}

// CfgiCDAll is CMD_CFGI_CD_ALL: every CD of one stream.
type CfgiCDAll struct{ SID uint32 }

func (CfgiCDAll) Opcode() Opcode { return OpCfgiCDAll }

func (d CfgiCDAll) Encode() Cmd { return Cmd{op(OpCfgiCDAll) | put(uint64(d.SID), 63, 32), 0} }

func cfgiCDAllOf(c Cmd) CfgiCDAll { return CfgiCDAll{SID: c.SID()} }

// PrefetchCfg is CMD_PREFETCH_CONFIG. Linux only ever sets SID; the spec
// also lets it name a SubstreamID, so those bits are defined, not RES0.
type PrefetchCfg struct {
	SID, SSID uint32
	SSV       bool
}

func (PrefetchCfg) Opcode() Opcode { return OpPrefetchCfg }

func (p PrefetchCfg) Encode() Cmd {
	return Cmd{op(OpPrefetchCfg) | bit(p.SSV, 11) | put(uint64(p.SSID), 31, 12) | put(uint64(p.SID), 63, 32), 0}
}

func prefetchCfgOf(c Cmd) PrefetchCfg {
	return PrefetchCfg{SID: c.SID(), SSID: uint32(get(c[0], 31, 12)), SSV: c[0]&(1<<11) != 0}
}
