package ste

// dwords is the size of an STE in 64-bit words. The SMMU only promises
// 64-bit single-copy atomicity for CPU stores to it, which is why rewriting
// a live STE needs a plan (see Plan).
const dwords = 8

// Field masks, in place, per qword. Names follow the kernel's
// STRTAB_STE_<qword>_<FIELD> macros with the STRTAB_STE_ prefix replaced by
// Q<qword>. Address fields (S1CTXPTR, S2TTB) are masks over the address
// bits themselves: the value is not shifted.
const (
	q0V        uint64 = 1 << 0
	q0CFG      uint64 = 0x7 << 1            // [3:1]
	q0S1FMT    uint64 = 0x3 << 4            // [5:4]
	q0S1CTXPTR uint64 = (1<<52 - 1) &^ 0x3f // [51:6], address
	q0S1CDMAX  uint64 = 0x1f << 59          // [63:59]
	q1S1DSS    uint64 = 0x3 << 0            // [1:0]
	q1S1CIR    uint64 = 0x3 << 2            // [3:2]
	q1S1COR    uint64 = 0x3 << 4            // [5:4]
	q1S1CSH    uint64 = 0x3 << 6            // [7:6]
	q1MEV      uint64 = 1 << 19             // merge events
	q1S2FWB    uint64 = 1 << 25             // stage-2 forced write-back
	q1S1STALLD uint64 = 1 << 27             // stage-1 stall disable
	Q1EATS     uint64 = 0x3 << 28           // [29:28] = STE bits [93:92]
	q1STRW     uint64 = 0x3 << 30           // [31:30]
	q1SHCFG    uint64 = 0x3 << 44           // [45:44]
	q2S2VMID   uint64 = 0xffff << 0         // [15:0]
	q2VTCR     uint64 = 0x7ffff << 32       // [50:32]
	q2S2AA64   uint64 = 1 << 51             // AArch64 stage-2 tables
	q2S2ENDI   uint64 = 1 << 52             // big-endian tables
	q2S2PTW    uint64 = 1 << 54             // S1 walks go through S2
	q2S2S      uint64 = 1 << 57             // stall on S2 faults
	Q2S2R      uint64 = 1 << 58             // record S2 faults
	q3S2TTB    uint64 = (1<<52 - 1) &^ 0xf  // [51:4], address
)

// Sub-fields of the 19-bit VTCR value held in Q2VTCR (kernel
// STRTAB_STE_2_VTCR_*), positioned within that value, not within the qword.
const (
	vtcrS2T0SZ uint64 = 0x3f << 0 // [5:0]
	vtcrS2SL0  uint64 = 0x3 << 6  // [7:6]
	vtcrS2IR0  uint64 = 0x3 << 8  // [9:8]
	vtcrS2OR0  uint64 = 0x3 << 10 // [11:10]
	vtcrS2SH0  uint64 = 0x3 << 12 // [13:12]
	vtcrS2TG   uint64 = 0x3 << 14 // [15:14]
	vtcrS2PS   uint64 = 0x7 << 16 // [18:16]
)

// STE.Config values. Bit 0 of CFG means "stage 1 translates", bit 1
// "stage 2 translates"; Used relies on that.
const (
	CfgAbort   uint8 = 0
	cfgBypass  uint8 = 4
	cfgS1Trans uint8 = 5
	CfgS2Trans uint8 = 6
	cfgNested  uint8 = 7
)

// S1FMT values: the CD table is linear or two-level with 64 KB leaves.
const (
	s1FmtLinear uint8 = 0
	s1Fmt64KL2  uint8 = 2
)

// S1DSS values: what happens to traffic without a PASID on a CD-table STE.
const (
	s1DSSTerminate uint8 = 0
	s1DSSBypass    uint8 = 1
	s1DSSSSID0     uint8 = 2
)

// Cacheability of CD-table fetches (S1CIR/S1COR).
const (
	cacheNC   uint8 = 0
	cacheWBRA uint8 = 1
	cacheWT   uint8 = 2
	cacheWB   uint8 = 3
)

// Shareability ARM_SMMU_SH_ISH, used for S1CSH.
const shISH uint8 = 3

// EATS values. With EATSAbort (and ATSCHK=1) translation requests get UR and
// translated traffic aborts; with EATSTrans translated traffic bypasses the
// SMMU. EATSS1Chk is the split-stage mode; 0b11 is reserved here.
const (
	EATSAbort uint8 = 0
	EATSTrans uint8 = 1
	eatsS1Chk uint8 = 2
)

// STRW values: which translation regime stage 1 belongs to.
const (
	strwNSEL1 uint8 = 0
	strwEL2   uint8 = 2
)

// shcfgIncoming: use the incoming shareability attribute.
const shcfgIncoming uint8 = 1
