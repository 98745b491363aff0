// timefmt.js: sim.FormatTime (sim/timefmt.go) in JavaScript, for the
// pages that format a simulated time themselves (lab.js, compare.js): at
// most four significant digits, rounded down, trailing zeros dropped, a
// space and the unit ("150 ns", "5.92 µs", "1.007 ms", "2.5 s"). Every
// other time a page shows comes formatted from Go (pos().time, state().time).
// play/formattime_node_test.go runs this file in node against the Go function.
"use strict";
function smmuplayFormatTime(ns) {
  let t = Math.trunc(Number(ns));
  let sign = "";
  if (t < 0) { sign = "-"; t = -t; }
  let unit = " ns", div = 1;
  if (t >= 1e9) { unit = " s"; div = 1e9; } else if (t >= 1e6) { unit = " ms"; div = 1e6; } else if (t >= 1e3) { unit = " µs"; div = 1e3; }
  const whole = Math.floor(t / div);
  let out = sign + String(whole);
  const digits = 4 - String(whole).length;
  if (div === 1 || digits <= 0) return out + unit;
  const frac = t % div;
  let scale = div, dec = "";
  for (let i = 0; i < digits && scale >= 10; i++) {
    scale /= 10;
    dec += String(Math.floor(frac / scale) % 10);
  }
  dec = dec.replace(/0+$/, "");
  return out + (dec ? "." + dec : "") + unit;
}
if (typeof module !== "undefined") module.exports = smmuplayFormatTime;
