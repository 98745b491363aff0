// compare.js is the side by side page: one scenario and seed under the
// baseline driver (left) and the series (right), each in a playground
// embed (embed.html, chrome=none) driven through its same-origin
// window.smmuplay. The left embed runs the lab engine
// (embed.html?engine=lab; the right one, the playground's, lacks the lab):
// its compare() (lab/sidebyside) gives the divergence, the running counts
// and, for any simulated time, the event each pane stands at, which the
// page seeks both embeds to. The URL fragment holds scenario, seed,
// overrides and the position (t = simulated ns; ev = the two events when
// a step put them somewhere t alone does not say; at=POLICY.N, from the
// playground, puts that pane at event N and the other at its time).
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const frames = [$("frame-0"), $("frame-1")];
  const api = (i) => { const w = frames[i].contentWindow; return w && w.smmuplay; };
  const NAMES = ["baseline", "series"];
  const COUNT_LABELS = [["atc_timeouts", "ATC timeouts"], ["cmd_syncs", "CMD_SYNCs"], ["corrupt_dma", "corrupt DMA"], ["log_lines", "log lines"]];

  function showError(msg) {
    $("error-text").textContent = msg;
    $("error").hidden = false;
    window.smmuplayCompareErrors = (window.smmuplayCompareErrors || 0) + 1;
  }
  $("error-close").onclick = () => { $("error").hidden = true; };
  function attempt(fn) {
    try { return fn(); } catch (e) { showError(e && e.message || String(e)); return undefined; }
  }

  // simulated nanoseconds in words, as Go formats them (timefmt.js): 1.012 ms, 180 s
  const fmtTime = smmuplayFormatTime;

  // ---- open both embeds ----
  // Each pane opens on its policy and this page's scenario, so the picture
  // it shows while loading (poster.js) is that run's start; compare()
  // then loads the exact runs. The left pane runs the lab engine.
  const DEFAULT_SCENARIO = "baseline-spam";
  const raw = location.hash.slice(1).split("&");
  const which = raw.find((p) => p.startsWith("src=")) || raw.find((p) => p.startsWith("scenario=")) || "scenario=" + DEFAULT_SCENARIO;
  frames[0].src = "embed.html?engine=lab#chrome=none&policy=baseline&" + which;
  frames[1].src = "embed.html#chrome=none&policy=series&" + which;

  // ---- wait for both embeds ----
  // An embed whose files were cached can finish loading before this
  // script arrives; then no load event comes, so each frame is also tried
  // once the script has run (start() needs all of it). Its hooks exist as
  // soon as its embed.js has run.
  let readyCount = 0;
  frames.forEach((f, i) => {
    let hooked = false;
    const hook = () => {
      const w = f.contentWindow;
      const hooks = w && w.smmuplayHooks;
      if (!hooks || hooked) return;
      hooked = true;
      hooks.error.push((msg) => showError(NAMES[i] + " pane: " + msg));
      for (const msg of w.smmuplayErrors) showError(NAMES[i] + " pane: " + msg);
      let counted = false;
      const up = () => { if (!counted) { counted = true; readyCount++; if (readyCount === 2) start(); } };
      hooks.ready.push(up);
      if (w.smmuplay) up();
    };
    f.addEventListener("load", hook);
    queueMicrotask(hook);
  });

  let result = null, view = null, started = false, exact = false;
  const logShown = [0, 0];

  function start() {
    if (started) return;
    started = true;
    const sel = $("scenario");
    for (const s of api(0).scenarios()) {
      const o = document.createElement("option");
      o.value = s.name;
      o.textContent = s.name + " — " + s.title;
      sel.appendChild(o);
    }
    const f = new URLSearchParams(location.hash.slice(1));
    if (!f.get("scenario") && !f.get("src")) f.set("scenario", DEFAULT_SCENARIO);
    run(f);
  }

  // base64url (play.Params' src=) to text
  function fromB64(s) {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  }

  // run starts a comparison from fragment-like params (URLSearchParams).
  function run(f) {
    const spec = {};
    if (f.get("src")) {
      try { spec.source = fromB64(f.get("src")); } catch (e) { showError("src: not base64url scenario text"); return; }
    } else spec.scenario = f.get("scenario") || DEFAULT_SCENARIO;
    for (const k of ["seed", "strategy", "broken"]) if (f.get(k)) spec[k] = f.get(k);
    if (f.get("endpoints")) spec.endpoints = Number(f.get("endpoints"));
    const a = api(0);
    $("status").textContent = "Running both…";
    const r = attempt(() => a.compare(spec));
    if (r === undefined) { $("status").textContent = ""; return; }
    const loaded = attempt(() => { api(0).load(r.fragments[0]); api(1).load(r.fragments[1]); return true; });
    if (!loaded) { $("status").textContent = ""; return; }
    result = r;
    logShown[0] = logShown[1] = 0;
    $("log-0").textContent = $("log-1").textContent = "";
    fillForm(spec, r);
    drawTimeline();
    let v;
    const ev = (f.get("ev") || "").split(".");
    exact = ev.length === 2 && ev.every((x) => /^\d+$/.test(x));
    if (exact) v = attempt(() => a.compareEvents(Number(ev[0]), Number(ev[1])));
    else {
      v = attempt(() => a.compareAt(Number(f.get("t")) || 0));
      // at=series.221 (the playground's "Side by side"): that pane stands
      // at that very event, the other at the same time.
      const at = /^(baseline|series)\.(\d+)$/.exec(f.get("at") || "");
      if (v && at) {
        const e = v.event.slice();
        e[NAMES.indexOf(at[1])] = Number(at[2]);
        const w = attempt(() => a.compareEvents(e[0], e[1]));
        if (w) { v = w; exact = true; }
      }
    }
    $("status").textContent = r.scenario + ", seed " + r.seed + ": " + r.panes[0].events.toLocaleString("en") + " and " + r.panes[1].events.toLocaleString("en") + " events";
    if (v) show(v);
    window.smmuplayCompareReady = true;
  }

  function fillForm(spec, r) {
    $("scenario").value = spec.scenario || "";
    $("seed").value = String(r.seed);
    $("strategy").value = spec.strategy || "";
    $("endpoints").value = spec.endpoints || "";
    $("broken").value = spec.broken || "";
  }
  $("setup").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!started) return;
    $("error").hidden = true;
    const f = new URLSearchParams();
    f.set("scenario", $("scenario").value);
    for (const k of ["seed", "strategy", "endpoints", "broken"]) {
      const v = $(k).value.trim();
      if (v !== "") f.set(k, v);
    }
    run(f);
  });

  // ---- the timeline: count curves, the divergence, the position ----
  const SVGNS = "http://www.w3.org/2000/svg";
  function svgEl(name, attrs) {
    const e = document.createElementNS(SVGNS, name);
    for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function drawTimeline() {
    const plot = $("tl-plot");
    plot.textContent = "";
    const end = Math.max(1, result.end_ns);
    let top = 1;
    for (const p of result.ticks) top = Math.max(top, p.counts[0].atc_timeouts, p.counts[1].atc_timeouts);
    for (let i = 0; i < 2; i++) {
      const pts = result.ticks.map((p) => (1000 * p.time_ns / end).toFixed(1) + "," + (46 - 44 * p.counts[i].atc_timeouts / top).toFixed(1));
      plot.appendChild(svgEl("polyline", { points: pts.join(" "), class: "curve curve-" + i, fill: "none", "vector-effect": "non-scaling-stroke" }));
    }
    const d = result.divergence;
    const mark = $("div-mark");
    if (d) {
      const x = 1000 * d.time_ns / end;
      plot.appendChild(svgEl("line", { x1: x, x2: x, y1: 0, y2: 48, class: "div-line", "vector-effect": "non-scaling-stroke" }));
      mark.hidden = false;
      mark.style.left = (100 * d.time_ns / end) + "%";
      mark.dataset.event = String(d.event);
      mark.dataset.time = String(d.time_ns);
      $("jump").disabled = false;
      $("div-text").textContent = divergenceText(d);
    } else {
      mark.hidden = true;
      delete mark.dataset.event;
      $("jump").disabled = true;
      $("div-text").textContent = "The two runs are identical: " + result.panes[0].events + " events each.";
    }
    plot.appendChild(svgEl("line", { id: "tl-now", x1: 0, x2: 0, y1: 0, y2: 48, class: "now-line", "vector-effect": "non-scaling-stroke" }));
    const t = $("time");
    t.max = String(result.end_ns);
    t.disabled = false;
  }
  function syncText(s) {
    if (!s) return "";
    const h = [];
    h.push("written #" + s.written);
    if (s.waiting) h.push("waiting #" + s.waiting);
    if (s.error) h.push("error #" + s.error + " (ERR " + s.cerror + ")");
    if (s.completed) h.push("completed #" + s.completed);
    if (s.returned) h.push("returned #" + s.returned + " (" + s.ret + ")");
    return "; its CMD_SYNC at 0x" + s.pos.toString(16).padStart(5, "0") + ": " + h.join(", ");
  }
  function divergenceText(d) {
    const parts = ["First divergence: event " + d.event + " at " + fmtTime(d.time_ns) + " (" + d.reason + " differs); events 1.." + (d.event - 1) + " are identical."];
    d.runs.forEach((r, i) => {
      if (!r.n) parts.push(NAMES[i] + ": the run had ended.");
      else parts.push(NAMES[i] + " #" + r.n + ": " + r.text + syncText(r.sync) + (r.log.length ? " — log: " + r.log.join(" / ") : "") + ".");
    });
    return parts.join(" ");
  }

  // ---- moving: every move goes through show() ----
  let hashTimer = 0;
  function show(v) {
    view = v;
    window.smmuplayCompareView = v;
    for (let i = 0; i < 2; i++) {
      const p = api(i);
      attempt(() => p.seek(v.event[i]));
      $("pos-" + i).textContent = "event " + v.event[i].toLocaleString("en") + " of " + result.panes[i].events.toLocaleString("en") + (v.event[i] ? " · " + fmtTime(v.event_ns[i]) : "");
      const dl = $("counts-" + i);
      dl.textContent = "";
      for (const [k, label] of COUNT_LABELS) {
        const dt = document.createElement("dt");
        dt.textContent = label;
        const dd = document.createElement("dd");
        dd.textContent = String(v.counts[i][k]);
        dd.dataset.count = k;
        dl.append(dt, dd);
      }
      $("open-" + i).href = "index.html?from=compare#" + result.fragments[i] + (v.event[i] ? "&n=" + v.event[i] : "");
      $("narr-" + i).textContent = v.event[i] ? "Event " + v.event[i] + ": " + p.narrate() : "At the start.";
      const count = p.pos().log_lines;
      const log = $("log-" + i);
      if (count < logShown[i]) { log.textContent = ""; logShown[i] = 0; }
      if (count > logShown[i]) {
        log.append(p.log(logShown[i]).join("\n") + "\n");
        logShown[i] = count;
        log.scrollTop = log.scrollHeight;
      }
    }
    const t = $("time");
    t.value = String(v.time_ns);
    t.setAttribute("aria-valuetext", fmtTime(v.time_ns));
    $("time-out").textContent = "t = " + fmtTime(v.time_ns) + (v.diverged ? " · diverged" : "");
    const now = document.getElementById("tl-now");
    if (now) { const x = 1000 * v.time_ns / Math.max(1, result.end_ns); now.setAttribute("x1", x); now.setAttribute("x2", x); }
    $("t-start").disabled = $("t-back").disabled = v.at_start;
    $("t-step").disabled = $("t-end").disabled = v.at_end;
    document.body.classList.toggle("diverged", v.diverged);
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => history.replaceState(null, "", "#" + fragment()), 100);
  }
  // The fragment has the time; after a step or a jump, which stand on
  // events the time alone may not pick (several events share a time),
  // also the two events.
  function fragment() {
    const f = new URLSearchParams(result.fragment);
    f.set("t", String(view.time_ns));
    if (exact) f.set("ev", view.event[0] + "." + view.event[1]);
    return f.toString();
  }
  const move = (fn, ex) => { if (result) { const v = attempt(fn); if (v) { exact = ex; show(v); } } };
  $("time").addEventListener("input", () => move(() => api(0).compareAt(Math.round(Number($("time").value))), false));
  $("time").addEventListener("keydown", (ev) => {
    const dir = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[ev.key];
    if (dir) { ev.preventDefault(); move(() => api(0).compareStep(dir), true); }
  });
  $("t-step").onclick = () => move(() => api(0).compareStep(1), true);
  $("t-back").onclick = () => move(() => api(0).compareStep(-1), true);
  $("t-start").onclick = () => move(() => api(0).compareAt(0), false);
  $("t-end").onclick = () => move(() => api(0).compareEvents(result.panes[0].events, result.panes[1].events), true);
  $("jump").onclick = $("div-mark").onclick = () => move(() => api(0).compareDivergence(), true);
  $("share").onclick = async () => {
    if (!result) return;
    const url = location.origin + location.pathname + "#" + fragment();
    try { await navigator.clipboard.writeText(url); $("share-out").textContent = "Link copied."; }
    catch (e) { $("share-out").textContent = url; }
  };
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented || !result) return;
    const tag = ev.target && ev.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (ev.key === "ArrowRight") { ev.preventDefault(); move(() => api(0).compareStep(1), true); }
    if (ev.key === "ArrowLeft") { ev.preventDefault(); move(() => api(0).compareStep(-1), true); }
  });
  window.addEventListener("hashchange", () => {
    if (!started || !result || location.hash.slice(1) === fragment()) return;
    run(new URLSearchParams(location.hash.slice(1)));
  });
})();
