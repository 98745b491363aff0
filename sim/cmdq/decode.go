package cmdq

import "fmt"

// Command is any modelled command in typed form. Each type also has an
// XxxOf(Cmd) reader that neither checks the opcode nor calls Check: the
// simulator's hot path has already dispatched on Op() and run Check once.
type Command interface {
	Encode() Cmd
	Opcode() Opcode
}

// Decode returns c in typed form. It errors only when the opcode is not
// modelled; it does not call Check, so RES0 bits and reserved values are
// silently dropped or kept as read, and only legal commands are guaranteed
// to round-trip through Encode.
func Decode(c Cmd) (Command, error) {
	switch c.Op() {
	case OpPrefetchCfg:
		return PrefetchCfgOf(c), nil
	case OpCfgiSTE:
		return CfgiSTEOf(c), nil
	case OpCfgiAll:
		if r := CfgiSTERangeOf(c); r.SID != 0 || r.Range != cfgiRangeAll {
			return r, nil
		}
		return CfgiAll{}, nil
	case OpCfgiCD:
		return CfgiCDOf(c), nil
	case OpCfgiCDAll:
		return CfgiCDAllOf(c), nil
	case OpTLBINHAll:
		return TLBINHAllOf(c), nil
	case OpTLBINHASID:
		return TLBINHASIDOf(c), nil
	case OpTLBINHVA:
		return TLBINHVAOf(c), nil
	case OpTLBIEL2All:
		return TLBIEL2All{}, nil
	case OpTLBIEL2ASID:
		return TLBIEL2ASIDOf(c), nil
	case OpTLBIEL2VA:
		return TLBIEL2VAOf(c), nil
	case OpTLBIS12VMAll:
		return TLBIS12VMAllOf(c), nil
	case OpTLBIS2IPA:
		return TLBIS2IPAOf(c), nil
	case OpTLBINSNHAll:
		return TLBINSNHAll{}, nil
	case OpATCInv:
		return ATCInvOf(c), nil
	case OpSync:
		return SyncOf(c), nil
	}
	return nil, fmt.Errorf("cmdq: cannot decode %v: opcode not modelled", c.Op())
}
