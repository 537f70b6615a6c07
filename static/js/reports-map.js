// The public map of every published report that matches the filters (not only this page),
// read from /rapporter/karta.geojson and clustered with Leaflet.markercluster. Each pin
// carries its status as a word and a colour (never colour alone); the list below the map
// has the same reports as links for keyboard and screen reader users.
(function () {
  "use strict";
  const element = document.querySelector("[data-reports-map]");
  if (!element || !window.L || !window.fetch) return;
  const labels = JSON.parse(element.dataset.statusLabels);
  fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((collection) => {
      if (collection.features.length === 0) return;
      element.hidden = false;
      const legend = document.querySelector("[data-reports-map-legend]");
      if (legend) legend.hidden = false;
      const map = L.map(element, { zoomControl: false })
        .setView(JSON.parse(element.dataset.mapCenter), Number(element.dataset.mapZoom));
      L.control.zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut }).addTo(map);
      L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
      const clusters = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
      collection.features.forEach((feature) => {
        const p = feature.properties;
        const [lon, lat] = feature.geometry.coordinates;
        const pin = document.createElement("span");
        pin.className = "map-pin map-pin--" + p.status_group;
        pin.textContent = labels[p.status_group] || p.status_label;
        const icon = L.divIcon({ html: pin.outerHTML, className: "map-pin-icon", iconSize: null });
        const popup = document.createElement("div");
        const link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.title;
        const facts = document.createElement("p");
        facts.textContent = [p.category, p.status_label, p.received].join(" · ");
        popup.append(link, facts);
        const marker = L.marker([lat, lon], { icon: icon, title: p.title, keyboard: false }).bindPopup(popup);
        // A div icon has no alt: name it as an image (title and status), as an image pin would be.
        marker.on("add", () => {
          const shown = marker.getElement();
          shown.setAttribute("role", "img");
          shown.setAttribute("aria-label", p.title + " (" + p.status_label + ")");
        });
        clusters.addLayer(marker);
      });
      clusters.addTo(map);
      map.fitBounds(clusters.getBounds(), { maxZoom: 16, padding: [20, 20] });
    })
    .catch(() => { /* the list below has every report; the map is an extra */ });
})();
