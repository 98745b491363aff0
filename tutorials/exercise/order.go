package exercise

import (
	"fmt"
	"strings"
)

// orderSteps: put the quarantine (or the recovery) in a safe order. The
// correct order is the one the simulator's series model follows; the
// test checks it against a run (each step's anchor is text of the event
// that does it).
type orderSteps struct{}

func (orderSteps) info() Info {
	return Info{ID: "order-steps", Title: "Order the quarantine (or the recovery) safely",
		Summary: "Shuffled steps of the series' quarantine or of an FLR recovery: put them in the order that never lets a stale translation through."}
}

type orderItem struct {
	text   string
	anchor string // text of the event's narration in a run (verify)
	why    string // why it comes no earlier: the feedback for an answer that puts it too early
}

// sequences in their correct order.
var sequences = []struct {
	name, why string
	items     []orderItem
}{
	{"quarantine", "EATS must be clear before anything else, so no Translated write can pass; ats_broken follows it (v4 sets it after clearing EATS), stopping further ATC_INVs to the device; the report only queues work, and the worker blocks the device in the core later.", []orderItem{
		{"The per-device retry's own CMD_SYNC fails: the device is confirmed", "returned -EIO", "everything starts when the device's own retry fails: only then is it known to be the silent one"},
		{"Clear STE.EATS in one hitless write, then CMD_CFGI_STE + CMD_SYNC", "(qwords 1), EATS now 0", "clearing EATS is the first change: until it is done, the device's Translated writes pass the SMMU"},
		{"Set master->ats_broken", "ats_broken set", "v4 sets ats_broken only after EATS is clear"},
		{"iommu_report_device_broken(): set broken_pending and queue the work item", "iommu_report_device_broken", "the driver reports the device once it has made it harmless itself"},
		{"The work item moves the group device to BLOCKED_BROKEN (recovery_cnt + 1)", "broken work blocked it", "the work item runs later, on a kworker, after the report queued it"},
		{"The device is attached to the blocking domain and its ATS is disabled", "attached to the blocking domain", "blocking is what the work item does after it moves the device to BLOCKED_BROKEN"},
	}},
	{"recovery", "prepare() runs before the FLR; done() must see the reset's result before lifting anything; ats_broken is cleared before the re-attach so that ATS may be used again; the ATC is flushed before ATS is enabled at the device.", []orderItem{
		{"pci_dev_reset_iommu_prepare(): reset_depth 1, the device stays blocked", "pci_dev_reset_iommu_prepare", "prepare() runs before the reset touches the device"},
		{"The FLR completes and empties the device's ATC", "FLR succeeded", "the FLR runs between prepare() and done()"},
		{"pci_dev_reset_iommu_done(ok): state BLOCKED_NO, recovery_cnt - 1", "pci_dev_reset_iommu_done(ep1, ok)", "done() needs the FLR's result"},
		{"reset_device_done clears master->ats_broken", "reset_device_done cleared", "done() calls reset_device_done once it has moved the device to BLOCKED_NO"},
		{"Re-attach the domain: STE.EATS back to 0b01", "EATS now 1", "the domain is re-attached only after ats_broken is cleared"},
		{"Flush the whole ATC (CMD_ATC_INV, Size 52), then pci_enable_ats()", "ATS enabled", "ATS is enabled at the device only after its ATC was flushed"},
	}},
}

const letters = "ABCDEF"

type orderVariant struct {
	seq   int
	perm  []int // perm[i] = the correct position of the item shown as letter i
	items []orderItem
	at    int64 // the event of the sequence's first step in orderScenario's run
}

func (orderSteps) make(seed uint64) orderVariant {
	r := rng("order-steps", seed)
	v := orderVariant{seq: r.IntN(len(sequences))}
	v.items = sequences[v.seq].items
	v.perm = r.Perm(len(v.items))
	if s, err := runToEnd("order-steps", orderScenario); err == nil {
		v.at = firstEvent(s, v.items[0].anchor)
	}
	return v
}

func (o orderSteps) generate(seed uint64) (Variant, error) {
	v := o.make(seed)
	var b strings.Builder
	fmt.Fprintf(&b, "These steps of the %s of a device (ep1) are shuffled. Put them in the order the series performs them.\n\n", sequences[v.seq].name)
	for i, p := range v.perm {
		fmt.Fprintf(&b, "%c. %s\n", letters[i], v.items[p].text)
	}
	return Variant{
		Title:     "Order the " + sequences[v.seq].name + " safely",
		Prompt:    strings.TrimSuffix(b.String(), "\n"),
		Fields:    []Field{{Name: "order", Label: "letters in order", Kind: "text", Example: "C,A,F,B,E,D"}},
		Hint:      "Ask of each step: what could go wrong if it came earlier? A device with a stale ATC entry must never find EATS = 0b01 while it is not trusted.",
		Objective: fmt.Sprintf("Give the %d letters, each once, in the order in which the steps happen.", len(v.items)),
		Fragment:  fragmentAt(orderScenario, v.at, "ep1"),
		Reveal:    true,
	}, nil
}

// orderScenario shows both sequences in the playground.
const orderScenario = "title \"Quarantine ep1, then reset it\"\npolicy series\ndomain vm0 pages=16\nendpoints 2 dma=off\nbroken ep1\n" +
	"dma ep1 iova=0x5000\nrun\nunmap vm0 iova=0x5000\nrun\nat 5ms flr ep1 result=ok\nrun\n"

func (o orderSteps) check(seed uint64, a map[string]string) (Result, error) {
	v := o.make(seed)
	n := len(v.items)
	r := Result{Fields: map[string]FieldResult{}}
	var got []int // correct positions in the student's order
	seen := map[byte]bool{}
	for _, c := range strings.ToUpper(a["order"]) {
		if c == ',' || c == ' ' || c == '-' || c == '>' {
			continue
		}
		i := strings.IndexRune(letters[:n], c)
		if i < 0 || seen[byte(c)] {
			r.Fields["order"] = FieldResult{Msg: fmt.Sprintf("use each of the letters %s once", strings.Join(strings.Split(letters[:n], ""), ", "))}
			return r, nil
		}
		seen[byte(c)] = true
		got = append(got, v.perm[i])
	}
	if len(got) != n {
		r.Fields["order"] = FieldResult{Msg: fmt.Sprintf("%d letters; give all %d", len(got), n)}
		return r, nil
	}
	// Score: the share of pairs in the right relative order.
	pairs, right := 0, 0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			pairs++
			if got[i] < got[j] {
				right++
			}
		}
	}
	r.Score = float64(right) / float64(pairs)
	r.Correct = right == pairs
	r.Fields["order"] = FieldResult{OK: r.Correct}
	if !r.Correct {
		r.Fields["order"] = FieldResult{Msg: fmt.Sprintf("%d of %d pairs in the right order", right, pairs)}
	}
	for i := 0; i+1 < n; i++ {
		if got[i] > got[i+1] {
			r.Feedback = append(r.Feedback, fmt.Sprintf("%q cannot come before %q: %s", v.items[got[i]].text, v.items[got[i+1]].text, v.items[got[i]].why))
		}
	}
	return r, nil
}

func (o orderSteps) key(seed uint64) (Key, error) {
	v := o.make(seed)
	ans := make([]string, len(v.items))
	for i, p := range v.perm {
		ans[p] = string(letters[i])
	}
	var b strings.Builder
	for _, l := range ans {
		i := strings.Index(letters, l)
		fmt.Fprintf(&b, "%s. %s\n", l, v.items[v.perm[i]].text)
	}
	b.WriteString(sequences[v.seq].why)
	return Key{Text: b.String(), Answer: map[string]string{"order": strings.Join(ans, ",")}, Fragment: fragmentAt(orderScenario, v.at, "ep1")}, nil
}

// verify: each step of the sequence happens, in this order, in the run
// the playground shows, and the fragment stands at the first of them.
func (o orderSteps) verify(seed uint64) error {
	v := o.make(seed)
	s, err := runToEnd("order-steps", orderScenario)
	if err != nil {
		return err
	}
	prev := int64(0)
	for _, it := range v.items {
		at := int64(0)
		for n := prev + 1; n <= s.N(); n++ {
			if strings.Contains(s.Describe(s.Event(n)), it.anchor) {
				at = n
				break
			}
		}
		if at == 0 {
			return fmt.Errorf("the %s lists %q, but the run has no %q after event %d", sequences[v.seq].name, it.text, it.anchor, prev)
		}
		prev = at
	}
	if v.at == 0 || !strings.Contains(s.Describe(s.Event(v.at)), v.items[0].anchor) {
		return fmt.Errorf("the playground opens at event %d, not at %q", v.at, v.items[0].anchor)
	}
	return nil
}
