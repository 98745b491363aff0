// Package ste models the SMMUv3 Stream Table Entry as the Linux
// arm-smmu-v3 driver builds and rewrites it.
//
// It holds three things, each in its own file:
//
//   - layout.go, ste.go: the 8-qword STE, the field masks and values the
//     driver defines, and accessors;
//   - build.go: the driver's STE builders (abort, bypass, CD-table S1, S2
//     domain, and the nested form the KUnit suite uses);
//   - used.go, plan.go: the "used bits" and "update-safe bits" rules and the
//     hitless/breaking writer that turns one STE into another through a
//     sequence of 64-bit stores, each followed by CFGI_STE + CMD_SYNC;
//   - cd.go: the 8-qword Context Descriptor, the kernel's stage-1 and SVA
//     CD builders, its used bits and the same writer (each store followed
//     by CFGI_CD + CMD_SYNC).
//
// The writer is re-derived from the behaviour of the kernel's
// arm_smmu_write_entry() and checked against every STE and CD case of the
// kernel's KUnit suite (arm-smmu-v3-kunit-test); the tests reproduce its
// fixtures.
//
// Only what the simulator, the scene and the lab use is exported (the STE
// type, its builders for the model's domains, the writer, the fields they
// describe); the rest of the layout, the KUnit-only builders and the CD
// model stay inside, where the tests exercise them.
package ste
