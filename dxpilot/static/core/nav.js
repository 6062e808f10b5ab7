// Header menus: one open at a time; a click elsewhere or Escape closes them.
(function () {
  "use strict";
  var groups = document.querySelectorAll(".nav-group");
  function closeAll(except) {
    groups.forEach(function (g) { if (g !== except) g.removeAttribute("open"); });
  }
  groups.forEach(function (g) {
    g.addEventListener("toggle", function () { if (g.open) closeAll(g); });
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest(".nav-group")) closeAll(null);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") closeAll(null); });
})();
