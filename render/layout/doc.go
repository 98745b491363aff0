// Package layout places smmuplay's picture on a canvas of any size and
// aspect, in CSS pixels: the SMMU card (its command-queue ring, the
// CMD_SYNC and run cards, the registers, the corrupted pages, the key),
// the root ports, 1–256 endpoint tiles and the links packets travel along.
//
// The layout decides what fits instead of shrinking a fixed picture: a
// landscape canvas puts the SMMU on the left and fans the endpoints out on
// the right; a portrait one stacks the SMMU over a bus and a grid. Cards
// and tiles pick a level of detail (TileLOD, CardLOD) from the room they
// get, and zooming the endpoint field gives tiles more room, so more of
// their detail appears. It is pure arithmetic with no drawing library, so
// it is table-tested natively; render/scene draws into the boxes.
package layout
