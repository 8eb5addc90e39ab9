/* The API's errors in the reader's words.
 *
 * The API answers DRF's errors: {"detail": "..."} or {"field": ["message", ...], ...}. Its
 * messages are kept as they are (other clients read them too); the SPA names the fields as its
 * forms label them, and a page that knows what a status means there says so in its own words.
 */

// The API's field names as the forms label them; a message for the whole input has no label.
const LABELS = {
  username: "Username",
  email: "E-mail",
  password: "Password",
  new_password: "New password",
  new_username: "New username",
  current_password: "Current password",
  title: "Title",
  body: "Text",
  category: "Category",
  tags: "Tags",
  status: "Status",
};

/** The text of an error body: one line a field, each labelled as its form field is. */
export function describe(data) {
  if (!data || typeof data !== "object") return "";
  if (data.detail) return String(data.detail);
  return Object.entries(data)
    .map(([field, messages]) => {
      const text = messagesOf(messages);
      const label = field === "non_field_errors" ? null : (LABELS[field] ?? field);
      return label ? `${label}: ${text}` : text;
    })
    .join("\n");
}

// A field's messages: a list, or for a list's items an object of lists by position.
const messagesOf = (messages) =>
  typeof messages === "object" && !Array.isArray(messages)
    ? Object.values(messages).map(messagesOf).join(" ")
    : [].concat(messages).join(" ");

/** Whether the API refused an e-mailed link's `uid` or `token`: expired, used, or mistyped. */
export const isBadLink = (error) => error.status === 400 && Boolean(error.data?.uid || error.data?.token);

/**
 * For `.catch()` on what a page cannot show without: a 404 becomes the page "<title>", with
 * `hint` for text, rather than the API's "No Post matches the given query."; other errors pass.
 */
export const notFoundAs = (title, hint) => (error) => {
  if (error.status === 404) Object.assign(error, { title, message: hint });
  throw error;
};
