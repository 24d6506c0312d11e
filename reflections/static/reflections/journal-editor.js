// The journal form, enhanced. Without JavaScript it is a plain textarea that still saves.
// With it: a small formatting toolbar, and a copy of the writing kept on this device while
// typing, offered back after a failed save, a reload or an expired session, and cleared only
// when the server says it saved (see site.js and the message's data-journal-saved marker).

const form = document.querySelector("[data-journal-form]");
const textarea = form && form.querySelector("[data-journal-body]");

if (form && textarea) {
  const key = "camino-draft:" + form.dataset.draftKey;
  const title = form.querySelector("input[name=title]");

  // --- the editor ------------------------------------------------------------------------
  const label = form.querySelector(`label[for="${textarea.id}"]`);
  if (label && !label.id) label.id = textarea.id + "-label";
  const editor = document.createElement("div");
  editor.className = "camino-editor__area nhsuk-textarea";
  editor.contentEditable = "true";
  editor.setAttribute("role", "textbox");
  editor.setAttribute("aria-multiline", "true");
  if (label) editor.setAttribute("aria-labelledby", label.id);
  const describedBy = textarea.getAttribute("aria-describedby");
  if (describedBy) editor.setAttribute("aria-describedby", describedBy);
  if (textarea.getAttribute("aria-invalid")) editor.setAttribute("aria-invalid", "true");
  const format = form.querySelector("input[name=body_format]");
  // The textarea holds HTML when the page says so (edits, prompts); typed text otherwise.
  if (format && format.value === "html") {
    editor.innerHTML = textarea.value;
  } else {
    editor.textContent = textarea.value;
  }
  if (format) format.value = "html";
  document.execCommand("defaultParagraphSeparator", false, "p");

  const tools = [
    ["bold", "Bold", () => document.execCommand("bold")],
    ["italic", "Italic", () => document.execCommand("italic")],
    // h2: an entry's own headings sit straight under the page's h1 (its title).
    ["heading", "Heading", () => document.execCommand("formatBlock", false, "h2")],
    ["bullets", "Bulleted list", () => document.execCommand("insertUnorderedList")],
    ["numbers", "Numbered list", () => document.execCommand("insertOrderedList")],
    ["quote", "Quote", () => document.execCommand("formatBlock", false, "blockquote")],
    ["paragraph", "Plain text", () => document.execCommand("formatBlock", false, "p")],
    ["link", "Link", () => {
      const url = window.prompt("Link address (starting https://, http:// or mailto:)");
      if (url && /^(https?:|mailto:)/i.test(url.trim())) document.execCommand("createLink", false, url.trim());
    }],
    ["unlink", "Remove link", () => document.execCommand("unlink")],
  ];
  const toolbar = document.createElement("div");
  toolbar.className = "camino-editor__toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Formatting");
  for (const [name, text, run] of tools) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "camino-editor__button";
    button.dataset.tool = name;
    button.textContent = text;
    button.tabIndex = toolbar.children.length === 0 ? 0 : -1;
    button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
    button.addEventListener("click", () => { editor.focus(); run(); sync(); });
    toolbar.appendChild(button);
  }
  // One stop for the whole toolbar on the way through the form (Tab), and the arrow keys,
  // Home and End to move between its buttons, as toolbars do (WAI-ARIA toolbar pattern).
  toolbar.addEventListener("keydown", (event) => {
    const buttons = [...toolbar.querySelectorAll("button")];
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const moves = {
      ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1,
      Home: 0, End: buttons.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = buttons[(moves[event.key] + buttons.length) % buttons.length];
    for (const button of buttons) button.tabIndex = button === next ? 0 : -1;
    next.focus();
  });
  const wrapper = document.createElement("div");
  wrapper.className = "camino-editor";
  wrapper.append(toolbar, editor);
  textarea.after(wrapper);
  textarea.classList.add("camino-editor__source");
  textarea.setAttribute("aria-hidden", "true");
  textarea.tabIndex = -1;
  if (label) label.addEventListener("click", () => editor.focus());
  // The error summary links to the (now hidden) textarea: send them to the editor instead.
  for (const link of document.querySelectorAll(`a[href="#${textarea.id}"]`)) {
    link.addEventListener("click", (event) => { event.preventDefault(); editor.focus(); });
  }

  // --- drafts on this device ---------------------------------------------------------------
  let timer = null;
  function sync() {
    textarea.value = editor.innerHTML;
    clearTimeout(timer);
    timer = setTimeout(saveDraft, 400);
  }
  function saveDraft() {
    try {
      localStorage.setItem(key, JSON.stringify({
        title: title ? title.value : "", body: editor.innerHTML, at: new Date().toISOString(),
      }));
    } catch (error) { /* storage full or blocked: the form still works */ }
  }
  editor.addEventListener("input", sync);
  if (title) title.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(saveDraft, 400); });
  form.addEventListener("submit", () => { textarea.value = editor.innerHTML; saveDraft(); });

  let draft = null;
  try { draft = JSON.parse(localStorage.getItem(key) || "null"); } catch (error) { draft = null; }
  const notice = document.querySelector("[data-draft-notice]");
  const differs = draft && (draft.body !== editor.innerHTML || (title && draft.title !== title.value));
  if (draft && differs && notice) {
    const when = notice.querySelector("[data-draft-when]");
    if (when && draft.at) when.textContent = new Date(draft.at).toLocaleString("en-GB");
    notice.hidden = false;
    notice.querySelector("[data-draft-restore]").addEventListener("click", () => {
      editor.innerHTML = draft.body;
      if (title && draft.title) title.value = draft.title;
      textarea.value = editor.innerHTML;
      notice.hidden = true;
      editor.focus();
    });
    notice.querySelector("[data-draft-discard]").addEventListener("click", () => {
      localStorage.removeItem(key);
      notice.hidden = true;
    });
  }
}
