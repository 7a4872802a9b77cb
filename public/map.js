// Chợ OCOP maps: draws #ocop-map with Leaflet from the JSON in
// #ocop-map-data (no inline script, so a strict Content-Security-Policy can
// forbid them). Everything on the map is also listed on the page; without
// this script, Leaflet or the tiles, the page still works.
//
// Data: {"layers": [{"id", "label", "color", "items": [{"name", "url",
// "note", "lat", "lon"}]}], "pick": {"lat": inputId, "lon": inputId}?}
// With "pick", a click on the map fills in those inputs.
// A button #near-me (hidden until the browser can locate) reloads the list
// sorted by distance (?near=lat,lon, rounded to about 100 m).
(function () {
  'use strict';
  if (window.ocopMap) {
    window.ocopMap.start();
    return;
  }

  var VIETNAM = [[8.0, 102.0], [23.5, 117.5]];
  var tries = 0;

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  }

  function popup(item) {
    var box = document.createElement('div');
    var link = text('a', item.name);
    link.href = item.url;
    box.appendChild(link);
    if (item.note) box.appendChild(text('div', item.note, 'muted'));
    return box;
  }

  function draw(el, source) {
    var data;
    try {
      data = JSON.parse(source || '{}');
    } catch (e) {
      return;
    }
    if (el.ocopMap) el.ocopMap.remove();
    el.ocopSource = source;
    var map = L.map(el, { scrollWheelZoom: false });
    el.ocopMap = map;
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    }).addTo(map);
    var overlays = {};
    var points = [];
    (data.layers || []).forEach(function (layer) {
      var group = L.layerGroup();
      (layer.items || []).forEach(function (item) {
        var at = [item.lat, item.lon];
        points.push(at);
        L.circleMarker(at, {
          radius: 8, weight: 2, color: '#fff', fillColor: layer.color, fillOpacity: 0.9
        }).bindPopup(popup(item)).bindTooltip(item.name).addTo(group);
      });
      group.addTo(map);
      var swatch = '<span class="swatch" style="background:' + layer.color.replace(/[^#0-9a-zA-Z]/g, '') + '"></span>';
      overlays[swatch + ' ' + layer.label.replace(/[<>&"]/g, '')] = group;
    });
    if ((data.layers || []).length > 1) {
      L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    }
    if (points.length === 1) {
      map.setView(points[0], 15);
    } else if (points.length > 1) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
    } else {
      map.fitBounds(VIETNAM);
    }
    if (data.pick) pick(map, data.pick);
  }

  function pick(map, ids) {
    var lat = document.getElementById(ids.lat);
    var lon = document.getElementById(ids.lon);
    if (!lat || !lon) return;
    var marker = null;
    map.getContainer().style.cursor = 'crosshair';
    map.on('click', function (e) {
      var a = e.latlng.lat.toFixed(5);
      var b = e.latlng.lng.toFixed(5);
      lat.value = a;
      lon.value = b;
      [lat, lon].forEach(function (input) {
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      if (marker) marker.setLatLng(e.latlng);
      else marker = L.marker(e.latlng).addTo(map);
    });
  }

  function nearMe() {
    var button = document.getElementById('near-me');
    if (!button || button.dataset.ready || !navigator.geolocation) return;
    button.dataset.ready = '1';
    button.hidden = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        var url = new URL(window.location.href);
        url.searchParams.set('near', position.coords.latitude.toFixed(3) + ',' + position.coords.longitude.toFixed(3));
        url.searchParams.delete('page');
        window.location.assign(url.toString());
      }, function () {
        button.disabled = false;
        button.insertAdjacentElement('afterend', text('span', ' ' + (button.dataset.denied || ''), 'muted'));
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }

  function start() {
    nearMe();
    var el = document.getElementById('ocop-map');
    var source = document.getElementById('ocop-map-data');
    // A page rendered again in the browser may keep the container and
    // change only the data: draw again when the data is not what was drawn.
    if (!el || !source || el.ocopSource === source.textContent) return;
    if (!window.L) {
      // Leaflet loads beside this script; after a client-side navigation
      // the two may arrive in either order.
      if (tries++ < 100) setTimeout(start, 100);
      return;
    }
    tries = 0;
    draw(el, source.textContent);
  }

  window.ocopMap = { start: start };
  // Pages rendered again in the browser (a filter, another page) bring a
  // new map container or new data for the same one.
  new MutationObserver(function () { start(); }).observe(document.body, { childList: true, subtree: true });
  start();
})();
