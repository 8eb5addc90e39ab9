/* The Sessions page: every login of yours (this browser and others, apps, API tokens), each of
 * which you can end at once (GET and DELETE /auth/sessions/, README "Your sessions"). */
import { api, currentUser, signOut } from "./api.js";
import { navigate, signInHref } from "./router.js";
import { h, messageArea } from "./ui.js";

const KINDS = { jwt: "Sign-in", browser: "Browser session", token: "API token", legacy: "Legacy JWT" };

const formatTime = (iso) =>
  iso
    ? new Date(iso).toLocaleString("en-GB", {
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      })
    : "Never";

export async function sessionsPage() {
  if (!currentUser()) {
    return h(
      "section",
      { class: "narrow" },
      h("h1", {}, "Sessions"),
      h("p", {}, h("a", { href: signInHref() }, "Sign in"), " to see where you are signed in."),
    );
  }
  const message = messageArea();
  // Nobody has more than a hundred live logins but a script run amok: the first hundred show.
  const sessions = await api("/auth/sessions/?page_size=100");
  const rows = sessions.results.map((session) => sessionRow(session, message));
  return h(
    "section",
    {},
    h("h1", {}, "Sessions"),
    h("p", {}, "Where you are signed in. End any session you do not recognise: it is signed out at once."),
    message,
    h(
      "table",
      { class: "sessions" },
      h(
        "thead",
        {},
        h("tr", {}, ...["Kind", "Client", "IP", "Started", "Last used", ""].map((title) => h("th", {}, title))),
      ),
      h("tbody", {}, rows),
    ),
  );
}

function sessionRow(session, message) {
  const kind = [KINDS[session.kind] ?? session.kind, session.name && ` “${session.name}”`];
  const end = h(
    "button",
    { type: "button", class: "secondary", onclick: () => endSession(session, row, end, message) },
    session.current ? "End (signs you out)" : "End",
  );
  const row = h(
    "tr",
    { class: session.current ? "current" : null },
    h("td", {}, kind, session.current && h("strong", { class: "badge" }, "This session")),
    h("td", {}, session.client || "Unknown client"),
    h("td", {}, session.ip ?? "—"),
    h("td", {}, formatTime(session.started_at)),
    h("td", {}, formatTime(session.last_used_at)),
    h("td", {}, end),
  );
  return row;
}

async function endSession(session, row, button, message) {
  button.disabled = true;
  try {
    await api(`/auth/sessions/${session.id}/`, { method: "DELETE" });
  } catch (error) {
    button.disabled = false;
    message.error(error.message);
    return;
  }
  if (session.current) {
    await signOut(); // Its refresh cookie no longer works: forget it, and the access token.
    navigate("/sign-in");
    return;
  }
  row.remove();
  message.show("Session ended: it is signed out.");
}
