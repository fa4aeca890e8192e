// Searchable selects for the forms' long lists (projects, districts, national partners):
// Tom Select, vendored from npm (static/vendor/tom-select). Without JavaScript the plain
// select stays, and works.
(function () {
  "use strict";
  if (typeof window.TomSelect !== "function") { return; }
  // A select too long to write into the page (untop.widgets.SearchableSelect) holds only
  // what is chosen: the records matching what is typed come from the portal, as
  // {"results": [{"value", "text"}]}.
  function searchesThePortal(select, settings) {
    var url = select.dataset.optionsUrl;
    settings.shouldLoad = function (query) { return query.trim().length > 0; };
    settings.load = function (query, callback) {
      var address = url + "?q=" + encodeURIComponent(query.trim());
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { callback(data.results); })
        .catch(function () { callback(); });
    };
    if (select.dataset.typeToSearch) { settings.placeholder = select.dataset.typeToSearch; }
  }
  var selects = document.querySelectorAll("select[data-search]");
  for (var i = 0; i < selects.length; i += 1) {
    var select = selects[i];
    var label = document.querySelector("label[for='" + select.id + "']");
    var settings = {
      // The empty choice is a choice of its own only where the field may stay empty ("All
      // projects" in a list's filter); in a required field it is the placeholder, so that
      // "Type to search" or "Choose a project" shows rather than a chosen "---------".
      allowEmptyOption: !select.multiple && !select.required,
      create: false,
      maxOptions: null,
      hidePlaceholder: true,
      // Search as soon as a letter is typed: with Tom Select's default 300 ms wait, a
      // search still pending when an option is picked reopens the list afterwards and
      // takes the next click meant for another field.
      refreshThrottle: 0,
      plugins: select.multiple ? ["remove_button"] : [],
      render: {
        no_results: function () {
          return "<div class=\"no-results\">" + (select.dataset.noResults || "—") + "</div>";
        }
      }
    };
    if (select.dataset.optionsUrl) { searchesThePortal(select, settings); }
    var control = new window.TomSelect(select, settings);
    // The label names the control's search box (Tom Select points the label at it); the
    // select it replaces stays in the form, hidden from screen readers too.
    if (label && control.control_input) {
      control.control_input.setAttribute("aria-label", label.textContent.replace(/\s*\*\s*$/, ""));
    }
    select.setAttribute("aria-hidden", "true");
  }
})();
