// Package scenario parses smmuplay's line-oriented scenario language into a
// validated, fully defaulted Scenario value. It knows nothing about how a
// scenario runs: package sim consumes the result.
//
// The language is documented in docs/scenario-language.md.
package scenario

import "github.com/smmuplay/smmuplay/sim/cmdq"

// Pos is a position in a scenario file: 1-based line and column.
type Pos struct {
	File string
	Line int
	Col  int
}

// Duration is a span of simulated time in nanoseconds.
type Duration int64

// Limits enforced by the parser (errors name the limit).
const (
	MaxEndpoints = 1024    // endpoints in one scenario
	MaxRootPorts = 64      // root ports
	MaxSIDsPerEP = 8       // StreamIDs of one endpoint
	MaxQS        = 19      // CMDQ_BASE.LOG2SIZE upper bound (SMMU_IDR1.CMDQS <= 19)
	MinQS        = 2       // smallest queue the driver model can use (4 slots)
	MaxPages     = 1 << 16 // IOVA pages of one domain
	MaxUnmaps    = 1 << 19 // unmaps of a workload: with one endpoint, within sim.MaxCost
	MaxSteps     = 1 << 16 // action/run/observation lines
)

// RunSeed is the seed a run of sc uses: the one given (a flag, a URL),
// else the scenario's `seed` line, else 1. Every front end uses it, so the
// CLI, the page and the lab run the same thing for the same request.
func (sc *Scenario) RunSeed(seed uint64, given bool) uint64 {
	switch {
	case given:
		return seed
	case sc.HasSeed:
		return sc.Seed
	}
	return 1
}

// Scenario is a parsed, validated scenario with every default filled in.
type Scenario struct {
	File    string // name given to Parse, used in positions
	Title   string // `title "..."`; "" if absent
	Seed    uint64 // `seed N`; meaningful only when HasSeed
	HasSeed bool

	SMMU      SMMU
	Policy    Policy
	PCI       PCI
	EVTQ      EVTQ       // the `evtq` line (evtq_line.go)
	RootPorts []RootPort // at least one; "rp0" is created when none is declared
	Domains   []Domain   // at least one; "vm0" (stage 2, vmid 1) is created when none is declared
	Groups    []Group    // one per endpoint unless endpoints name a shared group
	Endpoints []Endpoint // in declaration order (endpoints N expands to <prefix>0..<prefix>N-1)
	Workload  *Workload  // nil when the scenario has no `workload` line
	Steps     []Step     // action, run and observation lines, in file order
}

// SMMU holds the `smmu` line. Defaults in brackets.
type SMMU struct {
	Pos         Pos
	Device      string   // device name in log prefixes ["arm-smmu-v3.0.auto"]
	QS          int      // CMDQ_BASE.LOG2SIZE, MinQS..MaxQS [19]
	CmdqStart   uint32   // initial CMDQ_PROD = CMDQ_CONS value (index|wrap), must fit QS+1 bits [0]
	ATSTimeout  Duration // SMMU ATS invalidation completion timeout [1ms]
	Sync        string   // CMD_SYNC completion the driver asks for: "msi" | "sev" | "none" ["msi"]
	CmdLatency  Duration // time the SMMU takes to consume one command [20ns]
	LinkLatency Duration // one-way PCIe latency between SMMU and an endpoint [400ns]
	IRQLatency  Duration // from GERROR becoming active to the ISR running [2us]
	IRQCPU      int      // CPU the GERROR IRQ is routed to [1]
	ATCSize     int      // ATC entries per endpoint [32]
}

// Policy holds the `policy` line: which Linux driver model runs.
type Policy struct {
	Pos           Pos
	Name          string   // "none" | "baseline" | "series" ["series"]
	Strategy      string   // "per-device" | "halving" ["per-device"]; only meaningful for series
	BrokenPending bool     // v4 gdev->broken_pending (off = v3 behaviour) [on]
	GateDone      bool     // v4 "gate done() transitions to preserve BLOCKED_BROKEN" [on]
	EATSLock      bool     // v4 "serialize STE.EATS and ats_broken updates" [on]
	RecoveryFence bool     // upstream: attaches fail with -EBUSY while the group's recovery_cnt != 0 [on]
	IssuerCPU     int      // CPU the invalidation issuer runs on [0]
	PollBudget    Duration // ARM_SMMU_POLL_TIMEOUT_US [1s]
	BatchSize     int      // CMDQ_BATCH_ENTRIES [64]
	WQLatency     Duration // from queue_work() to the work item running [10us]
}

// PCI holds the `pci` line.
type PCI struct {
	Pos        Pos
	FLRTime    Duration // how long a Function Level Reset takes [100ms]
	InvLatency Duration // endpoint processing time of an Invalidate Request [1us]
}

// RootPort is a `root-port NAME` line.
type RootPort struct {
	Pos  Pos
	Name string
}

// Domain is a `domain NAME` line: an IOMMU domain (a VM's stage-2 or a stage-1 context).
type Domain struct {
	Pos   Pos
	Name  string
	Stage int    // 1 or 2 [2]
	VMID  uint16 // [index+1]
	ASID  uint16 // stage 1 only [index+1]
	Pages int    // IOVA window in 4 KiB pages, all mapped at start [64]
}

// Group is an iommu_group; implicit groups are named after their endpoint.
type Group struct {
	Name string
}

// Behavior is how an endpoint answers ATS Invalidate Requests.
type Behavior string

const (
	Healthy      Behavior = "healthy"      // completes after PCI.InvLatency
	Unresponsive Behavior = "unresponsive" // never completes
	Slow         Behavior = "slow"         // completes after SlowDelay (possibly past the timeout)
)

// Endpoint is one PCIe function (an `endpoint` line or one of an `endpoints N` line).
type Endpoint struct {
	Pos       Pos
	Name      string
	Port      string   // root port name [first root port]
	SIDs      []uint32 // StreamIDs, distinct across the scenario [sid-base + index*sid-stride]
	Group     string   // iommu group name [endpoint name]
	Domain    string   // domain name [first domain]
	ATS       bool     // ATS capability present and enabled by the driver [on]
	Behavior  Behavior // [healthy]
	SlowDelay Duration // Slow only [5ms]
	FLROK     bool     // an FLR recovers the function (true) or fails (false) [true]
	DMA       bool     // DMA engine runs while the workload runs [on]
	DMAPeriod Duration // time between two DMA writes of this endpoint [100us]
	STU       int      // ATS Smallest Translation Unit (log2 of 4 KiB multiples) [0]
}

// Workload is the `workload` line: the host keeps unmapping, freeing and
// reusing pages of one domain.
type Workload struct {
	Pos    Pos
	Domain string   // [first domain]
	Unmaps int      // number of unmaps [100]
	Period Duration // time between the start of two unmaps [20us]
	Start  Duration // time of the first unmap [10us]
}

// StepKind says what a Step does.
type StepKind uint8

const (
	StepCmd        StepKind = iota + 1 // cmd KIND k=v... : software writes one command and CMDQ_PROD
	StepAck                            // ack : software writes GERRORN = GERROR
	StepMap                            // map DOMAIN iova=A [pages=N]
	StepUnmap                          // unmap DOMAIN iova=A [pages=N]
	StepDMA                            // dma EP iova=A [read|write] [count=N every=D]
	StepBehave                         // silent EP | healthy EP | slow EP [delay=D]
	StepFLR                            // flr EP [result=ok|fail] [probe]
	StepSFM                            // sfm
	StepAttach                         // attach EP domain=D|blocking [must-succeed]
	StepFetchAbort                     // fetch-abort: the next command fetch gets an external abort (CERROR_ABT)
	StepRun                            // run [until=T] [for=D] [events=N]
	StepShow                           // show WHAT [ARG]
	StepExpect                         // expect METRIC OP VALUE
)

// Step is one action, run or observation line. Only the fields of its Kind are set.
type Step struct {
	Pos   Pos
	Kind  StepKind
	At    Duration // `at T ...`: absolute time the action happens; only when HasAt
	HasAt bool

	Target string // endpoint or domain name (map, unmap, dma, behave, flr, attach)

	Cmd      cmdq.Cmd // StepCmd: the encoded command
	CmdText  string   // StepCmd: the command as written, for narration
	IOVA     uint64   // map, unmap, dma
	Pages    int      // map, unmap [1]
	Write    bool     // dma: a write (default) or a read
	Count    int      // dma: how many accesses [1] (evtq_line.go)
	Every    Duration // dma: time between them when Count > 1
	Behavior Behavior // behave
	Delay    Duration // behave slow [5ms]
	FLROK    bool     // flr: result=ok (true) or fail; absent = the endpoint's FLROK
	HasFLROK bool
	Probe    bool   // flr probe: reset capability probe (must not touch the IOMMU)
	Domain   string // attach: domain name or "blocking"
	Must     bool   // attach must-succeed: IOMMU_SET_DOMAIN_MUST_SUCCEED (a detach or teardown path)

	Until  Duration // run until=T (absolute); only when HasUntil
	For    Duration // run for=D (relative); only when HasFor
	Events int64    // run events=N; only when HasEvents
	// run with none of until/for/events runs until nothing is scheduled.
	HasUntil, HasFor, HasEvents bool

	Show    string // show: "regs" | "queue" | "ep" | "ste" | "mem" | "summary" | "log" | "core"
	ShowArg string // show ep NAME / show ste SID / show queue N (slots around CONS)

	Expect *Expect
}

// Expect is `expect METRIC OP VALUE`.
type Expect struct {
	Metric string // as written, e.g. "cons.err", "ep5.state", "corrupt_dma", "log"
	Op     string // "==" | "!=" | "<" | "<=" | ">" | ">=" | "contains" | "!contains"
	Value  Value
}

// ValueKind is the type of an expectation's right-hand side.
type ValueKind uint8

const (
	IntValue    ValueKind = iota + 1 // 3, 0x0302bb84
	NameValue                        // BROKEN, ep5, on
	StringValue                      // "quoted text"
	ListValue                        // ep2,ep6 (comma separated names, no spaces); also "-" for the empty list
)

// Value is an expectation's right-hand side.
type Value struct {
	Kind ValueKind
	Int  int64
	Str  string   // NameValue and StringValue
	List []string // ListValue (sorted as written)
}
