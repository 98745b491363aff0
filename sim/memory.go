package sim

// Owners of physical pages. Domain d owns pages with owner ownerDomain+d.
const (
	ownerFree   = 0
	ownerHost   = 1 // the host kernel reused the page
	ownerDomain = 2
)

// pageRing is a fixed-capacity FIFO of page numbers.
type pageRing struct {
	buf     []uint32
	head, n int
}

func (r *pageRing) push(p uint32) {
	r.buf[(r.head+r.n)%len(r.buf)] = p
	r.n++
}

func (r *pageRing) pop() (uint32, bool) {
	if r.n == 0 {
		return 0, false
	}
	p := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.n--
	return p, true
}

// memory is physical memory at page granularity, with an owner per page,
// and every domain's I/O page table (IOVA page -> physical page).
type memory struct {
	owner   []uint16
	hits    []uint32   // corrupt writes per page
	free    pageRing   // never-used or returned pages
	host    pageRing   // pages the host took after an unmap, oldest first
	pt      [][]uint32 // per domain: IOVA page -> PA page + 1 (0 = unmapped)
	mapped  []int      // per domain: mapped IOVA pages
	lastHit int32      // last page hit by a corrupt write, -1 if none
}

func newMemory(c *config) memory {
	m := memory{
		owner:   make([]uint16, c.pages),
		hits:    make([]uint32, c.pages),
		free:    pageRing{buf: make([]uint32, c.pages)},
		host:    pageRing{buf: make([]uint32, c.pages)},
		lastHit: -1,
	}
	for p := 0; p < c.pages; p++ {
		m.free.push(uint32(p))
	}
	for _, d := range c.domains {
		m.pt = append(m.pt, make([]uint32, d.Pages))
		m.mapped = append(m.mapped, 0)
	}
	return m
}

func (m memory) clone() memory {
	c := m
	c.owner = append([]uint16(nil), m.owner...)
	c.hits = append([]uint32(nil), m.hits...)
	c.free.buf = append([]uint32(nil), m.free.buf...)
	c.host.buf = append([]uint32(nil), m.host.buf...)
	c.pt = make([][]uint32, len(m.pt))
	for i := range m.pt {
		c.pt[i] = append([]uint32(nil), m.pt[i]...)
	}
	c.mapped = append([]int(nil), m.mapped...)
	return c
}

// alloc takes a page for owner: a free one if any, else the page the host
// has held longest (the host gives pages back in allocation order).
func (m *memory) alloc(owner uint16) (uint32, bool) {
	p, ok := m.free.pop()
	if !ok {
		p, ok = m.host.pop()
	}
	if !ok {
		return 0, false
	}
	m.owner[p] = owner
	return p, true
}

// translate walks domain d's page table.
func (m *memory) translate(d int32, page uint64) (pa uint32, ok bool) {
	t := m.pt[d]
	if page >= uint64(len(t)) || t[page] == 0 {
		return 0, false
	}
	return t[page] - 1, true
}

// mapPage maps IOVA page of domain d to a newly allocated page.
func (m *memory) mapPage(d int32, page uint64) (uint32, bool) {
	t := m.pt[d]
	if page >= uint64(len(t)) || t[page] != 0 {
		return 0, false
	}
	pa, ok := m.alloc(uint16(ownerDomain + d))
	if !ok {
		return 0, false
	}
	t[page] = pa + 1
	m.mapped[d]++
	return pa, true
}

// unmapPage clears the PTE and returns the page that was mapped. The page
// still belongs to the domain until the driver's invalidation returns and
// the caller frees it.
func (m *memory) unmapPage(d int32, page uint64) (uint32, bool) {
	pa, ok := m.translate(d, page)
	if !ok {
		return 0, false
	}
	m.pt[d][page] = 0
	m.mapped[d]--
	return pa, true
}

// reuse hands a freed page to the host kernel, which uses it at once.
func (m *memory) reuse(pa uint32) {
	m.owner[pa] = ownerHost
	m.host.push(pa)
}
