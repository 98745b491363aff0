// stage.js starts the playground's stage (embed.html in #stage) as soon as
// the iframe is parsed, on this page's fragment: app.js, at the end of the
// page, would start it a tenth of a second later, and the stage's poster
// and wasm would wait for it. The embed's presentation keys (chrome, ro)
// are dropped, as app.js drops them: the stage gets chrome=none from
// here, once, and stays playable.
"use strict";
(() => {
  const frag = location.hash.slice(1).split("&").filter((p) => p !== "" && !p.startsWith("chrome=") && !p.startsWith("ro=")).join("&");
  document.getElementById("stage").src = "embed.html#" + (frag ? frag + "&" : "") + "chrome=none";
})();
