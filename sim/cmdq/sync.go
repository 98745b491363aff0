package cmdq

// Shareability and memory attribute values Linux puts in every CMD_SYNC.
const (
	mshInner   = 3   // Inner Shareable (ARM_SMMU_SH_ISH)
	msiAttrWB  = 0xf // Normal, Inner+Outer Write-Back (ARM_SMMU_MEMATTR_OIWB)
	msiAddrLow = 2
)

// Sync is CMD_SYNC. MSIAddr is a byte address; only bits [51:2] are carried.
type Sync struct {
	CS           CS
	MSH, MSIAttr uint8
	MSIData      uint32
	MSIAddr      uint64
}

func (Sync) Opcode() Opcode { return OpSync }

func (s Sync) Encode() Cmd {
	return Cmd{
		op(OpSync) | put(uint64(s.CS), 13, 12) | put(uint64(s.MSH), 23, 22) |
			put(uint64(s.MSIAttr), 27, 24) | put(uint64(s.MSIData), 63, 32),
		s.MSIAddr & mask(51, msiAddrLow),
	}
}

// SyncOf reads c's fields as CMD_SYNC without looking at the opcode.
func SyncOf(c Cmd) Sync {
	return Sync{
		CS:      CS(get(c[0], 13, 12)),
		MSH:     uint8(get(c[0], 23, 22)),
		MSIAttr: uint8(get(c[0], 27, 24)),
		MSIData: uint32(get(c[0], 63, 32)),
		MSIAddr: c[1] & mask(51, msiAddrLow),
	}
}

// KernelSync builds the CMD_SYNC Linux's arm_smmu_cmdq_build_sync_cmd
// emits. Linux fills MSH and MSIAttr whatever the CS, and with CS=IRQ
// points the MSI at the CMD_SYNC's own queue slot with data 0: the 32-bit
// MSI write zeroes the slot's first word, which is what the CPU polls.
func KernelSync(cs CS, msiAddr uint64) Sync {
	s := Sync{CS: cs, MSH: mshInner, MSIAttr: msiAttrWB}
	if cs == CSIRQ {
		s.MSIAddr = msiAddr
	}
	return s
}
