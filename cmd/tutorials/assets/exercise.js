// Exercise pages and the answer-key page. The variant, the checking and
// the solution come from the simulator running in the embed, through the
// ops "exercise" {id, seed}, "check" {id, seed, answer} and "solution"
// {id, seed}. The seed comes from ?seed=N, else the one saved in
// localStorage, else a new random one (saved). ?key=1 shows the solution
// at once (teachers).
"use strict";
(function () {
  const body = document.body;
  const params = new URLSearchParams(location.search);
  const isKey = params.get("key") === "1";

  function seedOf() {
    const s = params.get("seed");
    if (s && /^\d{1,15}$/.test(s)) return Number(s);
    let saved = localStorage.getItem("smmuplay.seed");
    if (!saved || !/^\d{1,15}$/.test(saved)) {
      saved = String(1 + Math.floor(Math.random() * 99999));
      try { localStorage.setItem("smmuplay.seed", saved); } catch (e) { /* private mode */ }
    }
    return Number(saved);
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text; // never innerHTML: everything is text
    return e;
  }
  // Plain text to blocks: paragraphs split by blank lines; a paragraph
  // indented four spaces is preformatted; one whose every line starts
  // with "- " is a list, and one whose lines start with "A. ", "B. ", …
  // a lettered list (the letters stay in the text: answers name them).
  function paragraphs(parent, text) {
    for (const para of String(text).split(/\n\n+/)) {
      const lines = para.split("\n");
      if (/^ {4}/m.test(para)) parent.append(el("pre", "", para.replace(/^ {4}/gm, "")));
      else if (lines.every((l) => /^- /.test(l))) {
        const ul = el("ul");
        for (const l of lines) ul.append(el("li", "", l.slice(2)));
        parent.append(ul);
      } else if (lines.length > 1 && lines.every((l) => /^[A-Z]\. /.test(l))) {
        const ul = el("ul", "lettered");
        for (const l of lines) ul.append(el("li", "", l));
        parent.append(ul);
      } else parent.append(el("p", "", para));
    }
  }
  function keyText(k) { return typeof k === "string" ? k : k.text; }

  if (body.classList.contains("key")) {
    const frame = document.querySelector("iframe");
    const emb = new SmmuplayEmbed.Embed(frame);
    const out = document.querySelector(".keys");
    const form = document.querySelector(".keyform");
    const ids = out.dataset.ids.split(" ").filter(Boolean);
    async function show(seed) {
      out.replaceChildren(el("p", "", "Computing the key for seed " + seed + "…"));
      const parts = [el("h3", "", "Seed " + seed)];
      for (const id of ids) {
        try {
          const v = await emb.call("exercise", { id, seed });
          const k = await emb.call("solution", { id, seed });
          const sec = el("section", "keyitem");
          sec.append(el("h4", "", v.title));
          paragraphs(sec, v.prompt);
          if (v.scenario) sec.append(el("pre", "scn", v.scenario));
          const ans = el("p", "answer");
          ans.append(el("strong", "", "Answer: "), el("code", "", JSON.stringify(k.answer || {})));
          sec.append(ans);
          paragraphs(sec, keyText(k));
          parts.push(sec);
        } catch (err) {
          parts.push(el("p", "problem", id + ": " + err.message));
        }
      }
      out.replaceChildren(...parts);
    }
    form.seed.value = params.get("seed") || "";
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const s = form.seed.value.trim();
      if (!/^\d{1,15}$/.test(s)) return;
      history.replaceState(null, "", "?key=1&seed=" + s);
      show(Number(s));
    });
    if (isKey && params.get("seed")) show(seedOf());
    return;
  }
  if (!body.classList.contains("exercise")) return;

  const id = body.dataset.exercise;
  const seed = seedOf();
  const frame = document.querySelector(".exercise-embed iframe");
  const emb = new SmmuplayEmbed.Embed(frame);
  const task = document.querySelector(".task");
  const form = document.querySelector("form.answer");
  const result = document.querySelector(".result");
  const ladder = document.querySelector(".ladder");
  const help = ladder.querySelector(".help");
  const seedForm = document.querySelector("form.seed");
  seedForm.seed.value = String(seed);
  seedForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const s = seedForm.seed.value.trim();
    if (!/^\d{1,15}$/.test(s)) return;
    try { localStorage.setItem("smmuplay.seed", s); } catch (e) { /* private mode */ }
    location.search = "?seed=" + s;
  });
  let variant = null;
  // The exercise's own run, at the event that matters: in the embed, and
  // behind "Open in the playground".
  const open = document.querySelector("a.open-playground");
  const loadScenario = () => {
    if (!variant || !variant.fragment) return;
    emb.call("load", { fragment: variant.fragment }).catch(() => {});
    // ?from=exercise: the playground's banner says why the visitor came.
    open.href = open.dataset.playground + "?from=exercise#" + variant.fragment;
    open.hidden = false;
    document.querySelector(".embed-note").hidden = true;
  };

  function showSolution(k) {
    const box = el("div", "solution");
    box.append(el("h2", "", "Solution"));
    paragraphs(box, keyText(k));
    if (k.answer) {
      const p = el("p", "answer");
      p.append(el("strong", "", "Answer: "), el("code", "", JSON.stringify(k.answer)));
      box.append(p);
    }
    help.append(box);
    loadScenario();
  }

  emb.call("exercise", { id, seed }).then((v) => {
    variant = v;
    task.replaceChildren(el("h2", "", v.title + " (seed " + seed + ")"));
    paragraphs(task, v.prompt);
    if (v.scenario) task.append(el("pre", "scn", v.scenario));
    for (const f of v.fields) {
      const lab = el("label", "field");
      lab.append(el("span", "", f.label + " "));
      let input;
      if (f.kind === "choice") {
        input = el("select");
        input.append(el("option", "", ""));
        for (const c of f.choices) input.append(el("option", "", c));
      } else if (f.kind === "textarea") {
        input = el("textarea");
        input.rows = 6;
      } else {
        input = el("input");
        if (f.kind === "number") input.inputMode = "numeric";
      }
      input.name = f.name;
      if (f.example) input.placeholder = f.example;
      lab.append(input, el("span", "verdict"));
      form.append(lab);
    }
    const submit = el("button", "", "Check");
    submit.type = "submit";
    form.append(submit);
    form.hidden = false;
    ladder.hidden = false;
    if (!v.reveal) loadScenario();
    if (isKey) emb.call("solution", { id, seed }).then(showSolution);
  }).catch((err) => { task.replaceChildren(el("p", "problem", "Could not load the exercise: " + err.message)); });

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const answer = {};
    for (const f of variant.fields) answer[f.name] = form.elements[f.name].value;
    emb.call("check", { id, seed, answer }).then((r) => {
      for (const f of variant.fields) {
        const v = form.elements[f.name].parentElement.querySelector(".verdict");
        const fr = r.fields[f.name];
        v.textContent = fr ? (fr.ok ? " ✓ " : " ✗ ") + (fr.msg || "") : "";
        v.className = "verdict " + (fr && fr.ok ? "ok" : "fail");
      }
      if (r.correct) {
        // Solved: no more hints or restated objectives; the solution stays
        // on offer to compare with.
        for (const act of ["hint", "objective"]) ladder.querySelector("[data-act=" + act + "]").hidden = true;
        const sol = ladder.querySelector("[data-act=solution]");
        if (!help.querySelector(".solution")) sol.hidden = false;
      }
      const head = r.correct ? "Correct." : "Not yet. The parts marked ✗ say what to look at again.";
      const sc = " Score " + Math.round(r.score * 100) + "%" + (r.best ? " (" + r.used + " CMD_SYNCs; the best possible is " + r.best + ")" : "") + ".";
      result.replaceChildren(el("p", r.correct ? "ok" : "fail", head + sc));
      if (r.feedback.length) {
        const ul = el("ul");
        for (const line of r.feedback) ul.append(el("li", "", line));
        result.append(ul);
      }
      loadScenario();
    }).catch((err) => { result.replaceChildren(el("p", "problem", err.message)); });
  });

  // The ladder: hint, then the objective restated, then the solution
  // behind a confirmation.
  ladder.addEventListener("click", (ev) => {
    const b = ev.target.closest("button");
    if (!b || !variant) return;
    if (b.dataset.act === "hint") {
      help.append(el("p", "hint", "Hint: " + variant.hint));
      b.hidden = true;
      ladder.querySelector("[data-act=objective]").hidden = false;
    } else if (b.dataset.act === "objective") {
      help.append(el("p", "objective", "Objective: " + variant.objective));
      b.hidden = true;
      ladder.querySelector("[data-act=solution]").hidden = false;
    } else if (b.dataset.act === "solution") {
      if (!confirm("Show the solution? Try the hint and the objective first; the exercise is yours to solve.")) return;
      b.hidden = true;
      emb.call("solution", { id, seed }).then(showSolution).catch((err) => { help.append(el("p", "problem", err.message)); });
    }
  });
})();
