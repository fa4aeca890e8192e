// On a phone the list's filters fold behind one button (their summary says how many are in
// use), so the first screen shows the list; wider screens keep them open.
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 40rem)").matches) { return; }
  var folds = document.querySelectorAll("details[data-fold-on-phone]");
  for (var i = 0; i < folds.length; i += 1) { folds[i].open = false; }
})();
