// Talks to a playground embed (an iframe of embed.html) with its
// versioned postMessage protocol: requests {smmuplay: 1, id, op, args},
// replies {smmuplay: 1, id, ok, result | error}, announcements
// {smmuplay: 1, event: "ready" | "moved", ...}. Nothing is sent before
// "ready"; requests made earlier wait for it.
"use strict";
window.SmmuplayEmbed = (function () {
  const all = [];
  window.addEventListener("message", (ev) => {
    const m = ev.data;
    if (!m || typeof m !== "object" || m.smmuplay !== 1) return;
    for (const e of all) {
      if (e.frame.contentWindow === ev.source) e._receive(m);
    }
  });
  let nextID = 1;
  class Embed {
    constructor(frame) {
      this.frame = frame;
      this.ready = false;
      this.waiting = new Map(); // id → {resolve, reject}
      this.queue = [];          // sends made before ready
      this.listeners = {};      // event → [fn]
      all.push(this);
    }
    on(event, fn) { (this.listeners[event] ||= []).push(fn); }
    _receive(m) {
      if (m.event) {
        if (m.event === "ready") {
          this.ready = true;
          const q = this.queue; this.queue = [];
          for (const f of q) f();
        }
        for (const fn of this.listeners[m.event] || []) fn(m);
        return;
      }
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.result); else w.reject(new Error(String(m.error)));
    }
    // call sends op with args and resolves with the reply's result.
    call(op, args) {
      return new Promise((resolve, reject) => {
        const send = () => {
          const id = nextID++;
          this.waiting.set(id, { resolve, reject });
          // The embed is same-origin; "*" would also reach a page that
          // navigated the frame away, so name the origin.
          this.frame.contentWindow.postMessage({ smmuplay: 1, id, op, args: args || {} }, location.origin === "null" ? "*" : location.origin);
        };
        if (this.ready) send(); else this.queue.push(send);
      });
    }
  }
  return { Embed };
})();
