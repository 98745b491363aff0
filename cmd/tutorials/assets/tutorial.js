// Tutorial pages: "Next" moves to the next step section, seeks the
// step's playground embed to the step's event and selects what the step
// talks about. The reading position is kept in localStorage and in the
// URL (#step-K), so a reload or a shared link opens the same step.
//
// For tests: body[data-current-step] is the current step, and each
// figure.scenario gets data-synced-event once its embed confirmed a seek.
"use strict";
(function () {
  const body = document.body;
  if (body.classList.contains("index")) {
    // The index shows how far the reader got in each tutorial.
    for (const el of document.querySelectorAll("[data-progress]")) {
      const name = el.dataset.progress.replace(/\.html$/, "");
      const k = Number(localStorage.getItem("smmuplay.tutorial." + name) || 0);
      if (k > 0) {
        el.textContent = "· read to step " + k;
        el.previousElementSibling.previousElementSibling.href += "#step-" + k;
      }
    }
    return;
  }
  if (!body.classList.contains("tutorial")) return;

  const name = body.dataset.tutorial;
  const storeKey = "smmuplay.tutorial." + name;
  const steps = Array.from(document.querySelectorAll("section.step[data-step]"));
  const bar = document.querySelector(".stepbar");
  const curEl = bar.querySelector(".cur");
  const status = bar.querySelector(".status");
  const share = bar.querySelector(".share");
  const reduced = matchMedia("(prefers-reduced-motion: reduce)").matches;

  // One embed per scenario block.
  const embeds = {};
  for (const fig of document.querySelectorAll("figure.scenario[data-scenario]")) {
    const frame = fig.querySelector("iframe");
    if (!frame) continue;
    const e = new SmmuplayEmbed.Embed(frame);
    // "open in the playground" opens the figure's run where it stands now
    // (the step's event and selection, or wherever the reader moved it),
    // with ?from=tutorial so the playground says where the visitor came
    // from. Refreshed a moment after the figure stops moving.
    const link = fig.querySelector("figcaption a");
    let linkTimer = 0;
    const refreshLink = () => {
      clearTimeout(linkTimer);
      linkTimer = setTimeout(() => {
        e.call("fragment", {}).then((f) => {
          const base = link.getAttribute("href").split("#")[0].split("?")[0];
          link.href = base + "?from=tutorial#" + f;
          fig.dataset.linkAt = String(fig.dataset.at || "");
        }).catch(() => {});
      }, 150);
    };
    e.on("moved", (m) => {
      fig.dataset.at = m.n;
      if (link) refreshLink();
      const st = steps[cur - 1];
      if (st && st.dataset.scenario === fig.dataset.scenario && String(m.n) !== st.dataset.event) {
        status.textContent = "The playground is at event " + m.n + " (this step is event " + st.dataset.event + ").";
      }
    });
    e.on("ready", () => fig.classList.add("ready"));
    embeds[fig.dataset.scenario] = { fig, e };
  }

  let cur = 0;
  function fromURL() {
    const m = /^#step-(\d+)$/.exec(location.hash);
    if (m) return Number(m[1]);
    const q = new URLSearchParams(location.search).get("step");
    if (q) return Number(q);
    return Number(localStorage.getItem(storeKey) || 0);
  }

  function goTo(k, scroll) {
    k = Math.max(0, Math.min(steps.length, k | 0));
    cur = k;
    body.dataset.currentStep = String(k);
    curEl.textContent = String(k);
    try { localStorage.setItem(storeKey, String(k)); } catch (e) { /* private mode */ }
    for (const s of steps) {
      s.classList.toggle("current", s.dataset.step === String(k));
      s.removeAttribute("aria-current");
    }
    if (k === 0) {
      history.replaceState(null, "", location.pathname + location.search);
      share.href = location.pathname;
      status.textContent = "";
      return;
    }
    const st = steps[k - 1];
    st.setAttribute("aria-current", "step");
    const hash = "#step-" + k;
    if (location.hash !== hash) history.replaceState(null, "", hash);
    share.href = hash;
    if (scroll) st.scrollIntoView({ block: "start", behavior: reduced ? "auto" : "smooth" });
    const emb = embeds[st.dataset.scenario];
    if (!emb) { status.textContent = ""; return; }
    const event = Number(st.dataset.event);
    status.textContent = emb.e.ready ? "" : "Loading the playground…";
    emb.e.call("seek", { event })
      .then(() => emb.e.call("select", { target: st.dataset.select || "" }))
      .then(() => {
        if (cur !== k) return;
        emb.fig.dataset.syncedEvent = String(event);
        status.textContent = "";
      })
      .catch((err) => { status.textContent = "The playground did not follow: " + err.message; });
  }

  bar.addEventListener("click", (ev) => {
    const act = ev.target.closest("button")?.dataset.act;
    if (act === "next") goTo(cur + 1, true);
    if (act === "prev") goTo(cur - 1, true);
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
    if (ev.key === "n") { goTo(cur + 1, true); ev.preventDefault(); }
    if (ev.key === "p") { goTo(cur - 1, true); ev.preventDefault(); }
  });
  // "Look at" buttons select one object in the step's embed.
  document.addEventListener("click", (ev) => {
    const b = ev.target.closest("button.target");
    if (!b) return;
    const st = b.closest("section.step");
    const emb = st && embeds[st.dataset.scenario];
    if (emb) emb.e.call("select", { target: b.dataset.target }).catch((err) => { status.textContent = err.message; });
  });
  window.addEventListener("hashchange", () => goTo(fromURL(), true));
  goTo(fromURL(), location.hash !== "");
})();
