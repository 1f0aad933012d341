// Filters: each panel lists its values per facet in data-f; a panel shows
// when it has every value chosen. Groups left without a shown panel hide.
(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  var panels = Array.prototype.slice.call(document.querySelectorAll(".panel"));
  var facets = panels.map(function (p) { return JSON.parse(p.getAttribute("data-f")); });
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var shown = document.getElementById("shown");
  function apply() {
    var chosen = selects.filter(function (s) { return s.value !== ""; });
    var count = 0;
    panels.forEach(function (p, i) {
      var ok = chosen.every(function (s) {
        return (facets[i][s.name] || []).indexOf(s.value) >= 0;
      });
      p.hidden = !ok;
      if (ok) { count += 1; }
    });
    document.querySelectorAll(".item, .sec").forEach(function (g) {
      g.hidden = chosen.length > 0 && g.querySelector(".panel:not([hidden])") === null;
    });
    shown.textContent = String(count);
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
})();
