/* The account pages: sign in, register, and the activation link of the e-mail. */
import { api, signIn, signInWithCode } from "./api.js";
import { isBadLink } from "./errors.js";
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
    h(
      "p",
      { class: "form-links" },
      h("a", { href: "/forgot-password" }, "Forgot password?"),
      h("a", { href: "/forgot-username" }, "Forgot username?"),
    ),
  );
  // The API answers a wrong password and an account not activated yet alike (so that no one
  // learns which accounts exist): a new account's likeliest reason is told, with its remedy.
  const notActivated = h(
    "p",
    { class: "hint", hidden: true },
    "Registered recently? An account signs in once activated from the link we e-mailed. ",
    h("a", { href: "/resend-activation" }, "Send me a new activation link"),
  );
  const done = () => navigate(safeNext(query.get("next")));
  onSubmit(form, message, async ({ username, password }) => {
    let challenge;
    try {
      challenge = await signIn(username, password);
    } catch (error) {
      if (error.status === 401) {
        const resend = notActivated.querySelector("a");
        resend.href = username.includes("@")
          ? `/resend-activation?${new URLSearchParams({ email: username })}`
          : "/resend-activation";
        notActivated.hidden = false;
        error.message = "The username or e-mail and the password do not match an active account.";
      }
      throw error;
    }
    if (challenge) form.replaceWith(codeForm(challenge, done));
    else done();
  });
  return h(
    "section",
    { class: "narrow" },
    h("h1", {}, "Sign in"),
    form,
    notActivated,
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
    return activationFailedPage(error);
  }
  return h(
    "section",
    { class: "narrow" },
    h("h1", {}, "Account activated"),
    h("p", { role: "status", class: "message" }, "Your account is active."),
    h("p", {}, h("a", { href: "/sign-in", class: "button" }, "Sign in")),
  );
}

/** The link followed again (403 from the API: the account is active), or one that is no more. */
function activationFailedPage(error) {
  const signInLink = h("p", {}, h("a", { href: "/sign-in", class: "button" }, "Sign in"));
  if (error.status === 403) {
    return h(
      "section",
      { class: "narrow" },
      h("h1", {}, "Already activated"),
      h("p", { role: "status", class: "message" }, "This account is active already: sign in."),
      signInLink,
    );
  }
  return h(
    "section",
    { class: "narrow" },
    h("h1", {}, "This link did not work"),
    h(
      "p",
      { role: "alert", class: "message error" },
      isBadLink(error)
        ? "This activation link has expired or was already used. If your account is active, " +
            "sign in; if not, ask for a new link."
        : error.message,
    ),
    signInLink,
    h("p", {}, h("a", { href: "/resend-activation" }, "Send me a new activation link")),
  );
}
