/* When the session has ended (idle timeout, sign-out elsewhere, user disabled), the
   dashboard's requests answer 401: go to the sign-in page and come back here after. */
(function () {
  const original = window.fetch;
  window.fetch = function (...args) {
    return original.apply(this, args).then(function (response) {
      if (response.status === 401 && response.url.indexOf("/_dash-") !== -1) {
        const here = window.location.pathname + window.location.search;
        window.location.assign("/login?next=" + encodeURIComponent(here));
      }
      return response;
    });
  };
})();
