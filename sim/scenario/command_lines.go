package scenario

import (
	"slices"
	"strings"

	"github.com/smmuplay/smmuplay/sim/cmdq"
)

var cmdKinds = []string{"atc-inv", "sync", "cfgi-ste", "cfgi-cd", "cfgi-all", "prefetch-cfg", "tlbi-nh-va", "tlbi-nh-asid", "tlbi-nh-all", "tlbi-s2-ipa", "tlbi-s12-vmall", "tlbi-nsnh-all", "raw"}

// cmd parses `cmd KIND k=v...` and encodes the command.
func (p *parser) cmd(ln *line, st *Step) bool {
	kind, ok := p.positional(ln, 1, "command kind ("+strings.Join(cmdKinds, ", ")+")")
	if !ok {
		return false
	}
	if !slices.Contains(cmdKinds, kind) {
		p.errf(p.pos(ln, 1), "cmd: unknown command %q (expected one of: %s)", kind, strings.Join(cmdKinds, ", "))
		return false
	}
	// The command text as written, for narration.
	st.CmdText = strings.TrimSpace(ln.text[ln.words[1].col-1:])
	if i := strings.IndexByte(st.CmdText, '#'); i >= 0 {
		st.CmdText = strings.TrimSpace(st.CmdText[:i])
	}
	ctx := "cmd " + kind
	ws := ln.words[2:]
	n := len(p.errs)
	u32 := func(o *opts, k string, dst *uint32) { optUint(o, k, 0, 1<<32-1, "", dst) }
	u16 := func(o *opts, k string, dst *uint16) { optUint(o, k, 0, 1<<16-1, "", dst) }
	leaf := func(o *opts, dst *bool) {
		*dst = true
		o.onOff("leaf", dst)
	}
	tlbiRange := func(o *opts, num, scale, ttl, tg *uint8, addr *uint64) {
		optUint(o, "num", 0, 31, "", num)
		optUint(o, "scale", 0, 31, "", scale)
		optUint(o, "ttl", 0, 3, "", ttl)
		optUint(o, "tg", 0, 3, "", tg)
		optUint(o, "addr", 0, 1<<64-1, "", addr)
	}
	switch kind {
	case "atc-inv":
		o := p.opts(ctx, ln, ws, []string{"sid", "ssid", "addr", "size", "iova", "len"}, []string{"global", "all"})
		if !o.need("sid", "N") {
			return false
		}
		var sid, ssid uint32
		u32(o, "sid", &sid)
		optUint(o, "ssid", 0, 1<<20-1, "SubstreamIDs have 20 bits", &ssid)
		explicit := o.has("addr") || o.has("size")
		ranged := o.has("iova") || o.has("len")
		switch {
		case explicit && (ranged || o.flag("all")), ranged && o.flag("all"):
			p.errf(o.pos("sid"), "%s: give addr=/size=, iova=/len= or all, not several", ctx)
		case ranged:
			if !o.need("iova", "ADDRESS") || !o.need("len", "BYTES") {
				return false
			}
			var iova, n uint64
			optUint(o, "iova", 0, 1<<64-1, "", &iova)
			optUint(o, "len", 1, 1<<63, "", &n)
			a := cmdq.ATCInvRange(sid, ssid, iova, n)
			a.Global = o.flag("global")
			st.Cmd = a.Encode()
		case explicit:
			a := cmdq.ATCInv{SID: sid, SSID: ssid, SSV: ssid != 0, Global: o.flag("global")}
			optUint(o, "addr", 0, 1<<64-1, "", &a.Addr)
			optUint(o, "size", 0, 63, "Size 53..63 is reserved and raises CERROR_ILL", &a.Size)
			st.Cmd = a.Encode()
		default:
			a := cmdq.ATCInvAll(sid, ssid)
			a.Global = o.flag("global")
			st.Cmd = a.Encode()
		}
	case "sync":
		o := p.opts(ctx, ln, ws, []string{"cs", "msi-addr", "msi-data"}, nil)
		cs := "sev"
		o.enum("cs", []string{"none", "irq", "sev"}, &cs)
		s := cmdq.KernelSync(map[string]cmdq.CS{"none": cmdq.CSNone, "irq": cmdq.CSIRQ, "sev": cmdq.CSSEV}[cs], 0)
		optUint(o, "msi-addr", 0, 1<<52-1, "", &s.MSIAddr)
		u32(o, "msi-data", &s.MSIData)
		st.Cmd = s.Encode()
	case "cfgi-ste":
		o := p.opts(ctx, ln, ws, []string{"sid", "leaf"}, nil)
		if !o.need("sid", "N") {
			return false
		}
		var c cmdq.CfgiSTE
		u32(o, "sid", &c.SID)
		leaf(o, &c.Leaf)
		st.Cmd = c.Encode()
	case "cfgi-cd":
		o := p.opts(ctx, ln, ws, []string{"sid", "ssid", "leaf"}, nil)
		if !o.need("sid", "N") || !o.need("ssid", "N") {
			return false
		}
		var c cmdq.CfgiCD
		u32(o, "sid", &c.SID)
		optUint(o, "ssid", 0, 1<<20-1, "SubstreamIDs have 20 bits", &c.SSID)
		leaf(o, &c.Leaf)
		st.Cmd = c.Encode()
	case "cfgi-all":
		p.opts(ctx, ln, ws, nil, nil)
		st.Cmd = cmdq.CfgiAll{}.Encode()
	case "prefetch-cfg":
		o := p.opts(ctx, ln, ws, []string{"sid"}, nil)
		if !o.need("sid", "N") {
			return false
		}
		var c cmdq.PrefetchCfg
		u32(o, "sid", &c.SID)
		st.Cmd = c.Encode()
	case "tlbi-nh-va":
		o := p.opts(ctx, ln, ws, []string{"vmid", "asid", "addr", "leaf", "num", "scale", "ttl", "tg"}, nil)
		if !o.need("vmid", "N") || !o.need("asid", "N") || !o.need("addr", "ADDRESS") {
			return false
		}
		var c cmdq.TLBINHVA
		u16(o, "vmid", &c.VMID)
		u16(o, "asid", &c.ASID)
		leaf(o, &c.Leaf)
		tlbiRange(o, &c.Num, &c.Scale, &c.TTL, &c.TG, &c.Addr)
		st.Cmd = c.Encode()
	case "tlbi-s2-ipa":
		o := p.opts(ctx, ln, ws, []string{"vmid", "addr", "leaf", "num", "scale", "ttl", "tg"}, nil)
		if !o.need("vmid", "N") || !o.need("addr", "ADDRESS") {
			return false
		}
		var c cmdq.TLBIS2IPA
		u16(o, "vmid", &c.VMID)
		leaf(o, &c.Leaf)
		tlbiRange(o, &c.Num, &c.Scale, &c.TTL, &c.TG, &c.Addr)
		st.Cmd = c.Encode()
	case "tlbi-nh-asid":
		o := p.opts(ctx, ln, ws, []string{"vmid", "asid"}, nil)
		if !o.need("vmid", "N") || !o.need("asid", "N") {
			return false
		}
		var c cmdq.TLBINHASID
		u16(o, "vmid", &c.VMID)
		u16(o, "asid", &c.ASID)
		st.Cmd = c.Encode()
	case "tlbi-nh-all", "tlbi-s12-vmall":
		o := p.opts(ctx, ln, ws, []string{"vmid"}, nil)
		if !o.need("vmid", "N") {
			return false
		}
		var vmid uint16
		u16(o, "vmid", &vmid)
		if kind == "tlbi-nh-all" {
			st.Cmd = cmdq.TLBINHAll{VMID: vmid}.Encode()
		} else {
			st.Cmd = cmdq.TLBIS12VMAll{VMID: vmid}.Encode()
		}
	case "tlbi-nsnh-all":
		p.opts(ctx, ln, ws, nil, nil)
		st.Cmd = cmdq.TLBINSNHAll{}.Encode()
	case "raw":
		o := p.opts(ctx, ln, ws, []string{"dw0", "dw1"}, nil)
		if !o.need("dw0", "N") || !o.need("dw1", "N") {
			return false
		}
		optUint(o, "dw0", 0, 1<<64-1, "", &st.Cmd[0])
		optUint(o, "dw1", 0, 1<<64-1, "", &st.Cmd[1])
	}
	return len(p.errs) == n
}
