package ste

// CD is one Context Descriptor as it sits in memory, qword 0 first: the
// stage-1 translation a CD-table STE points at for one SubstreamID. The
// kernel's struct arm_smmu_cd is eight qwords (CTXDESC_CD_DWORDS), the
// same as an STE, and it is rewritten by the same writer.
type CD [dwords]uint64

// CD field masks, in place (the kernel's CTXDESC_CD_<qword>_<FIELD>).
const (
	cd0T0SZ  uint64 = 0x3f << 0    // [5:0]
	cd0TG0   uint64 = 0x3 << 6     // [7:6]
	cd0IRGN0 uint64 = 0x3 << 8     // [9:8]
	cd0ORGN0 uint64 = 0x3 << 10    // [11:10]
	cd0SH0   uint64 = 0x3 << 12    // [13:12]
	cd0EPD0  uint64 = 1 << 14      // TTB0 walks disabled
	cd0ENDI  uint64 = 1 << 15      // big-endian tables
	cd0EPD1  uint64 = 1 << 30      // TTB1 walks disabled
	cd0V     uint64 = 1 << 31      // valid
	cd0IPS   uint64 = 0x7 << 32    // [34:32]
	cd0AA64  uint64 = 1 << 41      // AArch64 tables
	cd0HD    uint64 = 1 << 42      // hardware dirty-state update
	cd0HA    uint64 = 1 << 43      // hardware access-flag update
	cd0S     uint64 = 1 << 44      // stall on faults
	cd0R     uint64 = 1 << 45      // record faults
	cd0A     uint64 = 1 << 46      // abort on faults (vs. RAZ/WI)
	cd0ASET  uint64 = 1 << 47      // ASID set: shared with the CPU's
	cd0ASID  uint64 = 0xffff << 48 // [63:48]

	cd1TTB0 uint64 = (1<<52 - 1) &^ 0xf // [51:4], address
)

// V reports the CD's Valid bit.
func (c CD) V() bool { return c[0]&cd0V != 0 }

// ASID is the CD's ASID.
func (c CD) ASID() uint16 { return uint16(get(c[0], cd0ASID)) }

// S1TCR are the io-pgtable stage-1 TCR fields a CD carries.
type S1TCR struct {
	TSZ, TG, IRGN, ORGN, SH, IPS uint8
}

// S1CDOpts are the inputs of MakeS1CD: the domain's page-table
// configuration and the master's stall setting.
type S1CDOpts struct {
	ASID      uint16
	TCR       S1TCR
	TTBR      uint64 // stage-1 table base
	MAIR      uint64
	Stall     bool // master->stall_enabled
	HTTU      bool // page table built with dirty tracking (HA|HD)
	BigEndian bool
}

// makeS1CD is arm_smmu_make_s1_cd: a valid CD translating through TTB0 with
// the domain's ASID; TTB1 walks are off (EPD1), faults are recorded and
// abort, the ASID is not shared with the CPU (ASET).
func makeS1CD(o S1CDOpts) CD {
	var c CD
	c[0] = prep(cd0T0SZ, uint64(o.TCR.TSZ)) |
		prep(cd0TG0, uint64(o.TCR.TG)) |
		prep(cd0IRGN0, uint64(o.TCR.IRGN)) |
		prep(cd0ORGN0, uint64(o.TCR.ORGN)) |
		prep(cd0SH0, uint64(o.TCR.SH)) |
		cd0EPD1 | cd0V |
		prep(cd0IPS, uint64(o.TCR.IPS)) |
		cd0AA64 | cd0R | cd0A | cd0ASET |
		prep(cd0ASID, uint64(o.ASID))
	if o.BigEndian {
		c[0] |= cd0ENDI
	}
	if o.Stall {
		c[0] |= cd0S
	}
	if o.HTTU {
		c[0] |= cd0HA | cd0HD
	}
	c[1] = o.TTBR & cd1TTB0
	c[3] = o.MAIR
	return c
}

// SVAMM is the part of an mm_struct an SVA CD takes: the CPU's page table
// and its TCR and MAIR setup.
type SVAMM struct {
	PGD  uint64
	TCR  S1TCR // TSZ from the CPU's VA bits, TG from its page size
	MAIR uint64
}

// SVACDOpts are the inputs of MakeSVACD besides the mm.
type SVACDOpts struct {
	ASID       uint16
	IPS        uint8 // the CPU's PARange
	MAIR       uint64
	Stall      bool // master->stall_enabled
	StallForce bool // ARM_SMMU_FEAT_STALL_FORCE: stalls cannot be disabled
}

// makeSVACD is arm_smmu_make_sva_cd: a CD sharing a process's page table
// (mm != nil), or, with mm == nil, the CD an SVA domain is left with when
// its mm goes away: TTB0 walks off (EPD0) so everything faults, and no
// stall or fault record where the SMMU allows that. The writer can move
// hitlessly between the two because EPD0 makes the TTB0 fields unused.
func makeSVACD(mm *SVAMM, o SVACDOpts) CD {
	var c CD
	c[0] = cd0EPD1 | cd0V | prep(cd0IPS, uint64(o.IPS)) | cd0AA64 |
		cd0R | cd0A | cd0ASET | prep(cd0ASID, uint64(o.ASID))
	if o.Stall {
		c[0] |= cd0S
	}
	if mm != nil {
		c[0] |= prep(cd0T0SZ, uint64(mm.TCR.TSZ)) |
			prep(cd0TG0, uint64(mm.TCR.TG)) |
			prep(cd0IRGN0, uint64(mm.TCR.IRGN)) |
			prep(cd0ORGN0, uint64(mm.TCR.ORGN)) |
			prep(cd0SH0, uint64(mm.TCR.SH))
		c[1] = mm.PGD & cd1TTB0
	} else {
		c[0] |= cd0EPD0
		if !o.StallForce {
			c[0] &^= cd0S | cd0R
		}
	}
	c[3] = o.MAIR
	return c
}

// usedCD is arm_smmu_get_cd_used: V alone for an invalid CD; otherwise
// every bit, except that with EPD0 set the TTB0 walk fields and TTB0 are
// ignored.
func usedCD(c CD) CD {
	var u CD
	u[0] = cd0V
	if !c.V() {
		return u
	}
	for i := range u {
		u[i] = ^uint64(0)
	}
	if c[0]&cd0EPD0 != 0 {
		u[0] &^= cd0T0SZ | cd0TG0 | cd0IRGN0 | cd0ORGN0 | cd0SH0
		u[1] &^= cd1TTB0
	}
	return u
}

// CDStep is one store phase of a CD rewrite; the caller owes one
// CMD_CFGI_CD per StreamID of the master, then a CMD_SYNC, after it.
type CDStep struct {
	Entry   CD
	Changed [dwords]bool
}

// CDPlan is how arm_smmu_write_cd_entry moves a live CD. Hitless is false
// when some phase leaves the CD invalid (V = 0), as the KUnit checker
// counts it: clearing a CD, or filling an empty one, is never hitless.
type CDPlan struct {
	Steps    []CDStep
	Hitless  bool
	Critical int
}

// CDs have no update-safe bits (the kernel's CD writer has no
// get_update_safe).
var cdOps = entryOps{used: func(e entry) entry { return usedCD(CD(e)) }}

// planCD computes the store sequence from cur to target with the same
// writer as Plan.
func planCD(cur, target CD) CDPlan {
	raw, critical := planEntry(cdOps, cur, target)
	p := CDPlan{Hitless: true}
	for i := range dwords {
		if critical&(1<<i) != 0 {
			p.Critical++
		}
	}
	for _, r := range raw {
		st := CDStep{Entry: CD(r.entry), Changed: r.changed}
		if !st.Entry.V() {
			p.Hitless = false
		}
		p.Steps = append(p.Steps, st)
	}
	return p
}
