/* Getting back in: a forgotten password or username, a lost activation e-mail.
 *
 * Each starts with a page asking for the account's e-mail address. The API answers the same
 * whether or not an account has it (so that no one can find out who has an account here), and so
 * do these pages. The reset e-mails link back to the pages that set the new password or username.
 */
import { api, currentUser, forgetSession, refreshSession } from "./api.js";
import { isBadLink } from "./errors.js";
import { field, h, messageArea, onSubmit } from "./ui.js";

/** A page asking for an address, posting it to `path`, then saying `sent(address)`. */
function askForAddressPage({ title, intro, path, button, sent, address = "" }) {
  const message = messageArea();
  const form = h(
    "form",
    { class: "card" },
    h("p", {}, intro),
    field(
      "E-mail",
      h("input", { name: "email", type: "email", autocomplete: "email", required: true, value: address }),
    ),
    h("button", { type: "submit" }, button),
    message,
  );
  onSubmit(form, message, async ({ email }) => {
    await api(path, { method: "POST", body: { email } });
    form.replaceWith(h("p", { class: "message", role: "status" }, sent(email)));
  });
  return h(
    "section",
    { class: "narrow" },
    h("h1", {}, title),
    form,
    h("p", {}, h("a", { href: "/sign-in" }, "Back to sign in")),
  );
}

export const forgotPasswordPage = () =>
  askForAddressPage({
    title: "Forgot your password?",
    intro: "Tell us your account's e-mail address: we will send it a link to choose a new password.",
    path: "/auth/users/reset_password/",
    button: "Send the link",
    sent: (email) =>
      `If an account has the address ${email}, we sent it a link to choose a new password. ` +
      "The link works once, within three days.",
  });

export const forgotUsernamePage = () =>
  askForAddressPage({
    title: "Forgot your username?",
    intro:
      "You can also sign in with your e-mail address. Or tell us the address: we will send it " +
      "your username, with a link to choose a new one.",
    path: "/auth/users/reset_username/",
    button: "Send my username",
    sent: (email) => `If an account has the address ${email}, we sent it its username.`,
  });

export const resendActivationPage = (query) =>
  askForAddressPage({
    title: "Activate your account",
    intro:
      "A new account signs in once it is activated, from the link we e-mailed at registration. " +
      "Lost that e-mail? Tell us the address you registered with: we will send a new link.",
    path: "/auth/users/resend_activation/",
    button: "Send a new activation link",
    sent: (email) =>
      `If an account with the address ${email} is waiting for activation, we sent it a new link.`,
    address: query.get("email") ?? "",
  });

/**
 * A page of an e-mailed link: one field, posted with the link's uid and token to `path`. A link
 * that the API refuses (expired, used, or cut short by the mail reader) says so, with the way to
 * get a new one; any other refusal (a weak password, a taken username) lets the user try again.
 */
function linkPage({ title, input, label, path, body, done, retry }) {
  const message = messageArea();
  const form = h(
    "form",
    { class: "card" },
    field(label, input),
    h("button", { type: "submit" }, title),
    message,
  );
  onSubmit(form, message, async (values) => {
    try {
      await api(path, { method: "POST", body: body(values) });
    } catch (error) {
      if (!isBadLink(error)) throw error;
      form.replaceWith(badLink(retry));
      return;
    }
    form.replaceWith(await done(values));
  });
  return h("section", { class: "narrow" }, h("h1", {}, title), form);
}

const badLink = ({ what, href }) =>
  h(
    "div",
    {},
    h(
      "p",
      { role: "alert", class: "message error" },
      `This link has expired or was already used: a ${what} link works once, within three days.`,
    ),
    h("p", {}, h("a", { href, class: "button" }, "Send me a new link")),
  );

export const resetPasswordPage = (query, uid, token) =>
  linkPage({
    title: "Choose a new password",
    label: "New password",
    input: h("input", {
      name: "new_password",
      type: "password",
      autocomplete: "new-password",
      required: true,
    }),
    path: "/auth/users/reset_password_confirm/",
    body: ({ new_password }) => ({ uid, token, new_password }),
    done: () => {
      // The API signed every session out, this one too if there was one.
      forgetSession();
      return h(
        "div",
        {},
        h(
          "p",
          { role: "status", class: "message" },
          "Your password is changed. Every session was signed out.",
        ),
        h("p", {}, h("a", { href: "/sign-in", class: "button" }, "Sign in with it")),
      );
    },
    retry: { what: "reset", href: "/forgot-password" },
  });

export const resetUsernamePage = (query, uid, token) =>
  linkPage({
    title: "Choose a new username",
    label: "New username",
    input: h("input", { name: "new_username", autocomplete: "username", required: true }),
    path: "/auth/users/reset_username_confirm/",
    body: ({ new_username }) => ({ uid, token, new_username }),
    done: async ({ new_username }) => {
      // Signed in here, the header greets the new name once a new token carries it.
      if (currentUser()) await refreshSession();
      return h(
        "div",
        {},
        h("p", { role: "status", class: "message" }, `Your username is now ${new_username}.`),
        currentUser() ? null : h("p", {}, h("a", { href: "/sign-in", class: "button" }, "Sign in")),
      );
    },
    retry: { what: "username", href: "/forgot-username" },
  });
