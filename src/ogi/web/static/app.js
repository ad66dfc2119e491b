// Every page: "back" links, and buttons that ask before a deletion (no inline script: the CSP allows none).
(function () {
  document.querySelectorAll("[data-back]").forEach((a) => {
    a.addEventListener("click", (e) => {
      if (history.length > 1) {
        e.preventDefault();
        history.back();
      }
    });
  });
  document.querySelectorAll("button[data-confirm]").forEach((b) => {
    b.addEventListener("click", (e) => {
      if (!confirm(b.dataset.confirm)) e.preventDefault();
    });
  });
})();
