// Starts Swagger UI on /api/docs from the settings in #swagger-ui's data attribute.
// An external file because the CSP forbids inline scripts (and eval).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var config = JSON.parse(root.dataset.settings);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  var csrfToken = root.dataset.csrfToken;
  if (csrfToken) {
    // "Try it out" with the session cookie needs Django's CSRF token on unsafe methods.
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    };
  }
  window.fixloopApiDocs = SwaggerUIBundle(config);
})();
