/* Deleting one's own post or comment, once the user has confirmed it. */
import { api } from "./api.js";
import { navigate } from "./router.js";
import { h, messageArea } from "./ui.js";

/**
 * A "Delete" button that asks first: the question and "Yes, delete" / "Keep it" take its place,
 * in the page rather than in a browser dialog, so that it reads like the rest of the page.
 */
function deleteButton({ question, what, remove }) {
  const message = messageArea();
  const button = h(
    "button",
    { type: "button", class: "secondary danger", "aria-label": `Delete ${what}` },
    "Delete",
  );
  const keep = h("button", { type: "button", class: "secondary" }, "Keep it");
  const confirm = h("button", { type: "button", class: "danger" }, "Yes, delete");
  const asking = h(
    "div",
    { class: "confirm", role: "group", "aria-label": `Delete ${what}?`, hidden: true },
    h("span", {}, question),
    confirm,
    keep,
  );
  const ask = (yes) => {
    button.hidden = yes;
    asking.hidden = !yes;
    (yes ? keep : button).focus();
  };
  button.addEventListener("click", () => ask(true));
  keep.addEventListener("click", () => ask(false));
  confirm.addEventListener("click", async () => {
    confirm.disabled = keep.disabled = true;
    message.show("");
    try {
      await remove();
    } catch (error) {
      message.error(error.message);
      confirm.disabled = keep.disabled = false;
    }
  });
  return h("span", { class: "delete" }, button, asking, message);
}

/** Deletes the post, then shows the list, where it is no more. */
export const deletePostButton = (post) =>
  deleteButton({
    what: "this post",
    question: "Delete this post, with its comments and likes?",
    remove: async () => {
      await api(`/posts/${post.slug}/`, { method: "DELETE" });
      navigate("/", { replace: true }); // Back would lead to a post that is gone.
    },
  });

/** Deletes the comment, then `deleted()` takes it off the page. */
export const deleteCommentButton = (post, comment, deleted) =>
  deleteButton({
    what: "this comment",
    question: "Delete this comment?",
    remove: async () => {
      await api(`/posts/${post.slug}/comments/${comment.id}/`, { method: "DELETE" });
      deleted();
    },
  });
