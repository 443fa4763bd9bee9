// The query page: YASGUI (vendored, /assets/yasgui.min.js) over this server's /sparql,
// with the server's prefixes in the first query and links from results into the explorer.
(function () {
  "use strict";
  var holder = document.getElementById("yasgui");
  if (!holder || typeof Yasgui === "undefined") { return; }
  var base = holder.getAttribute("data-base");
  var fallback = document.getElementById("fallback");
  if (fallback) { fallback.hidden = true; }
  Yasgui.defaults.requestConfig.endpoint = new URL("/sparql", window.location.href).href;
  var yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: new URL("/sparql", window.location.href).href, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return []; } },
    persistenceId: "kgraph-" + window.location.host
  });
  var tab = yasgui.getTab();
  var first = holder.getAttribute("data-query");
  // /query?query=... opens that query and runs it: a query can be linked to.
  var asked = new URLSearchParams(window.location.search).get("query");
  if (tab && asked) {
    // Declare the predeclared prefixes it uses, so the editor checks it without complaint.
    if (!/^\s*PREFIX/im.test(asked)) {
      var used = (first || "").split("\n").filter(function (line) {
        var name = /^PREFIX (\w*):/.exec(line);
        return name && new RegExp("(^|[^\\w])" + name[1] + ":").test(asked);
      });
      if (used.length) { asked = used.join("\n") + "\n\n" + asked; }
    }
    tab.setQuery(asked);
    tab.query();
  } else if (tab && first && !window.localStorage.getItem("kgraph-query-seen")) {
    tab.setQuery(first);
    window.localStorage.setItem("kgraph-query-seen", "1");
  }
  // IRIs of this store open in the explorer instead of leaving for the IRI itself.
  function explorerUrl(iri) {
    if (!base || iri.indexOf(base) !== 0) { return null; }
    var kind = iri.indexOf(base + "document/") === 0 ? "document" : "entity";
    return "/" + kind + "?iri=" + encodeURIComponent(iri);
  }
  new MutationObserver(function () {
    var links = holder.querySelectorAll("a[href]:not([data-kgraph])");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      link.setAttribute("data-kgraph", "1");
      var target = explorerUrl(link.getAttribute("href"));
      if (target) { link.setAttribute("href", target); link.removeAttribute("target"); }
    }
  }).observe(holder, { childList: true, subtree: true });
})();
