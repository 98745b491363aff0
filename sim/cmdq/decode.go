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
		return prefetchCfgOf(c), nil
	case OpCfgiSTE:
		return cfgiSTEOf(c), nil
	case OpCfgiAll:
		if r := cfgiSTERangeOf(c); r.SID != 0 || r.Range != cfgiRangeAll {
			return r, nil
		}
		return CfgiAll{}, nil
	case OpCfgiCD:
		return cfgiCDOf(c), nil
	case OpCfgiCDAll:
		return cfgiCDAllOf(c), nil
	case OpTLBINHAll:
		return tlbiNHAllOf(c), nil
	case OpTLBINHASID:
		return tlbiNHASIDOf(c), nil
	case OpTLBINHVA:
		return tlbiNHVAOf(c), nil
	case opTLBIEL2All:
		return TLBIEL2All{}, nil
	case opTLBIEL2ASID:
		return tlbiEL2ASIDOf(c), nil
	case opTLBIEL2VA:
		return tlbiEL2VAOf(c), nil
	case OpTLBIS12VMAll:
		return tlbiS12VMAllOf(c), nil
	case OpTLBIS2IPA:
		return tlbiS2IPAOf(c), nil
	case OpTLBINSNHAll:
		return TLBINSNHAll{}, nil
	case OpATCInv:
		return ATCInvOf(c), nil
	case OpSync:
		return SyncOf(c), nil
	}
	return nil, fmt.Errorf("cmdq: cannot decode %v: opcode not modelled", c.Op())
}
