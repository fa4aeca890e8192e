// The API's documentation page: Swagger UI over the portal's schema, named by the page
// (no inline script: the Content Security Policy forbids them).
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: false,
    // The session's cookie goes with each "Try it out" call; no external validator.
    withCredentials: true,
    validatorUrl: null,
  });
});
