// The portal's service worker (programs/offline.py): offline entry at the centres.
// Pages it controls: {{ scope }}. Pages are asked of the network first; without a
// connection, the copy kept for the signed-in user is served (static/js/offline-store.js
// keeps one user's copies at a time, cleared at sign-out). Static files kept for the form
// are served from the copy. Nothing else is kept.
"use strict";
importScripts("{{ store_script }}");

var STATIC_URL = "{{ static_url }}";
var URLS = { data: "{% url 'programs:offline_data' %}", sync: "{% url 'programs:offline_sync' %}" };

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") { return; }
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  if (req.mode === "navigate") {
    event.respondWith(self.fetch(req).catch(function () {
      return self.UntopOffline.cached(req).then(function (found) {
        return found || Response.error();
      });
    }));
  } else if (url.pathname.indexOf(STATIC_URL) === 0) {
    event.respondWith(self.UntopOffline.cached(req).then(function (found) {
      return found || self.fetch(req);
    }));
  }
});

// Background Sync, where the browser has it: the outbox is sent when the connection returns,
// even with no page of the portal open.
self.addEventListener("sync", function (event) {
  if (event.tag === "untop-outbox") {
    event.waitUntil(self.UntopOffline.send(URLS).then(function (outcome) {
      return self.clients.matchAll().then(function (clients) {
        clients.forEach(function (client) { client.postMessage({ outbox: outcome }); });
      });
    }));
  }
});
