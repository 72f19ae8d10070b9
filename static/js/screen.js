// The public screen: fetch the "now" fragment every few seconds and swap it in when it
// changed. The fragment carries an ETag and a short max-age, so the browser (and any shared
// cache in between) revalidates with If-None-Match and the server answers 304 while nothing
// has moved on. Without this file the page refreshes itself (see the <noscript>).
(function () {
  "use strict";
  var box = document.getElementById("screen-now");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-poll-url");
  var shown = box.getAttribute("data-etag");
  var interval = parseInt(box.getAttribute("data-poll-interval"), 10) || 3000;

  function poll() {
    // No cookies: the fragment is the same for everyone.
    fetch(url, { credentials: "omit" })
      .then(function (response) {
        var etag = response.headers.get("ETag");
        if (!response.ok || etag === shown) {
          return null;
        }
        return response.text().then(function (html) {
          box.innerHTML = html;
          shown = etag;
        });
      })
      .catch(function () {
        // A dropped connection: keep what is shown and try again next time.
      })
      .then(function () {
        window.setTimeout(poll, interval);
      });
  }
  window.setTimeout(poll, interval);
})();
