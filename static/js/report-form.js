// The report form's map: click to mark the place, "use my position", category notices,
// and "Är det samma sak?" (published reports of the same category nearby). Other forms
// with a place on the map (a walk's meeting point) use it through data-map-form.
// Everything here is an enhancement: without it the place is described in words.
(function () {
  "use strict";
  const form = document.getElementById("report-form") || document.querySelector("form[data-map-form]");
  if (!form) return;

  const latInput = form.querySelector("#lat");
  const lonInput = form.querySelector("#lon");
  const status = form.querySelector("[data-map-status]");
  const nearbyBox = form.querySelector("[data-nearby]");
  const nearbyList = form.querySelector("[data-nearby-list]");

  // Category notices: show only the chosen category's notice.
  const radios = form.querySelectorAll('input[name="category"]');
  function showNotices() {
    form.querySelectorAll("[data-notice-for]").forEach((notice) => {
      const radio = document.getElementById(notice.dataset.noticeFor);
      notice.hidden = !(radio && radio.checked);
    });
  }
  radios.forEach((radio) => radio.addEventListener("change", () => { showNotices(); checkNearby(); }));
  showNotices();

  function chosenCategory() {
    const checked = form.querySelector('input[name="category"]:checked');
    return checked ? checked.value : "";
  }

  // "Är det samma sak?"
  let nearbyRequest = 0;
  function checkNearby() {
    const category = chosenCategory();
    if (!nearbyBox) return;
    if (!category || !latInput.value || !lonInput.value) {
      nearbyBox.hidden = true;
      return;
    }
    const ticket = ++nearbyRequest;
    const url = new URL(form.dataset.nearbyUrl, window.location.href);
    url.search = new URLSearchParams({ category, lat: latInput.value, lon: lonInput.value });
    fetch(url, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { reports: [] }))
      .then((data) => {
        if (ticket !== nearbyRequest) return;
        nearbyList.replaceChildren();
        data.reports.forEach((report) => {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = report.url;
          link.textContent = report.title;
          item.append(link, ` – ${report.status}, ${report.distance_m} m`);
          // Follow it, or say "me too", instead of sending the same report again.
          [[report.follow_url, nearbyBox.dataset.followText], [report.me_too_url, nearbyBox.dataset.meTooText]]
            .forEach(([href, text]) => {
              if (!href || !text) return;
              const extra = document.createElement("a");
              extra.href = href;
              extra.textContent = text;
              item.append(" · ", extra);
            });
          nearbyList.append(item);
        });
        nearbyBox.hidden = data.reports.length === 0;
      })
      .catch(() => { nearbyBox.hidden = true; });
  }

  // The map needs Leaflet; without it (or without tiles) the words field is enough.
  const block = form.querySelector("[data-map-block]");
  if (!window.L || !block) return;
  block.hidden = false;
  const center = JSON.parse(form.dataset.mapCenter);
  const bounds = JSON.parse(form.dataset.mapBounds); // [south, west, north, east]
  const mapElement = form.querySelector("[data-map]");
  const map = L.map(mapElement, {
    maxBounds: [[bounds[0], bounds[1]], [bounds[2], bounds[3]]],
    maxBoundsViscosity: 0.8,
    zoomControl: false,
  }).setView(center, Number(form.dataset.mapZoom));
  // The zoom buttons in the page's language (title and aria-label), from the template.
  L.control.zoom({ zoomInTitle: form.dataset.zoomIn, zoomOutTitle: form.dataset.zoomOut }).addTo(map);
  L.tileLayer(form.dataset.tileUrl, { attribution: form.dataset.tileAttribution, maxZoom: 19 }).addTo(map);

  const clearButton = form.querySelector("[data-clear-point]");
  let marker = null;
  function setPoint(lat, lon, message) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    if (marker) {
      marker.setLatLng([lat, lon]);
    } else {
      // Not a tab stop of its own: from the keyboard the map moves and Enter marks again.
      const name = block.dataset.markerTitle || "";
      marker = L.marker([lat, lon], { draggable: true, keyboard: false, title: name, alt: name }).addTo(map);
      marker.on("dragend", () => {
        const point = marker.getLatLng();
        setPoint(point.lat, point.lng, status.dataset.moved);
      });
    }
    clearButton.hidden = false;
    status.textContent = message || status.dataset.marked;
    checkNearby();
  }
  if (latInput.value && lonInput.value) {
    const lat = Number(latInput.value), lon = Number(lonInput.value);
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      setPoint(lat, lon);
      map.setView([lat, lon], 17);
    }
  }
  map.on("click", (event) => setPoint(event.latlng.lat, event.latlng.lng));

  // From the keyboard: the arrow keys move the map (Leaflet), Enter or space marks its middle;
  // the button does the same for anyone who cannot click a place.
  function markCentre() {
    const point = map.getCenter();
    setPoint(point.lat, point.lng,
      status.dataset.markedCentre.replace("{position}", `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`));
  }
  mapElement.addEventListener("keydown", (event) => {
    if (event.target !== mapElement || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      markCentre();
    }
  });
  form.querySelector("[data-mark-centre]").addEventListener("click", markCentre);

  clearButton.addEventListener("click", () => {
    if (marker) map.removeLayer(marker);
    marker = null;
    latInput.value = lonInput.value = "";
    clearButton.hidden = true;
    if (nearbyBox) nearbyBox.hidden = true;
    status.textContent = status.dataset.cleared;
  });

  const locate = form.querySelector("[data-locate]");
  if (!("geolocation" in navigator)) {
    locate.hidden = true;
  } else {
    locate.addEventListener("click", () => {
      status.textContent = status.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const { latitude, longitude } = position.coords;
          if (latitude < bounds[0] || latitude > bounds[2] || longitude < bounds[1] || longitude > bounds[3]) {
            status.textContent = status.dataset.outside;
            return;
          }
          setPoint(latitude, longitude, status.dataset.located);
          map.setView([latitude, longitude], 17);
        },
        () => { status.textContent = status.dataset.locateFailed; },
        { enableHighAccuracy: true, timeout: 15000 }
      );
    });
  }
})();
