// The public screen: fetch the "now" fragment every few seconds and swap it in when it
// changed. The server answers 304 to an unchanged ETag, so most polls carry no body.
// Without this file the page refreshes itself (see the <noscript> in the page).
(function () {
  "use strict";
  var box = document.getElementById("screen-now");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-poll-url");
  var etag = box.getAttribute("data-etag");
  var interval = parseInt(box.getAttribute("data-poll-interval"), 10) || 3000;

  function poll() {
    // No cookies: the fragment is the same for everyone, and shared caches can keep it.
    fetch(url, { headers: { "If-None-Match": etag }, credentials: "omit" })
      .then(function (response) {
        if (response.status !== 200) {
          return null;
        }
        etag = response.headers.get("ETag") || etag;
        return response.text().then(function (html) {
          box.innerHTML = html;
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
