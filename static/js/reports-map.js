// The public map of the reports on the current page; the list beside it has everything.
(function () {
  "use strict";
  const element = document.querySelector("[data-reports-map]");
  if (!element || !window.L) return;
  const points = JSON.parse(element.dataset.points);
  if (points.length === 0) return;
  element.hidden = false;
  const map = L.map(element, { zoomControl: false })
    .setView(JSON.parse(element.dataset.mapCenter), Number(element.dataset.mapZoom));
  // The zoom buttons in the page's language (title and aria-label), from the template.
  L.control.zoom({ zoomInTitle: element.dataset.zoomIn, zoomOutTitle: element.dataset.zoomOut }).addTo(map);
  L.tileLayer(element.dataset.tileUrl, { attribution: element.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
  // Markers are named by the report's title but are no tab stops: the list beside the map
  // carries the same links, once each, for keyboard and screen reader users.
  const markers = points.map((point) => {
    const link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    return L.marker([point.lat, point.lon], { title: point.title, alt: point.title, keyboard: false })
      .bindPopup(link);
  });
  const group = L.featureGroup(markers).addTo(map);
  map.fitBounds(group.getBounds(), { maxZoom: 16, padding: [20, 20] });
})();
