// lab.js is the lab page: the race explorer (lab/race), the strategy lab
// (lab/strategy) and the dmesg import (lab/dmesg). The simulator runs in
// a hidden embed (#engine) of the lab engine (embed.html?engine=lab),
// whose window.smmuplay has the lab functions (cmd/wasm/lab.go). Every text from the simulator goes in as text; the
// strategy plot (SVG made in Go) is parsed and cleaned before it is
// inserted.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const frame = $("engine");
  const api = () => frame.contentWindow && frame.contentWindow.smmuplay;

  function showError(msg) {
    $("error-text").textContent = msg;
    $("error").hidden = false;
  }
  $("error-close").onclick = () => { $("error").hidden = true; };
  function attempt(fn) {
    try { return fn(); } catch (e) { showError(e && e.message || String(e)); return undefined; }
  }
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  const fmtTime = smmuplayFormatTime; // timefmt.js: as Go formats times

  // An engine whose files were cached can finish loading before this
  // script arrives; then no load event comes, so it is also tried once
  // the script has run (ready() needs all of it). Its hooks exist as soon
  // as its embed.js has run.
  let hooked = false;
  function hook() {
    const w = frame.contentWindow;
    if (!w || !w.smmuplayHooks || hooked) return;
    hooked = true;
    w.smmuplayHooks.error.push(showError);
    for (const m of w.smmuplayErrors) showError(m);
    w.smmuplayHooks.ready.push(ready);
    if (w.smmuplay) ready();
  }
  frame.addEventListener("load", hook);
  queueMicrotask(hook);

  let started = false;
  function ready() {
    if (started) return;
    started = true;
    const info = api().raceInfo();
    for (const s of info.scenarios) {
      const o = el("option", s.name + " — " + s.title);
      o.value = s.name;
      $("race-scenario").appendChild(o);
    }
    if (info.scenarios.some((s) => s.name === "race-report-flr")) $("race-scenario").value = "race-report-flr";
    for (const r of info.rules) {
      const o = el("option", r === "v4" ? "the series (v4)" : r + " (an earlier rule)");
      o.value = r;
      $("race-rules").appendChild(o);
    }
    for (const b of ["race-run", "strat-run", "dmesg-run"]) $(b).disabled = false;
    $("status").textContent = "";
    window.smmuplayLabReady = true;
  }

  // ---- race explorer ----
  $("race-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!started) return;
    $("error").hidden = true;
    const spec = { scenario: $("race-scenario").value, rules: $("race-rules").value, deviations: Number($("race-dev").value) };
    if ($("race-seed").value.trim() !== "") spec.seed = $("race-seed").value.trim();
    $("race-summary").textContent = "Exploring…";
    // Let the message paint before the (synchronous) exploration.
    setTimeout(() => {
      const t0 = performance.now();
      const r = attempt(() => api().race(spec));
      if (!r) { $("race-summary").textContent = ""; return; }
      showRace(r, performance.now() - t0);
    }, 20);
  });
  function showRace(r, ms) {
    window.smmuplayRace = r;
    const classes = r.classes.map((c) => c.n + " " + (c.class === "violation" && c.n !== 1 ? "violations" : c.class)).join(", ");
    $("race-summary").textContent = r.scenario + ", seed " + r.seed + ", rules " + r.rules + ": " + r.runs + " orderings" +
      (r.complete ? " (every ordering within the bound)" : " (stopped at the run limit)") + ", " + r.points + " choice points in the default order: " + classes + ". " +
      (r.violations ? r.violations + (r.violations === 1 ? " breaks" : " break") + " an invariant." : "No ordering breaks an invariant.") + " (" + Math.round(ms) + " ms)";
    const sh = $("race-shortest");
    sh.textContent = "";
    if (r.shortest) {
      sh.append("Shortest violating ordering: ");
      const a = el("a", "order=" + (r.shortest.key || "-"));
      a.href = "index.html?from=race#" + r.links[0];
      a.id = "race-shortest-link";
      sh.append(a, " (" + r.shortest.deviations + " reorderings): " + r.shortest.violation.message + " at event " + r.shortest.violation.event + ".");
    }
    const tb = $("race-table").tBodies[0];
    tb.textContent = "";
    r.outcomes.forEach((o, i) => {
      const tr = el("tr");
      tr.className = o.class + (i === 0 && r.shortest ? " shortest" : "");
      tr.dataset.key = o.key;
      tr.dataset.class = o.class;
      const td0 = el("td");
      const a = el("a", o.key === "" ? "default order" : o.key);
      a.href = "index.html?from=race#" + r.links[i];
      a.title = "Open this ordering in the playground";
      td0.append(a);
      if (i === 0 && r.shortest) td0.append(el("span", "shortest violating", "badge"));
      const what = o.violation ? o.violation.message + " (event " + o.violation.event + ", " + fmtTime(o.violation.time_ns) + ": " + o.violation.what + ")" : o.class === "ok" ? "every invariant and expectation held" : o.class;
      tr.append(td0, el("td", String(o.deviations), "num"), el("td", o.class, "class"), el("td", what), el("td", o.end), el("td", (o.swaps || []).join("; ")));
      tb.appendChild(tr);
    });
    $("race-table").hidden = false;
  }

  // ---- strategy lab ----
  $("strat-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!started) return;
    $("error").hidden = true;
    const spec = { n: Number($("strat-n").value), k: Number($("strat-k").value), placement: $("strat-place").value, ats_timeout_ns: Number($("strat-timeout").value) };
    $("strat-summary").textContent = "Measuring…";
    setTimeout(() => {
      const r = attempt(() => api().strategy(spec));
      if (!r) { $("strat-summary").textContent = ""; return; }
      showStrategy(r);
    }, 20);
  });
  function showStrategy(r) {
    window.smmuplayStrategy = r;
    const t = r.table, r0 = t.rows[0];
    let s = "N = " + r0.n + ", k = " + r0.k + " broken (" + (r0.broken.join(", ") || "none") + "): lower bound ⌈log2 C(" + r0.n + "," + r0.k + ")⌉ = " + t.lower_bound + " tests.";
    if (t.worst_halving) s += " Halving's worst placement: " + t.worst_halving.tests + " tests, " + t.worst_halving.atc_timeouts + " ATC timeouts; per-device does not depend on the placement.";
    $("strat-summary").textContent = s;
    const tb = $("strat-table").tBodies[0];
    tb.textContent = "";
    for (const row of t.rows) {
      const m = row.measured, c = row.closed;
      const tr = el("tr");
      tr.dataset.strategy = row.strategy;
      tr.dataset.timeout = String(row.ats_timeout_ns);
      const num = (v) => el("td", String(v), "num");
      tr.append(el("td", row.strategy), el("td", fmtTime(row.ats_timeout_ns)), el("td", fmtTime(row.poll_budget_ns)),
        num(m.tests), num(c.tests), num(m.atc_timeouts), num(c.atc_timeouts), num(m.issuer_syncs), num(c.issuer_syncs),
        el("td", fmtTime(m.wall_ns), "num"), el("td", fmtTime(c.wall_ns), "num"),
        el("td", (row.identified ? "yes" : "NO: the poll budget ran out first") + (row.note ? " (" + row.note + ")" : "")));
      tb.appendChild(tr);
    }
    $("strat-table").hidden = false;
    const plot = $("strat-plot");
    plot.textContent = "";
    const svg = safeSVG(r.svg);
    if (svg) plot.appendChild(svg);
    $("strat-fig").hidden = !svg;
  }
  // safeSVG parses SVG text and drops anything active: scripts, foreign
  // content, event handlers and links that leave the document.
  function safeSVG(text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (!root || root.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) return null;
    for (const bad of root.querySelectorAll("script, foreignObject, iframe, object, embed, use, a, animate, set, image")) bad.remove();
    for (const e of [root, ...root.querySelectorAll("*")]) {
      for (const at of [...e.attributes]) {
        const n = at.name.toLowerCase();
        if (n.startsWith("on") || n === "href" || n === "xlink:href" || n === "style" && /url\(|expression/i.test(at.value)) e.removeAttribute(at.name);
      }
    }
    root.setAttribute("role", "img");
    root.setAttribute("aria-label", "Tests and ATC timeouts against N for both strategies, with the lower bound");
    return document.importNode(root, true);
  }

  // ---- dmesg import ----
  const SAMPLE = [
    "    unexpected global error reported (0x00000001), this could be serious",
    "    CMDQ error (cons 0x0302bb84): ATC invalidate timeout",
    "    unexpected global error reported (0x00000001), this could be serious",
    "    CMDQ error (cons 0x0302bb88): ATC invalidate timeout",
    "    unexpected global error reported (0x00000001), this could be serious",
    "    CMDQ error (cons 0x0302bb8c): ATC invalidate timeout",
  ].join("\n");
  $("dmesg-sample").onclick = () => { $("dmesg-text").value = SAMPLE; };
  $("dmesg-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!started) return;
    $("error").hidden = true;
    const text = $("dmesg-text").value;
    const r = attempt(() => api().dmesg({ text, qs: Number($("dmesg-qs").value) || 0, strict: $("dmesg-strict").checked }));
    if (r) showDmesg(r, text);
  });
  // The most skipped lines, messages and event records put in the page: a
  // whole day's dmesg would otherwise make tens of thousands of nodes.
  // The counts say how many there are; the CLI lists them all.
  const MAX_SKIPPED = 500, MAX_SHOWN = 500;
  function lineItems(list, items) {
    list.textContent = "";
    for (const e of items) {
      const li = el("li", "line " + e.line + ": " + e.msg);
      li.dataset.line = String(e.line);
      list.appendChild(li);
    }
  }
  function showDmesg(r, text) {
    window.smmuplayDmesg = r;
    lineItems($("dmesg-errors"), r.errors);
    $("dmesg-out").hidden = !r.ok;
    if (!r.ok) return;
    const im = r.import;
    const nWarn = im.warnings.length + im.more_warnings;
    const plural = (n, w) => n + " " + w + (n === 1 ? "" : "s");
    $("dmesg-summary").textContent = plural(im.lines.length, "message") + " (" + r.kinds.join(", ") + ") in " + plural(im.total, "line") + ", QS = " + im.qs + "; " +
      plural(im.skipped.length, "line") + " skipped (not arm-smmu-v3 messages); " + plural(nWarn, "warning") + ".";
    lineItems($("dmesg-warnings"), im.warnings);
    if (im.more_warnings) $("dmesg-warnings").appendChild(el("li", "… and " + im.more_warnings + " more"));
    // Skipped lines are listed from the paste itself: the import gives their numbers.
    const src = text.split("\n");
    const sk = $("dmesg-skipped");
    sk.textContent = "";
    for (const n of im.skipped.slice(0, MAX_SKIPPED)) {
      const li = el("li", src[n - 1].replace(/\r$/, ""));
      li.value = n;
      sk.appendChild(li);
    }
    $("dmesg-skipped-sum").textContent = "Skipped lines (" + im.skipped.length + (im.skipped.length > MAX_SKIPPED ? ", the first " + MAX_SKIPPED + " listed" : "") + ")";
    $("dmesg-skipped-box").hidden = im.skipped.length === 0;
    const nRepro = im.lines.filter((l) => l.reproduced).length;
    $("dmesg-repro").textContent = nRepro === 0 ? "The simulator cannot reproduce any of these messages: the reasons are below." :
      nRepro + " of " + im.lines.length + " messages are reproduced by the built scenario, unchanged but for the timestamp and the device name." +
      (im.unreproduced.length ? " The others are not, for the reasons below." : "");
    const load = $("dmesg-load");
    if (r.link) { load.href = r.link; load.hidden = false; } else load.hidden = true;
    const gaps = $("dmesg-gaps");
    gaps.textContent = "";
    for (const g of im.unreproduced) {
      const li = el("li", "Not reproduced, " + g.where + ": " + g.why);
      li.dataset.lines = g.lines.join(",");
      gaps.appendChild(li);
    }
    const notes = $("dmesg-notes");
    notes.textContent = "";
    for (const n of im.notes) notes.appendChild(el("li", n));
    showEvents(im.events.slice(0, MAX_SHOWN));
    const out = $("dmesg-lines");
    out.textContent = "";
    if (im.lines.length > MAX_SHOWN) out.append(el("p", "The first " + MAX_SHOWN + " of " + im.lines.length + " messages:"));
    for (const l of im.lines.slice(0, MAX_SHOWN)) {
      const d = el("div", undefined, "dline " + (l.reproduced ? "reproduced" : "unreproduced"));
      d.dataset.kind = l.kind;
      d.dataset.line = String(l.line);
      const where = l.end > l.line ? "lines " + l.line + "-" + l.end : "line " + l.line;
      d.append(el("p", where + " · " + l.kind + (l.time_ns >= 0 ? " · at " + fmtTime(l.time_ns) : "") + (l.device ? " · " + l.device : "")));
      d.append(el("p", l.text, "raw"));
      if (l.explain) d.append(el("p", l.explain, "explain"));
      d.append(el("p", l.reproduced ? "reproduced by the scenario" : "not reproduced", "status"));
      for (const v of l.values || []) {
        const tab = el("table", undefined, "data");
        tab.append(el("caption", v.name + " = " + v.hex));
        const hr = el("tr");
        for (const h of ["field", "bits", "value", "meaning"]) hr.append(el("th", h));
        tab.append(hr);
        for (const f of v.fields || []) {
          const tr = el("tr");
          tr.dataset.field = f.name;
          tr.append(el("td", f.name), el("td", f.bits), el("td", f.hex, "num"), el("td", f.meaning));
          tab.append(tr);
        }
        d.append(tab);
      }
      out.appendChild(d);
    }
    $("dmesg-scenario").textContent = im.scenario || "(none: nothing here can be reproduced)";
  }
  function showEvents(events) {
    const tb = $("dmesg-events").tBodies[0];
    tb.textContent = "";
    const hex = (v) => "0x" + v.toString(16);
    for (const e of events) {
      const tr = el("tr");
      tr.dataset.line = String(e.line);
      tr.append(el("td", String(e.line), "num"), el("td", hex(e.id) + " " + (e.name || "?")), el("td", hex(e.sid), "num"),
        el("td", e.ssv ? hex(e.ssid) : "none", "num"), el("td", e.addr ? e.addr + " (" + e.addr_name + ")" : ""), el("td", e.access), el("td", e.explain));
      tb.appendChild(tr);
    }
    $("dmesg-events").hidden = events.length === 0;
  }
})();
