"use strict";
// Enhances a source page: a bare #line=a,b fragment (RFC 5147, from zero) marks and scrolls to its lines,
// as the server does for ?line=a,b. The page works without it.
(function () {
  var match = /^#line=(\d+),(\d+)$/.exec(window.location.hash);
  if (!match || document.querySelector(".l.hl")) { return; }
  var first = Number(match[1]) + 1, last = Number(match[2]);
  for (var n = first; n <= last; n++) {
    var line = document.getElementById("L" + n);
    if (line) { line.classList.add("hl"); }
  }
  var start = document.getElementById("L" + first);
  if (start) { start.scrollIntoView({ block: "center" }); }
})();
