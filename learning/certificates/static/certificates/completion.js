// The completion page, enhanced: while the certificate's PDF is being made, ask every few
// seconds whether it is ready, then fetch the page again, swap in its certificate panel and
// say so in the live region. Without JavaScript, "Check again" reloads the page.

const pending = document.querySelector("[data-certificate-pending]");
const announce = document.querySelector("[data-certificate-announce]");
const EVERY_MS = 4000;
const TRIES = 75; // about five minutes; after that, "Check again" comes back

function wireCopyButtons(scope) {
  for (const button of scope.querySelectorAll("[data-copy-target]")) {
    const input = document.getElementById(button.dataset.copyTarget);
    if (!input || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(input.value);
      button.textContent = "Link copied";
      input.select();
    });
  }
}

async function swapInCertificate() {
  const response = await fetch(window.location.href, { credentials: "same-origin" });
  if (!response.ok) return false;
  const fresh = new DOMParser()
    .parseFromString(await response.text(), "text/html")
    .querySelector("[data-certificate-panel]");
  const panel = document.querySelector("[data-certificate-panel]");
  if (!fresh || !panel || fresh.querySelector("[data-certificate-pending]")) return false;
  const adopted = document.importNode(fresh, true);
  panel.replaceWith(adopted);
  wireCopyButtons(adopted);
  announce.textContent = "Your certificate is ready. You can download it now.";
  return true;
}

if (pending && announce) {
  const again = pending.querySelector("[data-check-again]");
  const waiting = pending.querySelector("[data-waiting]");
  if (again) again.hidden = true;
  if (waiting) waiting.hidden = false;
  let tries = 0;
  const poll = async () => {
    tries += 1;
    try {
      const response = await fetch(pending.dataset.statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.ok && (await response.json()).ready && (await swapInCertificate())) return;
    } catch (error) {
      /* offline for a moment: ask again */
    }
    if (tries < TRIES) {
      window.setTimeout(poll, EVERY_MS);
    } else {
      if (again) again.hidden = false;
      if (waiting) waiting.hidden = true;
    }
  };
  window.setTimeout(poll, EVERY_MS);
}
