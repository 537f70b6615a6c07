// Site-wide behaviour: move focus to an error summary (or an error message) so screen
// readers announce it, and have them read a status message that came with the page.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    // After the browser has scrolled to any #fragment in the address, so it wins.
    summary.focus();
    window.requestAnimationFrame(() => { if (document.activeElement !== summary) summary.focus(); });
  }
  // A live region announces changes, not what it held when the page loaded: put the
  // message in again once the page has settled.
  document.querySelectorAll("[data-announce]").forEach((region) => {
    const messages = Array.from(region.childNodes);
    region.replaceChildren();
    window.setTimeout(() => region.replaceChildren(...messages), 250);
  });
});
