// poster.js shows the stage's opening picture while the simulator loads
// (issue 13): build.sh draws the picture of every state a page or embed
// can start on (cmd/posters) and lists them in posters/manifest.js. This
// runs before the rest of the page, picks the picture for this URL, this
// box, this screen and this theme, and shows it in the stage's place;
// embed.js removes it when the first live frame is drawn.
//
// A fragment is reduced to a key exactly as cmd/posters/key.go does (a
// test runs both on the same fragments): presentation keys and
// scenario=default dropped, pairs sorted by key. A URL whose state has no
// picture gets the closest one (the same run at its start, else the same
// scenario at its start), dimmed, with the progress bar over it.
"use strict";
(() => {
  const m = window.SMMUPLAY_POSTERS;
  const img = document.getElementById("poster");
  const frag = location.hash.slice(1);
  const info = { key: "", level: -1, file: "", painted: 0 };
  window.smmuplayPoster = info;
  if (!m || m.v !== 1 || !img) return;

  const VIEW = new Set(["chrome", "ro", "theme"]);
  const MOVE = new Set(["n", "faults", "sel", "order", "details"]);
  const keyOf = (p) => p.split("=")[0];
  function key(f, level) {
    const pairs = f.replace(/^#/, "").split("&").filter((p) => {
      const k = keyOf(p);
      if (p === "" || VIEW.has(k) || p === "scenario=default") return false;
      if (level >= 1 && MOVE.has(k)) return false;
      if (level >= 2 && k !== "scenario" && k !== "src") return false;
      return true;
    });
    // Stable, by key only, as Go's sort.SliceStable in key.go.
    return pairs.map((p, i) => [p, i]).sort((a, b) => {
      const ka = keyOf(a[0]), kb = keyOf(b[0]);
      return ka < kb ? -1 : ka > kb ? 1 : a[1] - b[1];
    }).map((x) => x[0]).join("&");
  }
  // FNV-1a, 32 bits, as hex: the manifest's names for keys.
  function hash(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i) & 0xff;
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
  }
  window.smmuplayPosterKey = (f, level) => hash(key(f, level)); // for the key test

  let shapes = null;
  for (let level = 0; level <= 2 && !shapes; level++) {
    const k = key(frag, level);
    shapes = m.views[hash(k)] || null;
    if (shapes) { info.key = k; info.level = level; }
  }
  const W = window.innerWidth, H = window.innerHeight;
  if (!shapes || W < 64 || H < 64) return; // a hidden engine frame (lab.html) shows nothing
  // The shape closest to this box's; the picture covers the box.
  let best = null, bestD = Infinity;
  for (const s of Object.keys(shapes).sort()) {
    const [w, h] = s.split("x").map(Number);
    const d = Math.abs(Math.log((W / H) / (w / h)));
    if (d < bestD) { bestD = d; best = { s, w, h }; }
  }
  const px = Math.max(W / best.w, H / best.h) * (window.devicePixelRatio || 1);
  const scale = px > 1.25 ? "2x" : "1x";
  const t = new URLSearchParams(frag).get("theme");
  const dark = t === "dark" || (t !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
  info.file = "posters/" + (dark ? "dark" : "light") + "-" + scale + "." + shapes[best.s] + ".png";

  const painted = (t) => { if (!info.painted) info.painted = t; };
  if (window.PerformanceObserver && (PerformanceObserver.supportedEntryTypes || []).includes("element")) {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.identifier === "poster") painted(e.renderTime || e.loadTime);
    }).observe({ type: "element", buffered: true });
  }
  // The loading box takes its place over the picture now, before the
  // body is laid out, so it never moves when the picture arrives.
  const c = document.documentElement.classList;
  c.add(info.level === 0 ? "poster" : "poster-near");
  if (dark) c.add("poster-dark");
  img.onerror = () => c.remove("poster", "poster-near", "poster-dark");
  img.onload = () => {
    if (!img.isConnected) return; // the live stage came first
    img.hidden = false;
    requestAnimationFrame(() => requestAnimationFrame(() => painted(performance.now())));
  };
  img.src = info.file;
})();
