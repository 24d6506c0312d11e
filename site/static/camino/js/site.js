// Progressive enhancement only: every core action works without this file.
// The NHS.UK frontend is an ES module; its URL (hashed in production) comes from a meta tag so
// no inline script is needed (the Content-Security-Policy forbids inline script).
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
const nhsuk = document.querySelector('meta[name="camino-nhsuk-js"]');
if (nhsuk) {
  import(nhsuk.content).then((frontend) => frontend.initAll());
}

// The journal keeps unsaved writing on this device; once the server confirms a save (a
// message carrying data-journal-saved), that copy is no longer needed.
for (const marker of document.querySelectorAll("[data-journal-saved]")) {
  try {
    localStorage.removeItem("camino-draft:" + marker.dataset.journalSaved);
  } catch (error) {
    /* storage blocked: nothing to clear */
  }
}

// "Copy link" buttons: shown only where the browser can copy; the link is selectable anyway.
for (const button of document.querySelectorAll("[data-copy-target]")) {
  const input = document.getElementById(button.dataset.copyTarget);
  if (!input || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(input.value);
    button.textContent = "Link copied";
    input.select();
  });
}
