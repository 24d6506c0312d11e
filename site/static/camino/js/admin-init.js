// The Wagtail admin's widgets, started without inline script (see camino/admin_csp.py).
// Each <script type="application/json" data-camino-init="Name"> holds the arguments of one
// call Wagtail would have made inline. Only the names below can be called.
(() => {
  const CONSTRUCTORS = new Set([
    "InlinePanel",
    "MultipleChooserPanel",
    "Chooser",
    "PageChooser",
    "ImageChooser",
    "DocumentChooser",
    "SnippetChooser",
  ]);
  const FUNCTIONS = new Set([
    "initDateChooser",
    "initTimeChooser",
    "initDateTimeChooser",
    "createTaskChooser",
  ]);
  const SELECTOR = 'script[type="application/json"][data-camino-init]';

  function start(element) {
    if (element.dataset.caminoStarted) return;
    element.dataset.caminoStarted = "true";
    const name = element.dataset.caminoInit;
    const target = window[name];
    const args = JSON.parse(element.textContent);
    if (typeof target !== "function" || !(CONSTRUCTORS.has(name) || FUNCTIONS.has(name))) {
      console.error(`camino admin-init: ${name} cannot be started`);
      return;
    }
    if (CONSTRUCTORS.has(name)) {
      new target(...args);
    } else {
      target(...args);
    }
  }

  function startWithin(node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(SELECTOR)) start(node);
    node.querySelectorAll(SELECTOR).forEach(start);
  }

  startWithin(document.documentElement);
  new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(startWithin);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
