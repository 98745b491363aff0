package sim

// IsQuarantined is smmuplay's one definition of a quarantined endpoint,
// shared by the picture, the narration, the tutorials' claims, the
// `quarantined` metric, the JSON summary and the JS API: the driver has
// marked the master ats_broken (the series sets it right after clearing
// STE.EATS, so the SMMU refuses the device's Translated traffic and sends
// it no more ATC invalidations), or the IOMMU core holds its group device
// BROKEN (blocked as broken: reported by the driver, or its reset failed).
// Either way the device is cut off until a reset succeeds. state is the
// core's blocked state by name (NONE, RESET, BROKEN).
//
// The two halves happen two steps apart in a series run (ats_broken, then
// the broken work item moves the device to BROKEN); the picture draws the
// quarantine from the first, and the core's block as a gate on the link.
func IsQuarantined(atsBroken bool, state string) bool {
	return atsBroken || state == "BROKEN"
}

// Quarantined reports IsQuarantined for the endpoint.
func (e *EndpointSnap) Quarantined() bool { return IsQuarantined(e.ATSBroken, e.State) }
