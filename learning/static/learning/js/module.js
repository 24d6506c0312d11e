// The module page, enhanced. Everything here also works without JavaScript: the stage buttons
// lead to the next stage's address (#stage-do), which the browser scrolls to, and the
// checklist saves with its "Save my ticks" button.

// Focus where the learner is now: the heading of the stage named in the address (after a stage
// button, or "Continue where you left off"), or the module's title when it was reached by
// finishing the one before (its confirmation is at the top). Focus does not scroll: the
// browser has already brought the stage into view. It waits for the page to finish loading,
// as Chromium, arriving at an address with a fragment, clears focus once loading ends (the
// fragment names the stage's section, which cannot take focus itself).
const stage = /^#stage-(learn|do|reflect|share)$/.exec(window.location.hash);
const target = stage
  ? document.getElementById(`stage-${stage[1]}-heading`)
  : document.querySelector("[data-focus-on-load]");
const focusTarget = () =>
  window.requestAnimationFrame(() => target.focus({ preventScroll: Boolean(stage) }));
if (target && document.readyState === "complete") {
  focusTarget();
} else if (target) {
  window.addEventListener("load", focusTarget, { once: true });
}

// The Do checklist saves each tick as it is made, and says so in its live region. Requests go
// one after another, each with every box as it is then, so the last one always wins.
for (const form of document.querySelectorAll("form[data-checklist]")) {
  const button = form.querySelector("[data-checklist-save]");
  const status = form.querySelector("[data-checklist-status]");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!button || !status || !token) continue;
  const url = button.formAction || form.action;
  let queue = Promise.resolve();

  const save = () => {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    for (const box of form.querySelectorAll("input[name=item]:checked")) {
      body.append("item", box.value);
    }
    status.textContent = "Saving…";
    queue = queue
      .then(() =>
        fetch(url, {
          method: "POST",
          body,
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": token.value },
        }),
      )
      .then((response) => (response.ok ? response.json() : Promise.reject(response)))
      .then((answer) => {
        if (!answer.saved) throw new Error("not saved");
        status.textContent = "Saved";
      })
      .catch(() => {
        status.textContent = "Your ticks are not saved yet. Use the Save my ticks button.";
      });
  };

  for (const box of form.querySelectorAll("input[name=item]")) {
    box.addEventListener("change", save);
  }
}
