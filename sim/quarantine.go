package sim

import "strconv"

// IsQuarantined is smmuplay's one definition of a quarantined endpoint,
// shared by the picture, the narration, the tutorials' claims, the
// `quarantined` metric, the JSON summary and the JS API: the driver has
// marked the master ats_broken (the series sets it right after clearing
// STE.EATS, so the SMMU refuses the device's Translated traffic and sends
// it no more ATC invalidations), or the IOMMU core holds its group device
// BLOCKED_BROKEN (blocked as broken: reported by the driver, or its reset
// failed; v4 only). Either way the device is cut off until a reset
// succeeds. state is the core's blocked state by name (BlockedNo,
// BlockedResetting, BlockedBroken).
//
// The two halves happen two steps apart in a series run (ats_broken, then
// the broken work item moves the device to BLOCKED_BROKEN); the picture draws the
// quarantine from the first, and the core's block as a gate on the link.
func IsQuarantined(atsBroken bool, state string) bool {
	return atsBroken || state == BlockedBroken
}

// Quarantined reports IsQuarantined for the endpoint.
func (e *EndpointSnap) Quarantined() bool { return IsQuarantined(e.ATSBroken, e.State) }

// CoreState says where the IOMMU core stands: every group device that is
// not BLOCKED_NO or whose master is ats_broken ("ep1:BLOCKED_BROKEN+ats_broken"),
// then the sum of recovery_cnt; "all BLOCKED_NO recovery_cnt=0" when
// nothing is blocked. The race explorer's outcomes and smmulab diff's
// panes print it.
func (s *Sim) CoreState() string {
	m := s.m
	var b []byte
	for i := range m.eps {
		st, broken := blockedNames[m.core.gdevs[i].blocked], m.drv.masters[i].atsBroken
		if st == BlockedNo && !broken {
			continue
		}
		b = append(append(append(b, s.cfg.epName(int32(i))...), ':'), st...)
		if broken {
			b = append(b, "+ats_broken"...)
		}
		b = append(b, ' ')
	}
	if len(b) == 0 {
		b = append(b, "all "+BlockedNo+" "...)
	}
	var n int64
	for _, g := range m.core.groups {
		n += int64(g.recoveryCnt)
	}
	return string(b) + "recovery_cnt=" + strconv.FormatInt(n, 10)
}
