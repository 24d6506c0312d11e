"""Driving a page with the keyboard alone, checking what a keyboard user relies on.

At every stop on the way (each Tab, Shift+Tab or arrow key):

- focus is visible: the focused element, or the part of it the design system draws focus on
  (a radio's or checkbox's label, a summary's text), looks different from how it looked when
  the page loaded, unfocused: a yellow background, an outline, a box-shadow or a border. The
  look of every element is recorded when the page arrives (`arrived`), before anything is
  focused, so "different" is measured against the element itself, not a guess;
- the focused element is on screen, not hidden or zero-sized;
- Tab moves forwards through the page, in reading order, and Shift+Tab backwards;
- nothing traps focus: `tab_to` gives up after a number of stops, and `walk_to_the_end` tabs
  until focus leaves the last stop of the page.

Only `page.keyboard` is used to act on the page: no clicks, no `fill` or `check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SNAPSHOT = """
() => {
  const props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow',
    'background-color', 'color', 'border-top-color', 'border-bottom-color',
    'border-bottom-width', 'text-decoration-line'];
  const look = (node, pseudo) => {
    const style = getComputedStyle(node, pseudo);
    return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
  };
  const looks = new WeakMap();
  for (const node of document.querySelectorAll('body *')) {
    looks.set(node, {
      self: look(node), before: look(node, '::before'), after: look(node, '::after'),
    });
  }
  window.__kbLooks = looks;
  window.__kbLook = look;
  window.__kbPrevious = null;
  return document.activeElement === document.body || document.activeElement === null;
}
"""

_STOP = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {atEnd: true};
  const looks = window.__kbLooks, look = window.__kbLook;
  // Where the design system draws focus: the element, its label (radios, checkboxes), its
  // parent, and what is inside it (a summary's text, a link's icon).
  const group = [el, el.nextElementSibling, el.parentElement,
    ...el.querySelectorAll('*')].filter(Boolean).slice(0, 25);
  const px = (value) => parseFloat(value) || 0;
  const outlined = (s) => s['outline-style'] !== 'none' && px(s['outline-width']) >= 1
    && !/rgba\\(\\d+, \\d+, \\d+, 0\\)|transparent/.test(s['outline-color']);
  const differences = [];
  let unknown = false;
  for (const node of group) {
    const before = looks.get(node);
    if (!before) { if (node === el) unknown = true; continue; }
    for (const part of ['self', 'before', 'after']) {
      const now = look(node, part === 'self' ? null : '::' + part);
      const was = before[part];
      const what = node === el ? 'itself' : node.tagName.toLowerCase();
      if (outlined(now) && !outlined(was)) differences.push(`${what} ${part}: outline`);
      if (now['box-shadow'] !== was['box-shadow'] && now['box-shadow'] !== 'none')
        differences.push(`${what} ${part}: box-shadow`);
      if (now['background-color'] !== was['background-color'])
        differences.push(`${what} ${part}: background`);
      if (now['border-bottom-width'] !== was['border-bottom-width']
          || now['border-top-color'] !== was['border-top-color'])
        differences.push(`${what} ${part}: border`);
      if (now['text-decoration-line'] !== was['text-decoration-line'])
        differences.push(`${what} ${part}: underline`);
    }
  }
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const previous = window.__kbPrevious;
  let order = 'first';
  if (previous && previous !== el && previous.isConnected) {
    const position = previous.compareDocumentPosition(el);
    order = position & Node.DOCUMENT_POSITION_FOLLOWING ? 'forwards'
      : position & Node.DOCUMENT_POSITION_PRECEDING ? 'backwards' : 'same';
  } else if (previous === el) {
    order = 'same';
  }
  window.__kbPrevious = el;
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0]
    && el.labels[0].innerText) || el.innerText || el.value || el.getAttribute('name') || '';
  return {
    atEnd: false,
    tag: el.tagName.toLowerCase(),
    role: el.getAttribute('role') || '',
    type: el.getAttribute('type') || '',
    name: label.replace(/\\s+/g, ' ').trim().slice(0, 80),
    html: el.outerHTML.replace(/\\s+/g, ' ').slice(0, 160),
    differences, unknown, order,
    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
      && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
}
"""


@dataclass
class Stop:
    tag: str
    role: str
    type: str
    name: str
    html: str
    order: str

    def __str__(self) -> str:
        kind = self.role or (f"{self.tag}[{self.type}]" if self.type else self.tag)
        return f"{kind} {self.name!r}"


class KeyboardUser:
    def __init__(self, page):
        self.page = page
        self.stops: list[Stop] = []

    def arrived(self) -> None:
        """A new page has loaded: record how everything looks before anything has focus."""
        self.page.wait_for_load_state("load")
        # The NHS.UK frontend starts from a dynamic import: let it finish changing the page.
        self.page.wait_for_function("() => document.body.classList.contains('js-enabled')")
        self.page.evaluate(_SNAPSHOT)
        self.stops = []

    def press(self, key: str, *, expect_order: str | None = "forwards") -> Stop | None:
        """Press a key that moves focus, and check where it lands. None at the page's end."""
        self.page.keyboard.press(key)
        found = self.page.evaluate(_STOP)
        if found["atEnd"]:
            return None
        stop = Stop(
            tag=found["tag"],
            role=found["role"],
            type=found["type"],
            name=found["name"],
            html=found["html"],
            order=found["order"],
        )
        self.stops.append(stop)
        where = f"{key} to {stop} on {self.page.url}\n  {stop.html}"
        assert not found["unknown"], f"focus went to something not on the page at load: {where}"
        assert found["visible"], f"the focused element is not visible on screen: {where}"
        assert found["differences"], f"no visible focus indicator: {where}"
        if expect_order is not None and stop.order != "first":
            assert stop.order == expect_order, (
                f"focus moved {stop.order}, not {expect_order}: {where}\n"
                f"  stops so far: {', '.join(map(str, self.stops))}"
            )
        return stop

    def tab(self) -> Stop | None:
        return self.press("Tab")

    def shift_tab(self) -> Stop | None:
        return self.press("Shift+Tab", expect_order="backwards")

    def tab_to(self, name: str | re.Pattern, *, tag: str | None = None, limit: int = 60) -> Stop:
        """Tab forwards until an element whose name matches has focus."""
        pattern = name if isinstance(name, re.Pattern) else re.compile(re.escape(name))
        for _ in range(limit):
            stop = self.tab()
            if stop is None:
                break
            if pattern.search(stop.name) and (tag is None or stop.tag == tag):
                return stop
        raise AssertionError(
            f"Tab never reached {name!r} on {self.page.url}; stops: "
            + ", ".join(map(str, self.stops))
        )

    def activate(self, key: str = "Enter") -> None:
        """Press Enter (or Space) on what has focus; focus order starts again from there."""
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def walk_to_the_end(self, *, limit: int = 200) -> int:
        """Tab until focus leaves the page's last stop, checking every stop on the way; fails
        if that takes more than `limit` stops (a trap, or focus going round in circles)."""
        for count in range(1, limit + 1):
            if self.tab() is None:
                return count - 1
        raise AssertionError(
            f"focus never left {self.page.url} after {limit} Tabs: "
            + ", ".join(map(str, self.stops[-20:]))
        )
