// Offline entry at the centres, on every page (templates/base.html): registers the service
// worker, keeps the user's data on the device while online, shows the outbox's counter,
// keeps the activity form's post in the outbox when there is no connection, sends the
// outbox when the connection returns, and clears the device's store at sign-out and for a
// visitor who is not signed in (static/js/offline-store.js).
(function () {
  "use strict";
  var store = window.UntopOffline;
  if (!store || !window.indexedDB) { return; }
  if (document.getElementById("offline-clear")) {
    // Not signed in (signed out, or the session ended), or not one who enters activities:
    // what was read from the portal is forgotten; entries typed offline wait for their user.
    store.forget();
    return;
  }
  var link = document.getElementById("offline-outbox");
  if (!link) { return; }
  var user = Number(link.getAttribute("data-user"));
  var urls = { data: link.getAttribute("data-data"), sync: link.getAttribute("data-sync") };

  function ready() {
    document.documentElement.setAttribute("data-offline-ready", "1");
    document.dispatchEvent(new CustomEvent("untop:outbox"));
  }

  function showCount() {
    return store.entries().then(function (list) {
      link.querySelector(".offline-count").textContent = store.summary(list, function (name) {
        return link.getAttribute("data-" + name);
      });
      link.hidden = list.length === 0;
      return list;
    });
  }

  // The activity form and the outbox read the device's data afresh; other pages at most
  // every two minutes (each read costs the portal a few queries).
  var FRESH_MS = 2 * 60 * 1000;
  var offlinePage = Boolean(document.querySelector("form[data-offline-form], #outbox"));

  function sync() {
    if (!navigator.onLine) { return Promise.resolve(); }
    return store.send(urls).then(function (outcome) {
      if (outcome.ended) {
        // The session ended: the store is cleared; the sign-in page says so.
        window.location.reload();
        return null;
      }
      return store.getMeta("refreshedAt").then(function (at) {
        if (!offlinePage && !outcome.sent && at && Date.now() - at < FRESH_MS) { return null; }
        return store.refresh(urls, { pages: true });
      });
    }).then(showCount).then(ready);
  }

  function register() {
    if (!("serviceWorker" in navigator)) { return Promise.resolve(null); }
    return navigator.serviceWorker.register(link.getAttribute("data-sw"), {
      scope: link.getAttribute("data-scope")
    }).catch(function () { return null; });
  }

  // The activity form, sent without a connection: kept in the outbox instead.
  function hookForm(registration) {
    var form = document.querySelector("form[data-offline-form]");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }
      event.preventDefault();
      var data = new FormData(form, event.submitter || undefined);
      data.delete("csrfmiddlewaretoken"); // the current token is asked for when sending
      data.delete("form_key"); // the entry gets a key of its own (offline_key)
      store.keep({
        activity: form.getAttribute("data-offline-activity"),
        title: String(data.get("title") || ""),
        start: String(data.get("start") || ""),
        body: new URLSearchParams(data).toString()
      }).then(function () {
        if (registration && registration.sync) {
          return registration.sync.register("untop-outbox").catch(function () { return null; });
        }
        return null;
      }).then(function () {
        window.location.assign(link.getAttribute("href") + "?kept=1");
      });
    });
  }

  // Sign-out clears the device's store first; entries not yet sent are named before.
  function hookSignOut() {
    var forms = document.querySelectorAll("form[data-offline-signout]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        store.entries().then(function (list) {
          var question = link.getAttribute("data-signout-confirm").replace("%(count)s", String(list.length));
          if (list.length && !window.confirm(question)) { return null; }
          return store.clearAll().then(function () { form.submit(); });
        }).catch(function () { form.submit(); }); // a failing store never keeps anyone in
      });
    });
  }

  store.claim(user).then(register).then(function (registration) {
    hookForm(registration);
    hookSignOut();
    window.addEventListener("online", sync);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (!(event.data && event.data.outbox)) { return; }
        if (event.data.outbox.ended) {
          // Background Sync met the end of the session: as sync() does, to the sign-in page.
          window.location.reload();
          return;
        }
        showCount().then(ready);
      });
    }
    document.addEventListener("untop:send", sync);
    return showCount().then(function () {
      return navigator.onLine ? sync() : ready();
    });
  });
}());
