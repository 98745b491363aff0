// stage.js starts the playground's stage (embed.html in #stage) as soon as
// the iframe is parsed, on this page's fragment: app.js, at the end of the
// page, would start it a tenth of a second later, and the stage's poster
// and wasm would wait for it. The page's own presentation keys are
// dropped: the stage gets chrome=none from here, once.
"use strict";
(() => {
  const frag = location.hash.slice(1).split("&").filter((p) => p !== "" && !p.startsWith("chrome=")).join("&");
  document.getElementById("stage").src = "embed.html#" + (frag ? frag + "&" : "") + "chrome=none";
})();
