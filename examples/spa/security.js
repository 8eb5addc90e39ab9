/* The Security page: two-factor sign-in with an authenticator app, and its recovery codes. */
import { api, currentUser } from "./api.js";
import { signInHref } from "./router.js";
import { field, h, messageArea, onSubmit, plural } from "./ui.js";
import qrcode from "./vendor/qrcode-generator.js";

export async function securityPage() {
  if (!currentUser()) {
    return h(
      "section",
      { class: "narrow" },
      h("h1", {}, "Security"),
      h("p", {}, h("a", { href: signInHref() }, "Sign in"), " to manage two-factor sign-in."),
    );
  }
  const section = h("section", { class: "narrow" });
  const show = async () =>
    section.replaceChildren(h("h1", {}, "Security"), ...(await panel(show)).filter(Boolean));
  await show();
  return section;
}

async function panel(show) {
  const status = await api("/auth/mfa/");
  if (!status.enabled) {
    return [
      h("h2", {}, "Two-factor sign-in is off"),
      status.required
        ? h("p", { role: "alert", class: "message error" }, "Staff must turn it on before anything else.")
        : null,
      h("p", {}, "With it on, signing in takes a code from an authenticator app as well as your password."),
      passwordForm("Turn on two-factor sign-in", async (current_password, form) => {
        const enrolment = await api("/auth/mfa/totp/", { method: "POST", body: { current_password } });
        form.replaceWith(confirmation(enrolment));
      }),
    ];
  }
  return [
    h("h2", {}, "Two-factor sign-in is on"),
    h("p", { "data-testid": "recovery-codes-left" }, `${plural(status.recovery_codes_left, "recovery code")} left.`),
    h("h3", {}, "New recovery codes"),
    h("p", {}, "The old ones stop working."),
    passwordForm("Make new recovery codes", async (current_password, form) => {
      const { recovery_codes } = await api("/auth/mfa/recovery-codes/", {
        method: "POST",
        body: { current_password },
      });
      form.replaceWith(recoveryCodes(recovery_codes, show));
    }),
    h("h3", {}, "Turn it off"),
    removalForm(show),
  ];
}

/** A form asking for the password, which `action(password, form)` uses. */
function passwordForm(label, action) {
  const message = messageArea();
  const form = h(
    "form",
    { class: "card" },
    field(
      "Your password",
      h("input", { name: "current_password", type: "password", autocomplete: "current-password", required: true }),
    ),
    h("button", { type: "submit" }, label),
    message,
  );
  return onSubmit(form, message, ({ current_password }) => action(current_password, form));
}

/** The secret as a QR code drawn here, as text to type in, and the code that confirms it. */
function confirmation({ secret, otpauth_uri }) {
  const message = messageArea();
  const form = h(
    "form",
    { class: "card" },
    h("p", {}, "Scan this code with your authenticator app, or type the secret into it:"),
    qrCanvas(otpauth_uri),
    h("p", {}, "Secret: ", h("code", { "data-testid": "totp-secret" }, secret)),
    field("Code from the app", h("input", { name: "code", autocomplete: "one-time-code", required: true })),
    h("button", { type: "submit" }, "Confirm"),
    message,
  );
  return onSubmit(form, message, async ({ code }) => {
    const { recovery_codes } = await api("/auth/mfa/totp/confirm/", { method: "POST", body: { code: code.trim() } });
    form.replaceWith(recoveryCodes(recovery_codes));
  });
}

function qrCanvas(text) {
  const qr = qrcode(0, "M"); // The smallest version that fits; 15% of it may be damaged.
  qr.addData(text);
  qr.make();
  const cell = 4;
  const quiet = 4; // Modules of white around it, as scanners expect.
  const size = (qr.getModuleCount() + 2 * quiet) * cell;
  const canvas = h("canvas", { width: size, height: size, class: "qr", role: "img", "aria-label": "QR code of the secret" });
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, size, size);
  context.fillStyle = "#000";
  for (let row = 0; row < qr.getModuleCount(); row += 1) {
    for (let column = 0; column < qr.getModuleCount(); column += 1) {
      if (qr.isDark(row, column)) context.fillRect((column + quiet) * cell, (row + quiet) * cell, cell, cell);
    }
  }
  return canvas;
}

/** The recovery codes, shown this once. */
function recoveryCodes(codes, show) {
  return h(
    "div",
    { class: "card" },
    h("p", { role: "status", class: "message" }, "Save these recovery codes: each signs in once instead of a code, and they are shown only now."),
    h("ul", { class: "recovery-codes", "data-testid": "recovery-codes" }, codes.map((code) => h("li", {}, h("code", {}, code)))),
    show ? h("button", { type: "button", onclick: show }, "Done") : h("a", { href: "/security", class: "button" }, "Done"),
  );
}

function removalForm(show) {
  const message = messageArea();
  const form = h(
    "form",
    { class: "card" },
    field(
      "Your password",
      h("input", { name: "current_password", type: "password", autocomplete: "current-password", required: true }),
    ),
    field("Code from the app, or a recovery code", h("input", { name: "code", autocomplete: "one-time-code", required: true })),
    h("button", { type: "submit", class: "danger" }, "Turn off two-factor sign-in"),
    message,
  );
  return onSubmit(form, message, async ({ current_password, code }) => {
    await api("/auth/mfa/totp/", { method: "DELETE", body: { current_password, code: code.trim() } });
    await show();
  });
}
