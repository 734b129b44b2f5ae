// Keeps a roster request's progress page current without reloading it (a <meta> refresh
// would move the reader's focus every few seconds): while the solve waits or runs, the page
// is fetched again every few seconds and its progress region replaced; once the proposal is
// ready the server redirects, and the browser follows. Without JavaScript, the "Actualiser"
// link does the same by hand.
(function () {
  "use strict";
  var region = document.querySelector("[data-refresh]");
  if (!region || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(region.getAttribute("data-refresh"), 10) || 2;
  function poll() {
    fetch(window.location.href, {credentials: "same-origin", headers: {Accept: "text/html"}})
      .then(function (response) {
        if (response.redirected) { window.location.assign(response.url); return null; }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null || html === undefined) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .querySelector("#roster-progress");
        if (!fresh) { return; }
        region.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-refresh")) { window.setTimeout(poll, seconds * 1000); }
        else { region.removeAttribute("data-refresh"); }
      })
      .catch(function () { window.setTimeout(poll, seconds * 2000); });
  }
  window.setTimeout(poll, seconds * 1000);
}());
