// embed.js starts the simulator in this page (the playground's stage, or
// an embed on another site), wraps the Go API as window.smmuplay, and
// answers the versioned postMessage protocol (docs/embedding.md).
"use strict";
(() => {
  const PROTOCOL = 1;
  const $ = (id) => document.getElementById(id);
  const hash = new URLSearchParams(location.hash.slice(1));
  const chrome = hash.get("chrome") || (window.parent === window ? "" : "min");
  // The control row gets a strip of its own under the picture (embed.css),
  // set before the engine sizes its canvas from the body.
  if (chrome === "min") document.documentElement.classList.add("chrome-min");

  // Ebiten focuses its canvas on every press and key with focus() and no
  // options: the browser then scrolls this document and every one above
  // it (the playground page, a tutorial, another site) to show the canvas
  // whole, so a visitor's first click moved the page. The same focus,
  // without the scroll.
  const focus = HTMLElement.prototype.focus;
  HTMLCanvasElement.prototype.focus = function (opts) {
    focus.call(this, Object.assign({}, opts, { preventScroll: true }));
  };

  const errors = [];
  window.smmuplayErrors = errors; // for hooks registered after an error
  function showError(msg) {
    errors.push(msg);
    if (chrome !== "none") { // with no chrome the host page shows it
      const e = $("error");
      e.textContent = msg;
      e.hidden = false;
    }
    post({ event: "error", error: msg });
    for (const f of hooks.error) f(msg);
  }
  // Same-origin pages (index.html, tutorials) register callbacks here;
  // other sites listen to postMessage announcements.
  const hooks = { change: [], ready: [], error: [], frame: [] };
  window.smmuplayHooks = hooks;
  window.smmuplayError = (msg) => showError(String(msg));

  function post(msg) {
    if (window.parent !== window) {
      msg.smmuplay = PROTOCOL;
      window.parent.postMessage(msg, "*"); // announcements carry no secrets
    }
  }

  // window.smmuplay: each call throws an Error with the Go side's message.
  //
  // Arguments become plain data here, before Go sees them: Go reading a
  // getter, a Proxy or a toJSON that throws (or that calls the API again)
  // would unwind through the Go runtime with its lock held, and the tab
  // would freeze for good. Here such an argument is an Error like any other.
  function plain(name, v) {
    if (v === null || typeof v !== "object") return v;
    let s;
    try {
      s = JSON.stringify(v);
    } catch (e) {
      throw new Error(name + ": the argument could not be read: " + (e && e.message || String(e)));
    }
    return s === undefined ? undefined : JSON.parse(s);
  }
  function wrap(raw) {
    const api = {};
    for (const name of Object.keys(raw)) {
      api[name] = (...args) => {
        const r = raw[name](...args.map((a) => plain(name, a)));
        if (!r.ok) throw new Error(r.error);
        return r.result;
      };
    }
    return Object.freeze(api);
  }

  let lastN = -1, lastPlaying = null, pending = false;
  function changed() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      const p = window.smmuplay.pos();
      if (chrome === "min") {
        $("e-pos").textContent = "event " + p.n + " · " + p.time;
        $("e-play").classList.toggle("playing", p.playing);
        $("e-play").setAttribute("aria-label", p.playing ? "Pause" : "Play");
        if (!p.playing) $("e-say").textContent = window.smmuplay.narrate();
      }
      if (p.n !== lastN || p.playing !== lastPlaying) {
        lastN = p.n; lastPlaying = p.playing;
        post({ event: "moved", n: p.n, time_ns: p.time_ns, playing: p.playing });
      }
      for (const f of hooks.change) f(p);
    });
  }
  window.smmuplayNotify = changed;
  window.smmuplayFirstFrame = () => {
    // The live stage replaces the opening picture (poster.js) in place.
    const p = $("poster");
    if (p) p.remove();
    document.documentElement.classList.remove("poster", "poster-near", "poster-dark");
    for (const f of hooks.frame) f();
    post({ event: "frame" });
  };
  window.smmuplayReady = () => {
    window.smmuplay = wrap(window.smmuplayRaw);
    $("loading").hidden = true;
    $("loading").style.display = "none";
    if (chrome === "min") $("chrome").hidden = false;
    const dark = matchMedia("(prefers-color-scheme: dark)");
    dark.addEventListener("change", () => { try { window.smmuplay.theme(hash.get("theme") || "auto"); } catch (e) { /* fixed theme */ } });
    for (const f of hooks.ready) f(window.smmuplay);
    post({ event: "ready", n: window.smmuplay.pos().n });
    changed();
  };

  $("e-back").onclick = () => window.smmuplay.back(1);
  $("e-step").onclick = () => window.smmuplay.step(1);
  $("e-play").onclick = () => window.smmuplay.play(!window.smmuplay.playing());

  // The postMessage protocol: {smmuplay: 1, id, op, args} in,
  // {smmuplay: 1, id, ok, result | error} out.
  const ops = {
    load: (a) => window.smmuplay.load(a.fragment !== undefined ? a.fragment : (a.scenario !== undefined && Object.keys(a).length === 1 ? a.scenario : a)),
    step: (a) => window.smmuplay.step(a.n),
    back: (a) => window.smmuplay.back(a.n),
    seek: (a) => window.smmuplay.seek(a.event),
    finish: () => window.smmuplay.finish(),
    state: () => window.smmuplay.state(),
    pos: () => window.smmuplay.pos(),
    log: (a) => window.smmuplay.log(a.from),
    narrate: (a) => window.smmuplay.narrate(a.event),
    select: (a) => window.smmuplay.select(a.target === undefined ? "" : a.target),
    play: () => window.smmuplay.play(true),
    pause: () => window.smmuplay.play(false),
    speed: (a) => window.smmuplay.speed(a.eventsPerSecond),
    fault: (a) => window.smmuplay.fault(a.endpoint, a.kind),
    fragment: () => window.smmuplay.fragment(),
    summary: () => window.smmuplay.summary(),
    exercise: (a) => window.smmuplay.exercise(a.id, a.seed),
    check: (a) => window.smmuplay.check(a.id, a.seed, a.answer),
    solution: (a) => window.smmuplay.solution(a.id, a.seed),
    version: () => ({ protocol: PROTOCOL }),
  };
  window.smmuplayOps = ops; // pages may add ops (tutorial exercises)
  window.addEventListener("message", (ev) => {
    const d = ev.data;
    if (!d || typeof d !== "object" || !("smmuplay" in d) || ev.source === window) return;
    if (!("op" in d)) return; // an announcement, not a request
    const reply = (m) => {
      m.smmuplay = PROTOCOL;
      m.id = d.id;
      ev.source.postMessage(m, ev.origin === "null" ? "*" : ev.origin);
    };
    if (d.smmuplay !== PROTOCOL) return reply({ ok: false, error: "unsupported protocol version " + JSON.stringify(d.smmuplay) + "; this embed speaks " + PROTOCOL });
    const op = ops[d.op];
    if (typeof d.op !== "string" || !Object.prototype.hasOwnProperty.call(ops, d.op)) return reply({ ok: false, error: "unknown op " + JSON.stringify(d.op) + "; known: " + Object.keys(ops).join(", ") });
    if (!window.smmuplay) return reply({ ok: false, error: "the simulator is still loading; wait for the ready event" });
    const args = d.args === undefined ? {} : d.args;
    if (typeof args !== "object" || args === null) return reply({ ok: false, error: "args must be an object" });
    try {
      reply({ ok: true, result: op(args) });
    } catch (e) {
      reply({ ok: false, error: String(e && e.message || e) });
    }
  });

  // A real progress bar: count the bytes of the wasm as they arrive, and
  // compile while they arrive (instantiateStreaming). With a compressed
  // transfer Content-Length counts compressed bytes, so the size the
  // server reports in X-Decoded-Length is used when present.
  function progress(got, total) {
    if (total) {
      const pct = Math.min(100, 100 * got / total);
      $("fill").style.width = pct + "%";
      $("bar").setAttribute("aria-valuenow", Math.round(pct));
    }
    $("bytes").textContent = (got / 1048576).toFixed(1) + " MiB";
  }
  async function instantiate(url, imports) {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(url + ": HTTP " + resp.status);
    const total = Number(resp.headers.get("X-Decoded-Length") || 0);
    // Count the bytes on a clone: the original response goes to
    // instantiateStreaming as fetch made it, so the browser compiles while
    // it downloads and can reuse its cached compiled code next time (a
    // synthetic Response would lose both).
    const reader = resp.clone().body.getReader();
    (async () => {
      let got = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        got += value.length;
        progress(got, total);
      }
    })().catch(() => {});
    if (WebAssembly.instantiateStreaming) return WebAssembly.instantiateStreaming(resp, imports);
    return WebAssembly.instantiate(await resp.arrayBuffer(), imports);
  }
  // Which engine to load (cmd/wasm/engine.go): the playground's, or with
  // ?engine=lab the lab's. The choice is in the query, not the fragment:
  // the fragment is the run, and play.ParseFragment refuses other keys.
  function engineFile() {
    const engine = new URLSearchParams(location.search).get("engine");
    if (engine === null) return "smmuplay.wasm";
    if (engine === "lab") return "smmulab.wasm";
    throw new Error("?engine=" + engine + ": unknown engine; known: lab (or no ?engine= for the playground's)");
  }
  // The engine can stop: the Go runtime exits on a fatal error (out of
  // memory, a panic nobody recovered) with code 2 after writing the reason
  // to stderr, which wasm_exec.js sends to the console. Keep the tail of
  // what it writes and say so on the page, or it would stay on "Loading
  // the simulator…" (or frozen on the last frame) for good.
  function watchExit(go) {
    const fs = globalThis.fs, write = fs.writeSync, decoder = new TextDecoder();
    let said = "";
    fs.writeSync = function (fd, buf) {
      said = (said + decoder.decode(buf)).slice(-8192);
      return write.call(this, fd, buf);
    };
    const exit = go.exit;
    go.exit = (code) => {
      exit(code);
      stopped(code, exitReason(said));
    };
  }
  // exitReason is the line that says why: the runtime's "fatal error: …"
  // or "panic: …", else the last line written.
  function exitReason(text) {
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    const why = lines.find((l) => /^(fatal error|panic|runtime):/.test(l)) || lines[lines.length - 1] || "";
    return why.length > 200 ? why.slice(0, 199) + "…" : why;
  }
  function stopped(code, why) {
    window.smmuplayStopped = { code, why };
    $("loading").hidden = true;
    $("loading").style.display = "none";
    showError("The simulator stopped" + (code === "" ? "" : " (exit code " + code + ")") + (why ? ": " + why : "") +
      ". Reload the page to start again; a smaller run (fewer endpoints or unmaps) may fit.");
  }
  // Where the startup time goes (scripts/bench.sh reports it).
  const times = { start: performance.now() };
  window.smmuplayTimes = times;
  (async () => {
    try {
      const go = new Go();
      watchExit(go);
      const { instance } = await instantiate(window.SMMUPLAY_WASM || engineFile(), go.importObject);
      times.compiled = performance.now();
      go.run(instance).catch((err) => stopped("", String(err && err.message || err)));
    } catch (err) {
      showError("Could not start the simulator: " + err);
    }
  })();
})();
