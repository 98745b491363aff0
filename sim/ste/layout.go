package ste

// Dwords is the size of an STE in 64-bit words. The SMMU only promises
// 64-bit single-copy atomicity for CPU stores to it, which is why rewriting
// a live STE needs a plan (see Plan).
const Dwords = 8

// Field masks, in place, per qword. Names follow the kernel's
// STRTAB_STE_<qword>_<FIELD> macros with the STRTAB_STE_ prefix replaced by
// Q<qword>. Address fields (S1CTXPTR, S2TTB) are masks over the address
// bits themselves: the value is not shifted.
const (
	Q0V        uint64 = 1 << 0
	Q0CFG      uint64 = 0x7 << 1            // [3:1]
	Q0S1FMT    uint64 = 0x3 << 4            // [5:4]
	Q0S1CTXPTR uint64 = (1<<52 - 1) &^ 0x3f // [51:6], address
	Q0S1CDMAX  uint64 = 0x1f << 59          // [63:59]
	Q1S1DSS    uint64 = 0x3 << 0            // [1:0]
	Q1S1CIR    uint64 = 0x3 << 2            // [3:2]
	Q1S1COR    uint64 = 0x3 << 4            // [5:4]
	Q1S1CSH    uint64 = 0x3 << 6            // [7:6]
	Q1MEV      uint64 = 1 << 19             // merge events
	Q1S2FWB    uint64 = 1 << 25             // stage-2 forced write-back
	Q1S1STALLD uint64 = 1 << 27             // stage-1 stall disable
	Q1EATS     uint64 = 0x3 << 28           // [29:28] = STE bits [93:92]
	Q1STRW     uint64 = 0x3 << 30           // [31:30]
	Q1SHCFG    uint64 = 0x3 << 44           // [45:44]
	Q2S2VMID   uint64 = 0xffff << 0         // [15:0]
	Q2VTCR     uint64 = 0x7ffff << 32       // [50:32]
	Q2S2AA64   uint64 = 1 << 51             // AArch64 stage-2 tables
	Q2S2ENDI   uint64 = 1 << 52             // big-endian tables
	Q2S2PTW    uint64 = 1 << 54             // S1 walks go through S2
	Q2S2S      uint64 = 1 << 57             // stall on S2 faults
	Q2S2R      uint64 = 1 << 58             // record S2 faults
	Q3S2TTB    uint64 = (1<<52 - 1) &^ 0xf  // [51:4], address
)

// Sub-fields of the 19-bit VTCR value held in Q2VTCR (kernel
// STRTAB_STE_2_VTCR_*), positioned within that value, not within the qword.
const (
	VTCRS2T0SZ uint64 = 0x3f << 0 // [5:0]
	VTCRS2SL0  uint64 = 0x3 << 6  // [7:6]
	VTCRS2IR0  uint64 = 0x3 << 8  // [9:8]
	VTCRS2OR0  uint64 = 0x3 << 10 // [11:10]
	VTCRS2SH0  uint64 = 0x3 << 12 // [13:12]
	VTCRS2TG   uint64 = 0x3 << 14 // [15:14]
	VTCRS2PS   uint64 = 0x7 << 16 // [18:16]
)

// STE.Config values. Bit 0 of CFG means "stage 1 translates", bit 1
// "stage 2 translates"; Used relies on that.
const (
	CfgAbort   uint8 = 0
	CfgBypass  uint8 = 4
	CfgS1Trans uint8 = 5
	CfgS2Trans uint8 = 6
	CfgNested  uint8 = 7
)

// S1FMT values: the CD table is linear or two-level with 64 KB leaves.
const (
	S1FmtLinear uint8 = 0
	S1Fmt64KL2  uint8 = 2
)

// S1DSS values: what happens to traffic without a PASID on a CD-table STE.
const (
	S1DSSTerminate uint8 = 0
	S1DSSBypass    uint8 = 1
	S1DSSSSID0     uint8 = 2
)

// Cacheability of CD-table fetches (S1CIR/S1COR).
const (
	CacheNC   uint8 = 0
	CacheWBRA uint8 = 1
	CacheWT   uint8 = 2
	CacheWB   uint8 = 3
)

// Shareability ARM_SMMU_SH_ISH, used for S1CSH.
const ShISH uint8 = 3

// EATS values. With EATSAbort (and ATSCHK=1) translation requests get UR and
// translated traffic aborts; with EATSTrans translated traffic bypasses the
// SMMU. EATSS1Chk is the split-stage mode; 0b11 is reserved here.
const (
	EATSAbort uint8 = 0
	EATSTrans uint8 = 1
	EATSS1Chk uint8 = 2
)

// STRW values: which translation regime stage 1 belongs to.
const (
	STRWNSEL1 uint8 = 0
	STRWEL2   uint8 = 2
)

// SHCFGIncoming: use the incoming shareability attribute.
const SHCFGIncoming uint8 = 1
