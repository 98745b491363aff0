// app.js is the full playground page: DOM controls, the kernel log, the
// narration and details panels, the shareable URL, keyboard shortcuts.
// The simulator runs in the #stage iframe (embed.html); window.smmuplay
// here forwards to it and rethrows its errors as this page's Errors.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const frame = $("stage");
  // The embed's own options: the playground has its controls (chrome) and
  // stays playable (ro=1 would make the page's stage read-only), so they
  // are neither taken from the page's fragment nor put in a shared URL.
  const VIEW_KEYS = ["chrome", "ro"];
  const runOnly = (frag) => {
    const f = new URLSearchParams(frag.replace(/^#/, ""));
    for (const k of VIEW_KEYS) f.delete(k);
    return f.toString();
  };

  // ---- the JS API of this page ----
  const inner = () => frame.contentWindow && frame.contentWindow.smmuplay;
  window.smmuplay = new Proxy({}, {
    get(_, name) {
      // Not a thenable (await window.smmuplay would call "then" and
      // reject), and no functions for symbols (String(), inspection).
      if (typeof name !== "string" || name === "then") return undefined;
      return (...args) => {
        const api = inner();
        if (!api) throw new Error("smmuplay is still loading");
        if (typeof api[name] !== "function") throw new Error("smmuplay." + String(name) + " is not a function");
        try { return api[name](...args); } catch (e) { throw new Error(e && e.message || String(e)); }
      };
    },
  });
  const sp = window.smmuplay;

  function showError(msg) {
    $("error-text").textContent = msg;
    $("error").hidden = false;
  }
  $("error-close").onclick = () => { $("error").hidden = true; };
  // Runs fn and shows what went wrong instead of throwing.
  function attempt(fn) {
    try { return fn(); } catch (e) { showError(e.message); return undefined; }
  }

  // ---- where the run came from ----
  // The pages that send a visitor here with a run say why with ?from=…:
  // a query, not a fragment key, so the fragment stays the run's alone and
  // Share (which writes only the fragment) does not pass the banner on.
  // The banner's facts (the broken invariant) are computed from the run
  // once the simulator is up (originFacts), never read from the URL.
  const ORIGINS = {
    dmesg: { text: "This run was built by the lab's dmesg import from a pasted kernel log: it prints the lines the import marked as reproduced, and its scenario's comments say how.", back: "lab.html#dmesg", backText: "Back to the lab" },
    race: { text: "This run is an ordering found by the lab's race explorer: the racing steps of its scenario taken in another order.", back: "lab.html#race", backText: "Back to the race explorer" },
    exercise: { text: "This run is the scenario of an exercise, standing at the event the exercise asks about.", back: "tutorials/exercises.html", backText: "Back to the exercises" },
    compare: { text: "This run is one pane of the side by side comparison, at the position it stood at there.", back: "compare.html", backText: "Back to the side by side" },
    tutorial: { text: "This run is a tutorial's figure, at the point where you left it.", back: "tutorials/index.html", backText: "Back to the tutorial", backDir: "/tutorials/" },
  };
  const from = new URLSearchParams(location.search).get("from");
  const origin = Object.prototype.hasOwnProperty.call(ORIGINS, from) ? ORIGINS[from] : null;
  if (origin) {
    $("origin-text").textContent = origin.text;
    $("origin-back").textContent = origin.backText;
    // Back to the very page (its fragment holds its state) when it was ours.
    const ref = document.referrer;
    // (origin.backDir: any page of that folder, e.g. the tutorial read.)
    const refPath = ref.split("#")[0].split("?")[0];
    const ours = ref && ref.startsWith(location.origin + "/") &&
      (origin.backDir ? new URL(refPath).pathname.includes(origin.backDir) : refPath.endsWith("/" + origin.back.split("#")[0]));
    $("origin-back").href = ours ? ref : origin.back;
    $("origin").dataset.from = from;
    $("origin").hidden = false;
  }
  $("origin-close").onclick = () => { $("origin").hidden = true; };
  // originFacts adds what the run itself says: for a race ordering, the
  // invariant it breaks and where.
  function originFacts(tl) {
    if (!origin || from !== "race" || !tl) return;
    const v = tl.marks.filter((m) => m.kind === "violation");
    const n = sp.pos().n;
    const here = v.find((m) => m.n === n) || v[0];
    $("origin-text").textContent = origin.text + " " + (here ?
      "It breaks an invariant at event " + here.n.toLocaleString("en") + ": " + here.text + (v.length > 1 ? " (" + v.length + " violations in the run)." : ".") :
      "It keeps every invariant the simulator checks.");
  }

  // ---- hook into the stage (stage.js started it with this page's fragment) ----
  // The stage may have loaded before this script ran (stage.js starts it
  // early, and its files may be cached): then no load event comes, so it
  // is also tried now. Its hooks exist once its embed.js has run.
  let hooked = false;
  const hook = () => {
    const w = frame.contentWindow;
    const hooks = w && w.smmuplayHooks;
    if (!hooks || hooked) return;
    hooked = true;
    hooks.error.push((msg) => showError(msg));
    for (const msg of w.smmuplayErrors) showError(msg); // raised before this handler ran
    hooks.frame.push(() => { window.smmuplayFirstFrameMs = performance.now(); });
    if (w.smmuplayFirstFrameMs !== undefined && window.smmuplayFirstFrameMs === undefined) {
      window.smmuplayFirstFrameMs = performance.now(); // drawn before this handler ran
    }
    hooks.change.push(() => schedule());
    // The panels are filled once the stage is up and has drawn its first
    // frame, in a task of their own: both documents share one thread, and
    // filling them (the DOM, its layout, a dozen calls into Go) would
    // otherwise run before Ebiten even starts, and the picture would wait
    // for it (120 ms of a 1.4 s load). A stage that fails still gets them.
    const start = () => { if (w.smmuplay && w.smmuplayFirstFrameMs !== undefined) setTimeout(ready, 0); };
    hooks.ready.push(start);
    hooks.frame.push(start);
    hooks.error.push(() => { if (w.smmuplay) setTimeout(ready, 0); });
    start(); // already up and drawn (cached)
  };
  frame.addEventListener("load", hook);
  hook();

  let started = false;
  function ready() {
    if (started) return;
    started = true;
    const sel = $("scenario");
    for (const s of sp.scenarios()) {
      const o = document.createElement("option");
      o.value = s.name;
      o.textContent = s.name + " — " + s.title;
      sel.appendChild(o);
    }
    fillSetup();
    applySpeed();
    window.smmuplayReadyFlag = true;
    update();
  }

  // ---- the setup form ----
  function fillSetup() {
    const st = sp.state();
    const f = new URLSearchParams(sp.fragment());
    // A run of scenario text (src=: a race ordering under other rules, a
    // dmesg import, a tutorial block) gets an entry of its own, named by
    // its title, so the picker never stands empty.
    const sel = $("scenario");
    let own = sel.querySelector('option[value=""]');
    if (f.get("src")) {
      if (!own) { own = document.createElement("option"); own.value = ""; sel.prepend(own); }
      own.textContent = "text from the link — " + (st.title || "untitled");
    } else if (own) own.remove();
    sel.value = f.get("scenario") || (f.get("src") ? "" : "default");
    $("policy").value = f.get("policy") || "";
    $("strategy").value = f.get("strategy") || "";
    $("seed").value = f.get("seed") || "";
    $("endpoints").value = f.get("endpoints") || "";
    $("broken").value = f.get("broken") || "";
    const ep = $("fault-ep");
    ep.textContent = "";
    for (const e of st.endpoints) {
      const o = document.createElement("option");
      o.value = o.textContent = e.name;
      ep.appendChild(o);
    }
  }
  $("setup").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const spec = { scenario: $("scenario").value };
    if (spec.scenario === "") { // the link's own text, reloaded with the form's overrides
      delete spec.scenario;
      spec.src = new URLSearchParams(sp.fragment()).get("src");
    }
    for (const k of ["policy", "strategy", "seed", "endpoints", "broken"]) {
      const v = $(k).value.trim();
      if (v !== "") spec[k] = v;
    }
    if (attempt(() => sp.load(spec)) !== undefined) {
      $("error").hidden = true;
      fillSetup();
      update();
    }
  });

  // ---- transport ----
  $("restart").onclick = () => attempt(() => sp.seek(0));
  $("back").onclick = () => attempt(() => sp.back(1));
  $("step").onclick = () => attempt(() => sp.step(1));
  $("play").onclick = () => attempt(() => sp.play(!sp.playing()));
  function speedValue() { return Math.pow(10, (Number($("speed").value) - 20) / 20); } // 0.1 .. 10^6 events/s
  function applySpeed() {
    const v = speedValue();
    $("speed-out").textContent = (v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString("en")) + " events/s";
    attempt(() => sp.speed(v));
  }
  $("speed").addEventListener("input", applySpeed);
  for (const b of document.querySelectorAll("[data-fault]")) {
    b.onclick = () => attempt(() => sp.fault($("fault-ep").value, b.dataset.fault));
  }

  // ---- panels, throttled to one update per frame ----
  let queued = false, logShown = 0;
  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; update(); });
  }
  let hashTimer = 0, narratedAt = 0, narrateTimer = 0;
  const NARRATE_MS = 250;
  function update() {
    if (!inner()) return;
    const p = sp.pos();
    $("pos").textContent = "event " + p.n.toLocaleString("en") + " of " + p.recorded.toLocaleString("en") + " recorded · t = " + p.time;
    $("play").classList.toggle("playing", p.playing);
    $("play").setAttribute("aria-label", p.playing ? "Pause" : "Play");
    // Narrate every step when paused. While playing the text follows the
    // run a few times a second (faster would be unreadable), and is not
    // read out: a screen reader would drown; the pause reads the last.
    const narr = $("narration");
    narr.setAttribute("aria-live", p.playing ? "off" : "polite");
    const now = performance.now();
    if (!p.playing || now - narratedAt >= NARRATE_MS) {
      narratedAt = now;
      narr.textContent = p.n === 0 ? "The run is at its start. Step or play." : "Event " + p.n + ": " + sp.narrate();
    } else if (!narrateTimer) {
      narrateTimer = setTimeout(() => { narrateTimer = 0; schedule(); }, NARRATE_MS);
    }
    showScrub(p);
    const d = sp.details();
    $("details").textContent = d.target ? d.lines.join("\n") : "Click an object in the picture.";
    if (d.target && d.target.startsWith("ep:")) $("fault-ep").value = d.target.slice(3);
    const log = $("log");
    // Only the lines the panel lacks are fetched (and formatted).
    if (p.log_lines < logShown) { log.textContent = ""; logShown = 0; }
    if (p.log_lines > logShown) {
      log.append(sp.log(logShown).join("\n") + "\n");
      logShown = p.log_lines;
      log.scrollTop = log.scrollHeight;
    }
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => history.replaceState(null, "", "#" + shareFragment()), p.playing ? 400 : 0);
  }
  function shareFragment() {
    return runOnly(sp.fragment());
  }
  window.addEventListener("hashchange", () => {
    if (!inner() || runOnly(location.hash) === shareFragment()) return;
    if (attempt(() => sp.load(runOnly(location.hash))) !== undefined) { $("error").hidden = true; fillSetup(); update(); }
  });

  // ---- the timeline under the stage ----
  // The whole run's landmarks (timeline(), computed from the run by
  // play.Session.Timeline) on an event axis; a click seeks (to a landmark
  // within a few pixels), a drag scrubs. Recomputed when the run changes
  // (another load, a fault), not when it only moves.
  let tl = null, tlRun = null, tlFrame = 0, tlWant = null, dragging = false;
  const SNAP_PX = 5;
  function runKey() {
    const f = new URLSearchParams(sp.fragment());
    f.delete("n"); f.delete("sel");
    return f.toString();
  }
  const LANES = ["atc-timeout", "gerror", "quarantine", "reset"];
  function drawScrub() {
    const svg = $("scrub-marks");
    svg.textContent = "";
    const NS = "http://www.w3.org/2000/svg";
    const end = Math.max(1, tl.events);
    for (const m of tl.marks) {
      const lane = LANES.indexOf(m.kind);
      const x = (1000 * m.n / end).toFixed(2);
      const line = document.createElementNS(NS, "line");
      line.setAttribute("x1", x); line.setAttribute("x2", x);
      line.setAttribute("y1", lane < 0 ? 0 : 2 + 9.5 * lane);
      line.setAttribute("y2", lane < 0 ? 40 : 9.5 + 9.5 * lane);
      line.setAttribute("class", "mk mk-" + m.kind);
      line.setAttribute("vector-effect", "non-scaling-stroke");
      line.dataset.n = String(m.n);
      line.dataset.kind = m.kind;
      const title = document.createElementNS(NS, "title");
      title.textContent = "event " + m.n.toLocaleString("en") + " · " + m.time + " · " + m.text;
      line.appendChild(title);
      svg.appendChild(line);
    }
    const counts = {};
    for (const m of tl.marks) counts[m.kind] = (counts[m.kind] || 0) + 1;
    $("scrub-track").setAttribute("aria-valuemax", String(tl.events));
    $("scrub-track").dataset.events = String(tl.events);
    $("scrub-track").dataset.marks = String(tl.marks.length);
    window.smmuplayTimeline = tl;
  }
  function refreshTimeline() {
    const key = runKey();
    if (key === tlRun) return;
    tlRun = key;
    const t = attempt(() => sp.timeline());
    if (!t) return;
    tl = t;
    drawScrub();
    originFacts(tl);
  }
  let tlPending = false;
  function showScrub(p) {
    if (!tlPending && runKey() !== tlRun) { // in a task of its own: the panels first
      tlPending = true;
      setTimeout(() => { tlPending = false; refreshTimeline(); if (tl) showScrub(sp.pos()); }, 0);
    }
    if (!tl) return;
    const end = Math.max(1, tl.events);
    $("scrub-now").style.left = (100 * Math.min(p.n, end) / end) + "%";
    const tr = $("scrub-track");
    tr.setAttribute("aria-valuenow", String(p.n));
    const text = "event " + p.n.toLocaleString("en") + " of " + tl.events.toLocaleString("en") + (tl.complete ? "" : "+");
    tr.setAttribute("aria-valuetext", text);
    $("scrub-out").textContent = text;
  }
  // The event under clientX, snapped to a landmark within SNAP_PX.
  function eventAt(clientX, snap) {
    const r = $("scrub-track").getBoundingClientRect();
    const end = Math.max(1, tl.events);
    const frac = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    let n = Math.round(frac * end);
    if (snap && tl.marks.length) {
      let best = null, bestPx = SNAP_PX + 1;
      for (const m of tl.marks) {
        const px = Math.abs(r.left + r.width * m.n / end - clientX);
        if (px < bestPx) { best = m; bestPx = px; }
      }
      if (best) n = best.n;
    }
    return n;
  }
  function seekSoon(n) { // one seek per frame while dragging
    tlWant = n;
    if (tlFrame) return;
    tlFrame = requestAnimationFrame(() => { tlFrame = 0; if (tlWant !== null) { const w = tlWant; tlWant = null; attempt(() => sp.seek(w)); } });
  }
  const track = $("scrub-track");
  track.addEventListener("pointerdown", (ev) => {
    if (!tl || ev.button !== 0) return;
    ev.preventDefault();
    track.focus({ preventScroll: true });
    track.setPointerCapture(ev.pointerId);
    dragging = true;
    if (sp.playing()) attempt(() => sp.play(false));
    seekSoon(eventAt(ev.clientX, true));
  });
  track.addEventListener("pointermove", (ev) => { if (dragging) seekSoon(eventAt(ev.clientX, true)); });
  const stop = () => { dragging = false; };
  track.addEventListener("pointerup", stop);
  track.addEventListener("pointercancel", stop);
  // Keys on the timeline: ← → step, Page Up / Down jump between
  // landmarks, Home / End.
  track.addEventListener("keydown", (ev) => {
    if (!tl || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const n = sp.pos().n;
    let to = null;
    if (ev.key === "ArrowRight" || ev.key === "ArrowUp") to = n + 1;
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowDown") to = n - 1;
    else if (ev.key === "Home") to = 0;
    else if (ev.key === "End") to = tl.events;
    else if (ev.key === "PageDown") { const m = tl.marks.find((x) => x.n > n); to = m ? m.n : tl.events; }
    else if (ev.key === "PageUp") { const m = tl.marks.filter((x) => x.n < n).pop(); to = m ? m.n : 0; }
    if (to === null) return;
    ev.preventDefault();
    attempt(() => sp.seek(Math.max(0, Math.min(to, tl.events))));
  });

  // ---- share and embed ----
  $("share").onclick = async () => {
    const url = location.origin + location.pathname + "#" + shareFragment();
    try { await navigator.clipboard.writeText(url); $("share-out").textContent = "Link copied."; }
    catch (e) { $("share-out").textContent = url; }
  };
  function snippet() {
    const f = new URLSearchParams(shareFragment());
    f.set("chrome", $("emb-chrome").value);
    if ($("emb-ro").checked) f.set("ro", "1"); else f.delete("ro");
    if ($("emb-theme").value !== "auto") f.set("theme", $("emb-theme").value); else f.delete("theme");
    if ($("emb-details").checked) f.set("details", "1"); else f.delete("details");
    const n = $("emb-n").value;
    if (n !== "" && Number(n) > 0) f.set("n", String(Math.floor(Number(n)))); else f.delete("n");
    const src = new URL("embed.html#" + f.toString(), location.href).href;
    // Responsive: as wide as the host's column, at most 800 px, 16:9 (no
    // fixed width to widen a phone's page).
    return '<iframe src="' + src.replace(/&/g, "&amp;").replace(/"/g, "&quot;") + '" style="display:block;width:100%;max-width:800px;aspect-ratio:16/9;border:0" title="smmuplay" loading="lazy"></iframe>';
  }
  $("embed").onclick = () => {
    $("emb-n").value = String(sp.pos().n);
    $("emb-code").value = snippet();
    $("embed-dlg").showModal();
  };
  $("embed-opts").addEventListener("input", () => { $("emb-code").value = snippet(); });
  $("emb-copy").onclick = () => { navigator.clipboard.writeText($("emb-code").value).catch(() => $("emb-code").select()); };
  $("help-btn").onclick = () => $("help").showModal();

  // ---- the lab pages and exports (issue 7) ----
  function download(name, data, type) {
    const url = URL.createObjectURL(new Blob([data], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }
  $("export-trace").onclick = () => attempt(() => download(sp.exportName() + ".trace.json", sp.exportTrace(), "application/json"));
  $("export-log").onclick = () => attempt(() => download(sp.exportName() + ".log.txt", sp.exportLog(), "text/plain"));
  $("export-png").onclick = () => attempt(() => download(sp.exportName() + ".png", sp.exportPNG(), "image/png"));
  $("to-compare").addEventListener("click", () => { // the same run, side by side, at the same moment
    if (!inner()) return;
    const f = new URLSearchParams(sp.fragment()), g = new URLSearchParams();
    for (const k of ["scenario", "src", "seed", "strategy", "endpoints", "broken"]) if (f.get(k)) g.set(k, f.get(k));
    const p = sp.pos(), pol = sp.state().policy;
    if (p.n > 0) {
      g.set("t", String(p.time_ns));
      // The pane of this run's policy stands at this very event (several
      // events can share a time); the other at the same time.
      if (pol === "baseline" || pol === "series") g.set("at", pol + "." + p.n);
    }
    $("to-compare").href = "compare.html#" + g.toString();
  });

  // ---- keys: only when the focus is not in a form field ----
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    const t = ev.target;
    const tag = t && t.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (t && t.isContentEditable)) return;
    if (document.querySelector("dialog[open]")) return;
    let act = null;
    if (ev.key === " " && tag !== "BUTTON") act = () => sp.play(!sp.playing());
    else if (ev.key === "ArrowRight") act = () => sp.step(1);
    else if (ev.key === "ArrowLeft") act = () => sp.back(1);
    else if (ev.key === "?") act = () => $("help").showModal();
    if (!act || !inner()) return;
    ev.preventDefault();
    attempt(act);
  });
})();
