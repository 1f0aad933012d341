// Filters: each panel lists its values per facet in data-f; a panel shows
// when it has every value chosen. Groups left without a shown panel hide.
// The choice lives in the address too (#status=missed&agency=…), so a
// filtered view can be linked to and printed.
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
    var hash = chosen.map(function (s) {
      return s.name + "=" + encodeURIComponent(s.value);
    }).join("&");
    try {
      window.history.replaceState(null, "", hash ? "#" + hash : window.location.pathname);
    } catch (e) {
      // A page opened where the address cannot change: the filters still work.
    }
  }
  window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
    var kv = pair.split("=");
    var s = form.elements.namedItem(kv[0]);
    if (s && s.tagName === "SELECT" && kv.length === 2) {
      var v;
      try { v = decodeURIComponent(kv[1]); } catch (e) { return; }
      if (Array.prototype.some.call(s.options, function (o) { return o.value === v; })) {
        s.value = v;
      }
    }
  });
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
  // Closed sections print open.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  document.documentElement.setAttribute("data-filters", "ready");
})();
