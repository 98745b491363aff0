// Package layout places smmuplay's picture on a canvas: the SMMU with its
// command-queue ring and register panel, the root ports, up to 256
// endpoints, the links packets travel along, the corrupted-pages strip and
// the status line. It is pure rectangle math with no drawing library, so it
// is table-tested natively; the Ebiten layer and render/scene only read the
// rectangles it computes.
package layout
