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
  // lab.html's dmesg import links here with ?from=dmesg: a query, not a
  // fragment key, so the fragment stays the run's alone and Share (which
  // writes only the fragment) does not pass the banner on.
  if (new URLSearchParams(location.search).get("from") === "dmesg") $("origin").hidden = false;
  $("origin-close").onclick = () => { $("origin").hidden = true; };

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
    $("scenario").value = f.get("scenario") || (f.get("src") ? "" : "default");
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
  let hashTimer = 0;
  function update() {
    if (!inner()) return;
    const p = sp.pos();
    $("pos").textContent = "event " + p.n.toLocaleString("en") + " of " + p.recorded.toLocaleString("en") + " recorded · t = " + p.time;
    $("play").textContent = p.playing ? "❚❚" : "▶";
    $("play").setAttribute("aria-label", p.playing ? "Pause" : "Play");
    // Narrate every step when paused; while playing, a screen reader
    // would drown, so the narration waits for the pause.
    if (!p.playing) $("narration").textContent = p.n === 0 ? "The run is at its start. Step or play." : "Event " + p.n + ": " + sp.narrate();
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
    return '<iframe src="' + src.replace(/&/g, "&amp;").replace(/"/g, "&quot;") + '" width="800" height="450" style="border:0" title="smmuplay" loading="lazy"></iframe>';
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
  $("to-compare").addEventListener("click", () => { // the same run, side by side
    if (!inner()) return;
    const f = new URLSearchParams(sp.fragment()), g = new URLSearchParams();
    for (const k of ["scenario", "src", "seed", "strategy", "endpoints", "broken"]) if (f.get(k)) g.set(k, f.get(k));
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
