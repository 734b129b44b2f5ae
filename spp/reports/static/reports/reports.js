/* Maps of the reports pages (Leaflet, vendored). Three modes, read from #report-map:
   view (the public map: reports of the viewport, capped by the server), pick (the report form:
   a tap or the device position fills latitude/longitude, then near duplicates are offered)
   and point (the follow-up page). The page works without JavaScript: the form keeps its
   latitude/longitude fields and the list is server-rendered. Its text comes translated from
   the templates (data-* attributes), so the script needs no JavaScript catalogue. */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  if (!el || !window.L) { return; }
  var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
  var map = L.map(el).setView([lat, lon], el.dataset.mode === "view" ? 14 : 16);
  L.tileLayer(el.dataset.tiles, {maxZoom: 19, attribution: el.dataset.attribution}).addTo(map);
  var colours = {new: "#b3261e", acknowledged: "#9c5700", in_progress: "#1f4e8c",
                 resolved: "#1b5e20", rejected: "#555", duplicate: "#555"};

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  if (el.dataset.mode === "point") {
    L.marker([lat, lon], {keyboard: false}).addTo(map);
    return;
  }
  if (el.dataset.mode === "view") {
    var layer = L.layerGroup().addTo(map), note = document.getElementById("map-note");
    var single = function (r) {
      L.circleMarker([r.lat, r.lon], {radius: 7, color: colours[r.status] || "#333",
        fillOpacity: 0.7}).bindPopup('<a href="../../suivi/' + encodeURIComponent(r.ref) +
        '/">' + escapeHtml(r.category) + " — " + escapeHtml(r.ref) + "</a>").addTo(layer);
    };
    // A group of reports (below the server's zoom threshold): a badge with its count; a tap
    // zooms in on it.
    var group = function (c) {
      var size = c.count < 10 ? 30 : (c.count < 100 ? 36 : 44);
      var icon = L.divIcon({className: "map-cluster", iconSize: [size, size],
        html: "<span>" + c.count + "</span>"});
      L.marker([c.lat, c.lon], {icon: icon, title: (el.dataset.cluster || "") + " " + c.count})
        .on("click", function () { map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 19)); })
        .addTo(layer);
    };
    var load = function () {
      var b = map.getBounds();
      var url = el.dataset.source + "?bbox=" + [b.getSouth(), b.getWest(), b.getNorth(),
        b.getEast()].map(function (v) { return v.toFixed(5); }).join(",") +
        "&zoom=" + map.getZoom() +
        "&status=" + encodeURIComponent(el.dataset.status || "") +
        "&category=" + encodeURIComponent(el.dataset.category || "");
      fetch(url).then(function (r) { return r.json(); }).then(function (data) {
        layer.clearLayers();
        (data.reports || []).forEach(single);
        (data.clusters || []).forEach(function (c) { if (c.count === 1) { single(c); } else { group(c); } });
        if (note) {
          note.textContent = data.truncated ? note.dataset.truncated : "";
        }
      });
    };
    map.on("moveend", load);
    load();
    return;
  }
  // pick mode. The server makes the same offer when the form is sent (#duplicates-offer):
  // the references shown here go in seen_duplicates, so sending after seeing them files.
  var latInput = document.getElementById("id_latitude"), lonInput = document.getElementById("id_longitude");
  var categoryInput = document.getElementById("id_category"), marker = null;
  var seenInput = document.getElementById("id_seen_duplicates");
  var form = el.closest("form"), box = document.getElementById("duplicates");
  var serverOffer = document.getElementById("duplicates-offer");
  // The question last asked: a field left without a change (a blur fires "change" again) asks
  // nothing new, so the offer is not redrawn under the finger of someone tapping it.
  var lastAsked = "";
  function checkDuplicates() {
    if (serverOffer) { serverOffer.remove(); serverOffer = null; }
    if (!latInput.value || !lonInput.value || !categoryInput.value) { return; }
    var url = form.dataset.duplicates + "?category=" + encodeURIComponent(categoryInput.value) +
      "&lat=" + encodeURIComponent(latInput.value) + "&lon=" + encodeURIComponent(lonInput.value);
    if (url === lastAsked) { return; }
    lastAsked = url;
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      var list = document.getElementById("duplicates-list");
      list.innerHTML = "";
      (data.reports || []).forEach(function (r) {
        var li = document.createElement("li");
        li.innerHTML = '<a href="' + escapeHtml(r.url) + '">' + escapeHtml(r.ref) + "</a> (" +
          r.distance_m + " m) : " + escapeHtml(r.description) +
          ' <a class="button button--secondary" href="' + escapeHtml(r.url) +
          '#appuyer">' + escapeHtml(list.dataset.support) + "</a>";
        list.appendChild(li);
      });
      box.hidden = !(data.reports || []).length;
      if (seenInput) {
        seenInput.value = (data.reports || []).map(function (r) { return r.ref; }).join(",");
      }
    });
  }
  function place(a, b, initial) {
    latInput.value = a.toFixed(6); lonInput.value = b.toFixed(6);
    if (marker) { marker.setLatLng([a, b]); } else { marker = L.marker([a, b]).addTo(map); }
    if (!(initial && serverOffer)) { checkDuplicates(); }
  }
  // The address search (shown when the service's geocoder is configured): without JavaScript
  // a GET whose page lists links setting the point; here the same suggestions as buttons.
  var search = document.getElementById("address-search");
  if (search) {
    var query = document.getElementById("address-query");
    var results = document.getElementById("address-results"), timer = null, asked = "";
    var suggest = function () {
      var q = query.value.trim();
      if (q.length < 3 || q === asked) { return; }
      asked = q;
      fetch(search.dataset.source + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.json(); }).then(function (data) {
          if (q !== asked) { return; }
          results.innerHTML = "";
          if (!(data.results || []).length) {
            var p = document.createElement("p");
            p.textContent = search.dataset.empty;
            results.appendChild(p);
            return;
          }
          var ul = document.createElement("ul");
          ul.className = "address-results";
          data.results.forEach(function (s) {
            var li = document.createElement("li"), b = document.createElement("button");
            b.type = "button"; b.className = "button--secondary"; b.textContent = s.label;
            b.addEventListener("click", function () {
              place(s.lat, s.lon);
              map.setView([s.lat, s.lon], 18);
              var address = document.getElementById("id_address");
              if (address && !address.value) { address.value = s.label; }
              results.innerHTML = "";
            });
            li.appendChild(b); ul.appendChild(li);
          });
          results.appendChild(ul);
        });
    };
    search.addEventListener("submit", function (e) { e.preventDefault(); asked = ""; suggest(); });
    query.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 400); });
  }
  if (latInput.value && lonInput.value) { place(parseFloat(latInput.value), parseFloat(lonInput.value), true); }
  map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng); });
  function showAttributes() {
    document.querySelectorAll(".report-attributes").forEach(function (set) {
      set.hidden = set.dataset.category !== categoryInput.value;
    });
  }
  categoryInput.addEventListener("change", showAttributes);
  showAttributes();
  [latInput, lonInput, categoryInput].forEach(function (i) { i.addEventListener("change", checkDuplicates); });
  var button = document.getElementById("use-position");
  if (!navigator.geolocation) { button.hidden = true; }
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (p) {
      place(p.coords.latitude, p.coords.longitude);
      map.setView([p.coords.latitude, p.coords.longitude], 17);
    });
  });
})();
