/* A few DOM helpers. Text is always added as text nodes, never parsed as HTML. */

/** h("a", {href: "/"}, "Home"): an element with attributes (on* props become listeners). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false && value != null) element.setAttribute(name, value);
  }
  element.append(...children.flat().filter((child) => child != null && child !== false));
  return element;
}

/** A labelled form field: `field("Title", h("input", {name: "title"}))`. */
export const field = (label, control) => h("label", { class: "field" }, h("span", {}, label), control);

/** A message area for a form: `message.show(text)`, `message.error(text)`. */
export function messageArea() {
  const area = h("p", { class: "message", role: "status", hidden: true });
  const set = (text, isError) => {
    area.hidden = !text;
    area.textContent = text ?? "";
    area.classList.toggle("error", Boolean(isError));
    area.setAttribute("role", isError ? "alert" : "status");
  };
  return Object.assign(area, { show: (text) => set(text, false), error: (text) => set(text, true) });
}

/** Runs `action` when the form is submitted, with its fields' values; shows errors in `message`. */
export function onSubmit(form, message, action) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    message.show("");
    try {
      await action(Object.fromEntries(new FormData(form)));
    } catch (error) {
      message.error(error.message);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export const formatDate = (iso) =>
  iso ? new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" }) : "";

export const plural = (count, word) => `${count} ${word}${count === 1 ? "" : "s"}`;
