// Fills a form's hidden latitude and longitude when the person ticks "share my position"
// (a journey proof's trip data). Nothing is read without that tick; a refusal or an error
// unticks the box and says why, and the form still works without a position.
(function () {
  "use strict";
  document.querySelectorAll("[data-position-form]").forEach(function (form) {
    var box = form.querySelector("[data-geolocate]");
    var lat = form.querySelector("input[name=latitude]");
    var lon = form.querySelector("input[name=longitude]");
    if (!box || !lat || !lon) { return; }
    var status = document.createElement("p");
    status.className = "help";
    status.setAttribute("aria-live", "polite");
    box.parentNode.appendChild(status);
    box.addEventListener("change", function () {
      lat.value = ""; lon.value = "";
      if (!box.checked) { status.textContent = ""; return; }
      if (!navigator.geolocation) {
        box.checked = false;
        status.textContent = "Votre navigateur ne donne pas de position.";
        return;
      }
      status.textContent = "Recherche de votre position…";
      navigator.geolocation.getCurrentPosition(function (where) {
        lat.value = where.coords.latitude.toFixed(6);
        lon.value = where.coords.longitude.toFixed(6);
        status.textContent = "Position jointe.";
      }, function () {
        box.checked = false;
        status.textContent = "Position indisponible : le trajet sera confirmé sans elle.";
      }, {enableHighAccuracy: true, timeout: 10000, maximumAge: 0});
    });
  });
})();
