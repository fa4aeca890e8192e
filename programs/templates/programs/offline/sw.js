// The portal's service worker (programs/offline.py): offline entry at the centres.
// Pages it controls: {{ scope }}. Pages are asked of the network first; without a
// connection, the copy kept for the signed-in user is served (static/js/offline-store.js
// keeps one user's copies at a time, cleared at sign-out). Static files kept for the form
// are served from the copy. Nothing else is kept.
"use strict";
importScripts("{{ store_script }}");

var STATIC_URL = "{{ static_url }}";
var URLS = { data: "{% url 'programs:offline_data' %}", sync: "{% url 'programs:offline_sync' %}" };
var OUTBOX = "{% url 'programs:offline_outbox' %}";
var ADD = "{% url 'programs:activity_add' %}";
// An activity's edit page, its number in place of the 0.
var EDIT = new RegExp("^" + "{% url 'programs:activity_edit' 0 %}".replace("/0/", "/(\\d+)/") + "$");
var FORM_KEY = /(<input type="hidden" name="form_key" value=")[0-9a-f]+(")/g;

// A copy of a page served from the device carries a key of its own each time it is served:
// the copy's key was made once, when the copy was kept, and every form sent from it must be
// told apart (programs/offline.py saves each key once).
function withFreshKey(response) {
  var type = response.headers.get("Content-Type") || "";
  if (type.indexOf("text/html") !== 0) { return response; }
  return response.text().then(function (html) {
    var fresh = html.replace(FORM_KEY, function (whole, head, tail) {
      return head + self.crypto.randomUUID().replace(/-/g, "") + tail;
    });
    return new Response(fresh, { status: response.status, headers: response.headers });
  });
}

// The activity form sent while the browser believed it was online but the portal could not
// be reached (a link that is up while the line behind it is down): kept in the outbox, under
// the form's own key, so that a post which did reach the portal before the answer was lost
// is recognised there (the same key) and saved once.
function keptWhenUnreachable(req) {
  var url = new URL(req.url);
  var edit = url.pathname.match(EDIT);
  if (url.pathname !== ADD && !edit) { return null; }
  var copy = req.clone();
  return self.fetch(req).catch(function () {
    return copy.formData().then(function (data) {
      var key = String(data.get("form_key") || "");
      data.delete("csrfmiddlewaretoken");
      data.delete("form_key");
      var body = new URLSearchParams();
      data.forEach(function (value, name) {
        if (typeof value === "string") { body.append(name, value); }
      });
      return self.UntopOffline.keep({
        key: /^[0-9a-f]{32}$/.test(key) ? key : null,
        activity: edit ? edit[1] : null,
        title: String(data.get("title") || ""),
        start: String(data.get("start") || ""),
        body: body.toString()
      });
    }).then(function () {
      if (self.registration.sync) {
        self.registration.sync.register("untop-outbox").catch(function () { return null; });
      }
      return Response.redirect(new URL(OUTBOX + "?kept=1", self.location.origin).href, 303);
    });
  });
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  if (req.method === "POST" && req.mode === "navigate") {
    var kept = keptWhenUnreachable(req);
    if (kept) { event.respondWith(kept); }
    return;
  }
  if (req.method !== "GET") { return; }
  if (req.mode === "navigate") {
    event.respondWith(self.fetch(req).catch(function () {
      return self.UntopOffline.cached(req).then(function (found) {
        return found ? withFreshKey(found) : Response.error();
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
