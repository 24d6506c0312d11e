// Progressive enhancement only: every core action works without this file.
// The NHS.UK frontend is an ES module; its URL (hashed in production) comes from a meta tag so
// no inline script is needed (the Content-Security-Policy forbids inline script).
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
const nhsuk = document.querySelector('meta[name="camino-nhsuk-js"]');
if (nhsuk) {
  import(nhsuk.content).then((frontend) => frontend.initAll());
}
