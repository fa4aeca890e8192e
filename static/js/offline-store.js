// What a device keeps for offline entry at the centres, shared by the pages and the service
// worker (importScripts): the outbox of activities waiting to be sent, the signed-in user's
// reference data, and the cache of the form's pages and static files.
//
// IndexedDB is written to directly, through a few promise helpers: the wrapper libraries
// (idb, localForage) would add a dependency for four operations.
//
// One user's data at a time: the store names its user, the cache is named by the user's
// id, and the pages clear both at sign-out, when the session has ended (the server answers
// "signed-out", 401, a redirect to the sign-in page, or 403), and when another user signs in.
(function (root) {
  "use strict";

  var DB_NAME = "untop-offline";
  var CACHE_PREFIX = "untop-offline-u";
  var PAGES_EVERY_MS = 10 * 60 * 1000;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function open() {
    var req = root.indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = function () {
      var db = req.result;
      db.createObjectStore("meta");
      db.createObjectStore("outbox", { keyPath: "key" });
    };
    return request(req);
  }

  // Runs `work(stores)` in one transaction; resolves with its result once committed. The
  // connection is closed after each use, so that nothing holds the database open.
  function run(names, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(names, mode);
        var stores = {};
        names.forEach(function (name) { stores[name] = tx.objectStore(name); });
        var result;
        Promise.resolve(work(stores)).then(function (value) { result = value; }, reject);
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function getMeta(key) {
    return run(["meta"], "readonly", function (s) { return request(s.meta.get(key)); });
  }

  function setMeta(values) {
    return run(["meta"], "readwrite", function (s) {
      Object.keys(values).forEach(function (key) { s.meta.put(values[key], key); });
    });
  }

  function cacheName(user) { return CACHE_PREFIX + user; }

  // What the device read from the portal: the reference data, the pages and every user's
  // cache. The entries typed into the outbox stay, each naming its user: a session that ended
  // while the device was offline (after the idle timeout) loses nothing typed; they are sent
  // when the same person signs in again, and no other user sees or sends them.
  function forget() {
    var stores = run(["meta"], "readwrite", function (s) {
      s.meta.clear();
    }).catch(function () { return null; });
    var cached = root.caches ? root.caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(CACHE_PREFIX) === 0;
      }).map(function (name) { return root.caches.delete(name); }));
    }) : Promise.resolve();
    return Promise.all([stores, cached]);
  }

  // Sign-out: what was read from the portal, and the signing-out user's own entries (the
  // page asks first when some have not been sent).
  function clearAll() {
    return getMeta("user").then(function (user) {
      return run(["outbox"], "readwrite", function (s) {
        var walk = s.outbox.openCursor();
        walk.onsuccess = function () {
          var cursor = walk.result;
          if (!cursor) { return; }
          if (cursor.value.user === user) { cursor.delete(); }
          cursor.continue();
        };
      });
    }).catch(function () { return null; }).then(forget);
  }

  // The store is this user's: what another user's session read is forgotten first.
  function claim(user) {
    return getMeta("user").then(function (owner) {
      if (owner === user) { return null; }
      return forget().then(function () { return setMeta({ user: user }); });
    });
  }

  function entries() {
    return Promise.all([getMeta("user"), run(["outbox"], "readonly", function (s) {
      return request(s.outbox.getAll());
    })]).then(function (found) {
      var user = found[0];
      return found[1].filter(function (entry) { return entry.user === user; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }

  function put(entry) {
    return run(["outbox"], "readwrite", function (s) { s.outbox.put(entry); });
  }

  function remove(key) {
    return run(["outbox"], "readwrite", function (s) { s.outbox.delete(key); });
  }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) {
      return root.crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // Keep an activity form's post, as the form would send it, to send when online.
  function keep(options) {
    return getMeta("user").then(function (user) {
      var entry = {
        key: options.key || newKey(),
        user: user,
        created: Date.now(),
        activity: options.activity || null,
        title: options.title || "",
        start: options.start || "",
        body: options.body,
        status: "waiting",
        message: "",
        errors: [],
        conflict: null
      };
      return put(entry).then(function () { return entry; });
    });
  }

  function sessionEnded(response) {
    return response.type === "opaqueredirect" || response.status === 401 ||
      response.status === 403 || (response.redirected && /\/accounts\//.test(response.url));
  }

  // The user's data from the server, kept; with `pages`, the pages and static files of the
  // offline form are put in the user's cache too (every ten minutes, or when the list of
  // pages or the activities' versions changed). Resolves with the data, or with null when the
  // session has ended (everything cleared) or the server cannot be reached.
  function refresh(urls, options) {
    options = options || {};
    return root.fetch(urls.data, { credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (sessionEnded(response)) {
          return forget().then(function () { return null; });
        }
        if (!response.ok) { return null; }
        return response.json().then(function (data) {
          if (data.status === "signed-out") {
            return forget().then(function () { return null; });
          }
          return claim(data.user).then(function () {
            return getMeta("pagesCached");
          }).then(function (cached) {
            var signature = JSON.stringify([data.pages, data.static, data.activities.map(
              function (a) { return [a.id, a.version]; })]);
            var stale = !cached || cached.signature !== signature ||
              Date.now() - cached.at > PAGES_EVERY_MS;
            var stored = { data: data, refreshedAt: Date.now() };
            var pages = options.pages && stale ? cachePages(data) : Promise.resolve(false);
            return pages.then(function (done) {
              if (done) { stored.pagesCached = { signature: signature, at: Date.now() }; }
              return setMeta(stored);
            }).then(function () { return data; });
          });
        });
      })
      .catch(function () { return null; });
  }

  function cachePages(data) {
    if (!root.caches) { return Promise.resolve(false); }
    return root.caches.open(cacheName(data.user)).then(function (cache) {
      var urls = data.pages.concat(data.static);
      return Promise.all(urls.map(function (url) {
        // Marked as a copy being kept (programs/views/activities.py, OFFLINE_COPY_HEADER): a
        // page that sends it away leaves no message for the user's next page.
        return root.fetch(url, {
          credentials: "same-origin",
          redirect: "manual",
          headers: { "X-Untop-Offline-Copy": "1" }
        })
          .then(function (response) {
            // A page that now redirects (an activity approved since) is not kept.
            return response.ok && response.type === "basic" ? cache.put(url, response) : null;
          }, function () { return null; });
      })).then(function () {
        // Pages no longer offered (an activity since approved) leave the cache.
        return cache.keys().then(function (requests) {
          var wanted = urls.map(function (url) { return new URL(url, root.location.href).href; });
          return Promise.all(requests.filter(function (req) {
            return wanted.indexOf(req.url) === -1;
          }).map(function (req) { return cache.delete(req); }));
        });
      }).then(function () { return true; });
    }).catch(function () { return false; });
  }

  // A cached answer for `req`, from the cache of the store's user only.
  function cached(req) {
    if (!root.caches) { return Promise.resolve(undefined); }
    return getMeta("user").then(function (user) {
      if (!user) { return undefined; }
      return root.caches.open(cacheName(user)).then(function (cache) {
        // Vary (cookie, language) is ignored: this cache holds this user's copies only.
        return cache.match(req, { ignoreSearch: req.mode === "navigate", ignoreVary: true });
      });
    }).catch(function () { return undefined; });
  }

  // Send the waiting entries, one at a time, in the order they were made. Resolves with
  // {sent, refused, conflicts, ended} (ended: the session had ended; everything cleared).
  var sending = null;
  function send(urls) {
    if (sending) { return sending; }
    // One sender at a time across the pages and the service worker (Background Sync and a
    // page's `online` event come together): the second finds the entries already sent.
    var locks = root.navigator && root.navigator.locks;
    sending = (locks ? locks.request("untop-outbox", function () { return sendWaiting(urls); })
      : sendWaiting(urls)).finally(function () { sending = null; });
    return sending;
  }

  function sendWaiting(urls) {
    return entries().then(function (all) {
      var waiting = all.filter(function (entry) { return entry.status === "waiting"; });
      var outcome = { sent: 0, refused: 0, conflicts: 0, ended: false };
      if (!waiting.length) { return outcome; }
      return refresh(urls).then(function (data) {
        if (!data) {
          return getMeta("user").then(function (user) {
            outcome.ended = !user;
            return outcome;
          });
        }
        return waiting.reduce(function (previous, entry) {
          return previous.then(function () {
            if (outcome.ended) { return null; }
            return sendOne(urls, data.csrf, entry, outcome);
          });
        }, Promise.resolve()).then(function () {
          return outcome.sent && !outcome.ended ? refresh(urls) : null;
        }).then(function () { return outcome; });
      });
    });
  }

  function sendOne(urls, csrf, entry, outcome) {
    var body = new URLSearchParams(entry.body);
    body.set("offline_key", entry.key);
    if (entry.activity) { body.set("activity", String(entry.activity)); }
    return root.fetch(urls.sync, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401) {
        outcome.ended = true;
        return forget();
      }
      return response.json().then(function (answer) {
        if (answer.status === "saved") {
          outcome.sent += 1;
          return remove(entry.key);
        }
        if (answer.status === "conflict") {
          outcome.conflicts += 1;
          entry.status = "conflict";
          entry.conflict = answer;
        } else {
          outcome.refused += 1;
          entry.status = "refused";
          entry.errors = answer.errors || [];
        }
        entry.message = answer.message || "";
        return put(entry);
      }, function () { return null; }); // not JSON (a server error): it waits for the next try
    }, function () { return null; }); // no connection: it waits
  }

  // The user's choice on a conflict: keep theirs (drop this entry) or keep mine (send it
  // again, over the version saved now).
  function resolveConflict(key, keepMine) {
    return entries().then(function (all) {
      var entry = all.filter(function (e) { return e.key === key; })[0];
      if (!entry) { return null; }
      if (!keepMine) { return remove(key); }
      var body = new URLSearchParams(entry.body);
      body.set("version", String(entry.conflict.version));
      entry.body = body.toString();
      entry.status = "waiting";
      entry.conflict = null;
      entry.message = "";
      return put(entry);
    });
  }

  // "3 waiting to send, 1 needs you": the entries still to send, and those refused or
  // met by someone else's change, which wait for the user. `words(name)` gives the
  // page's translated phrase ("waiting", "attention"), with %(count)s in it.
  function summary(list, words) {
    var waiting = list.filter(function (entry) { return entry.status === "waiting"; }).length;
    var parts = [];
    if (waiting) { parts.push(words("waiting").replace("%(count)s", String(waiting))); }
    if (list.length - waiting) {
      parts.push(words("attention").replace("%(count)s", String(list.length - waiting)));
    }
    return parts.join(", ");
  }

  root.UntopOffline = {
    summary: summary,
    claim: claim,
    clearAll: clearAll,
    forget: forget,
    entries: entries,
    keep: keep,
    remove: remove,
    refresh: refresh,
    send: send,
    cached: cached,
    getMeta: getMeta,
    resolveConflict: resolveConflict
  };
}(self));
