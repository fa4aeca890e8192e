// The outbox page (programs/templates/programs/offline/outbox.html): the entries waiting on
// this device, each with its state; a refused entry with the reasons, each naming its field;
// an edit that met someone else's change with both versions, and the choice between them.
// Everything shown is built with textContent: entries are never read as HTML.
(function () {
  "use strict";
  var store = window.UntopOffline;
  var box = document.getElementById("outbox");
  if (!store || !box) { return; }
  var words = function (name) { return box.getAttribute("data-" + name) || ""; };
  var list = document.getElementById("outbox-entries");
  var summary = document.getElementById("outbox-summary");
  var sendButton = document.getElementById("outbox-send");
  var offline = document.getElementById("outbox-offline");

  if (/[?&]kept=1/.test(window.location.search)) {
    var kept = document.getElementById("outbox-kept");
    kept.textContent = words("kept");
    kept.hidden = false;
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function button(text, className, onClick) {
    var node = element("button", text, className);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function conflictTable(entry) {
    var wrap = element("div", null, "table-scroll");
    var table = element("table", null, "data");
    table.appendChild(element("caption", words("both")));
    var head = element("tr");
    [words("field"), words("theirs"), words("mine")].forEach(function (text) {
      var th = element("th", text);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(element("thead")).appendChild(head);
    var body = table.appendChild(element("tbody"));
    entry.conflict.rows.forEach(function (row) {
      var tr = element("tr");
      var th = element("th", row.label);
      th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(element("td", row.theirs, "theirs"));
      tr.appendChild(element("td", row.mine, "mine"));
      body.appendChild(tr);
    });
    wrap.appendChild(table);
    return wrap;
  }

  function entryItem(entry, number) {
    var item = element("li", null, "card outbox-entry outbox-" + entry.status);
    item.setAttribute("data-key", entry.key);
    var title = element("h2", (entry.activity ? words("edit") : words("new")) + ": " +
      (entry.title || words("untitled")));
    title.id = "outbox-entry-" + number;
    item.setAttribute("aria-labelledby", title.id);
    item.appendChild(title);
    var when = new Date(entry.created).toLocaleString(document.documentElement.lang || undefined,
      { dateStyle: "medium", timeStyle: "short" });
    item.appendChild(element("p", words("entered").replace("%(when)s", when) +
      (entry.start ? " · " + entry.start : ""), "help"));
    item.appendChild(element("p", words("state-" + entry.status), "outbox-state"));
    if (entry.message) { item.appendChild(element("p", entry.message, "error outbox-reason")); }
    if (entry.status === "refused" && entry.errors.length) {
      var reasons = element("ul", null, "outbox-reasons");
      entry.errors.forEach(function (error) {
        error.messages.forEach(function (message) {
          reasons.appendChild(element("li", error.label ? error.label + ": " + message : message));
        });
      });
      item.appendChild(reasons);
    }
    var actions = element("p", null, "actions");
    if (entry.status === "conflict" && entry.conflict) {
      if (entry.conflict.saved_by) {
        item.appendChild(element("p", words("saved-by").replace("%(who)s", entry.conflict.saved_by)));
      }
      item.appendChild(conflictTable(entry));
      actions.appendChild(button(words("keep-mine"), "button", function () {
        store.resolveConflict(entry.key, true).then(send);
      }));
      actions.appendChild(button(words("take-theirs"), "button button-secondary", function () {
        store.resolveConflict(entry.key, false).then(render);
      }));
    }
    if (entry.status === "refused") {
      actions.appendChild(button(words("remove"), "button button-secondary", function () {
        store.remove(entry.key).then(render);
      }));
    }
    if (actions.childNodes.length) { item.appendChild(actions); }
    return item;
  }

  function renderRecent() {
    var recent = document.getElementById("outbox-recent");
    return store.getMeta("data").then(function (data) {
      recent.textContent = "";
      ((data && data.activities) || []).forEach(function (activity) {
        var item = element("li");
        var link = element("a", activity.title);
        link.href = activity.url;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" · " + activity.start + " · " +
          activity.centre + " · " + activity.approval));
        if (activity.edit_url) {
          item.appendChild(document.createTextNode(" · "));
          var edit = element("a", words("edit-offline"));
          edit.href = activity.edit_url;
          edit.setAttribute("aria-label", words("edit-offline") + ": " + activity.title);
          item.appendChild(edit);
        }
        recent.appendChild(item);
      });
    });
  }

  function render() {
    return store.entries().then(function (entries) {
      list.textContent = "";
      entries.forEach(function (entry, index) { list.appendChild(entryItem(entry, index + 1)); });
      list.hidden = entries.length === 0;
      summary.textContent = entries.length ? store.summary(entries, words) : words("none");
      var waiting = entries.some(function (entry) { return entry.status === "waiting"; });
      if (!waiting) { document.getElementById("outbox-kept").hidden = true; }
      sendButton.hidden = !(waiting && navigator.onLine);
      offline.textContent = words("offline");
      offline.hidden = navigator.onLine || !entries.length;
      return renderRecent();
    });
  }

  function send() {
    document.dispatchEvent(new CustomEvent("untop:send"));
  }

  sendButton.addEventListener("click", send);
  document.addEventListener("untop:outbox", render);
  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  render();
}());
