package cmdq

// kind selects how Fields explains a field's value.
type kind uint8

const (
	kOp kind = iota
	kSID
	kSSID
	kSSV
	kGlobal
	kATCSize
	kATCAddr
	kCS
	kMSH
	kMSIAttr
	kMSIData
	kMSIAddr
	kCfgLeaf
	kRange
	kVMID
	kASID
	kNum
	kScale
	kTLBLeaf
	kTTL
	kTG
	kVA
	kIPA
)

// bitField is one named field of a command. The same table drives Check
// (the RES0 masks), Fields and the tests, so the three cannot disagree.
type bitField struct {
	name   string
	dw     uint8
	hi, lo uint8
	kind   kind
}

var (
	fOp      = bitField{"OP", 0, 7, 0, kOp}
	fGlobal  = bitField{"Global", 0, 9, 9, kGlobal}
	fSSV     = bitField{"SSV", 0, 11, 11, kSSV}
	fSSID    = bitField{"SSID", 0, 31, 12, kSSID}
	fSID     = bitField{"SID", 0, 63, 32, kSID}
	fNum     = bitField{"NUM", 0, 16, 12, kNum}
	fScale   = bitField{"SCALE", 0, 24, 20, kScale}
	fVMID    = bitField{"VMID", 0, 47, 32, kVMID}
	fASID    = bitField{"ASID", 0, 63, 48, kASID}
	fTLBLeaf = bitField{"Leaf", 1, 0, 0, kTLBLeaf}
	fTTL     = bitField{"TTL", 1, 9, 8, kTTL}
	fTG      = bitField{"TG", 1, 11, 10, kTG}
	fVA      = bitField{"Address", 1, 63, 12, kVA}
	fIPA     = bitField{"Address", 1, 51, 12, kIPA}
	fCfgLeaf = bitField{"Leaf", 1, 0, 0, kCfgLeaf}
)

// layouts lists, per modelled opcode, every defined field in dword then bit
// order. Anything not covered is RES0 for this model: the Secure-only SSec
// bit included, because the simulated command queue is Non-secure.
var layouts = [256][]bitField{
	OpPrefetchCfg:  {fOp, fSSV, fSSID, fSID},
	OpCfgiSTE:      {fOp, fSID, fCfgLeaf},
	OpCfgiAll:      {fOp, fSID, {"Range", 1, 4, 0, kRange}},
	OpCfgiCD:       {fOp, fSSID, fSID, fCfgLeaf},
	OpCfgiCDAll:    {fOp, fSID},
	OpTLBINHAll:    {fOp, fVMID},
	OpTLBINHASID:   {fOp, fVMID, fASID},
	OpTLBINHVA:     {fOp, fNum, fScale, fVMID, fASID, fTLBLeaf, fTTL, fTG, fVA},
	opTLBIEL2All:   {fOp},
	opTLBIEL2ASID:  {fOp, fASID},
	opTLBIEL2VA:    {fOp, fNum, fScale, fASID, fTLBLeaf, fTTL, fTG, fVA},
	OpTLBIS12VMAll: {fOp, fVMID},
	OpTLBIS2IPA:    {fOp, fNum, fScale, fVMID, fTLBLeaf, fTTL, fTG, fIPA},
	OpTLBINSNHAll:  {fOp},
	OpATCInv: {fOp, fGlobal, fSSV, fSSID, fSID,
		{"Size", 1, 5, 0, kATCSize}, {"Address", 1, 63, 12, kATCAddr}},
	OpSync: {fOp, {"CS", 0, 13, 12, kCS}, {"MSH", 0, 23, 22, kMSH},
		{"MSIAttr", 0, 27, 24, kMSIAttr}, {"MSIData", 0, 63, 32, kMSIData},
		{"MSIAddress", 1, 51, 2, kMSIAddr}},
}

// defined holds, per opcode, the union of its fields' bits in each dword.
var defined = func() (m [256][2]uint64) {
	for o, fs := range layouts {
		for _, f := range fs {
			m[o][f.dw] |= mask(uint(f.hi), uint(f.lo))
		}
	}
	return m
}()

func (f bitField) value(c Cmd) uint64 { return get(c[f.dw], uint(f.hi), uint(f.lo)) }
