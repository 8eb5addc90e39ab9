/* The account pages: sign in, register, and the activation link of the e-mail. */
import { api, signIn, signInWithCode } from "./api.js";
import { navigate, safeNext } from "./router.js";
import { field, h, messageArea, onSubmit } from "./ui.js";

export function signInPage(query) {
  const message = messageArea();
  const form = h(
    "form",
    { class: "card" },
    field("Username or e-mail", h("input", { name: "username", autocomplete: "username", required: true })),
    field(
      "Password",
      h("input", { name: "password", type: "password", autocomplete: "current-password", required: true }),
    ),
    h("button", { type: "submit" }, "Sign in"),
    message,
  );
  const done = () => navigate(safeNext(query.get("next")));
  onSubmit(form, message, async ({ username, password }) => {
    const challenge = await signIn(username, password);
    if (challenge) form.replaceWith(codeForm(challenge, done));
    else done();
  });
  return h(
    "section",
    { class: "narrow" },
    h("h1", {}, "Sign in"),
    form,
    h("p", {}, "No account yet? ", h("a", { href: "/register" }, "Register")),
  );
}

/** The second step of signing in, for an account with two-factor sign-in. */
function codeForm(challenge, done) {
  const message = messageArea();
  const form = h(
    "form",
    { class: "card" },
    h("p", {}, "Your password was right. Type the code your authenticator app shows now, or one of your recovery codes."),
    field(
      "Code",
      h("input", { name: "code", autocomplete: "one-time-code", inputmode: "text", required: true, autofocus: true }),
    ),
    h("button", { type: "submit" }, "Verify"),
    message,
  );
  onSubmit(form, message, async ({ code }) => {
    await signInWithCode(challenge, code.trim());
    done();
  });
  return form;
}

export function registerPage() {
  const message = messageArea();
  const form = h(
    "form",
    { class: "card" },
    field("Username", h("input", { name: "username", autocomplete: "username", required: true })),
    field("E-mail", h("input", { name: "email", type: "email", autocomplete: "email", required: true })),
    field(
      "Password",
      h("input", { name: "password", type: "password", autocomplete: "new-password", required: true }),
    ),
    h("button", { type: "submit" }, "Create the account"),
    message,
  );
  onSubmit(form, message, async ({ username, email, password }) => {
    await api("/auth/users/", { method: "POST", body: { username, email, password } });
    form.replaceWith(
      h(
        "p",
        { class: "message", role: "status" },
        `Almost there: we sent an activation link to ${email}. Open it to activate your account.`,
      ),
    );
  });
  return h("section", { class: "narrow" }, h("h1", {}, "Register"), form);
}

/** The e-mailed link: posting its uid and token activates the account. */
export async function activationPage(query, uid, token) {
  try {
    await api("/auth/users/activation/", { method: "POST", body: { uid, token } });
  } catch (error) {
    return h(
      "section",
      { class: "narrow" },
      h("h1", {}, "This link did not work"),
      h("p", { role: "alert", class: "message error" }, error.message),
      h(
        "p",
        {},
        "A link works once: if you followed it before, ",
        h("a", { href: "/sign-in" }, "sign in"),
        ".",
      ),
    );
  }
  return h(
    "section",
    { class: "narrow" },
    h("h1", {}, "Account activated"),
    h("p", { role: "status", class: "message" }, "Your account is active."),
    h("p", {}, h("a", { href: "/sign-in", class: "button" }, "Sign in")),
  );
}
