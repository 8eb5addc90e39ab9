/* The example SPA's entry point: the routes, the header, and the session restored on load. */
import { activationPage, registerPage, signInPage } from "./account.js";
import { currentUser, onSessionChange, refreshSession, signOut } from "./api.js";
import { editPostPage, newPostPage, postListPage, postPage } from "./posts.js";
import {
  forgotPasswordPage,
  forgotUsernamePage,
  resendActivationPage,
  resetPasswordPage,
  resetUsernamePage,
} from "./recovery.js";
import { navigate } from "./router.js";
import { sessionsPage } from "./sessions.js";
import { securityPage } from "./security.js";
import { mayBeSignedIn } from "./session-hint.js";
import { taggedPage } from "./tags.js";
import { h } from "./ui.js";

// Each page is `async (query, ...pathParameters) => element`.
const routes = [
  [/^\/$/, postListPage],
  [/^\/write$/, newPostPage],
  [/^\/posts\/([^/]+)$/, postPage],
  [/^\/posts\/([^/]+)\/edit$/, editPostPage],
  [/^\/sign-in$/, signInPage],
  [/^\/register$/, registerPage],
  [/^\/sessions$/, sessionsPage],
  [/^\/security$/, securityPage],
  // The link of the activation e-mail: FRONTEND_URL/activate/{uid}/{token}.
  [/^\/activate\/([^/]+)\/([^/]+)$/, activationPage],
  [/^\/resend-activation$/, resendActivationPage],
  [/^\/forgot-password$/, forgotPasswordPage],
  // The link of the password reset e-mail: FRONTEND_URL/reset-password/{uid}/{token}.
  [/^\/reset-password\/([^/]+)\/([^/]+)$/, resetPasswordPage],
  [/^\/forgot-username$/, forgotUsernamePage],
  // The link of the username reset e-mail: FRONTEND_URL/reset-username/{uid}/{token}.
  [/^\/reset-username\/([^/]+)\/([^/]+)$/, resetUsernamePage],
  [/^\/tagged\/([^/]+)$/, taggedPage],
];

const main = document.querySelector("main");
let latestRender = 0;

async function render() {
  const thisRender = ++latestRender;
  const { pathname, searchParams } = new URL(location.href);
  const [pattern, page] = routes.find(([route]) => route.test(pathname)) ?? [null, notFoundPage];
  const parameters = pattern ? pathname.match(pattern).slice(1).map(decodeURIComponent) : [];
  main.setAttribute("aria-busy", "true");
  let content;
  try {
    content = await page(searchParams, ...parameters);
  } catch (error) {
    content = errorPage(error);
  }
  if (thisRender !== latestRender) return; // The user went elsewhere meanwhile.
  main.replaceChildren(content);
  main.removeAttribute("aria-busy");
  window.scrollTo(0, 0);
}

function notFoundPage() {
  return h(
    "section",
    {},
    h("h1", {}, "Page not found"),
    h("p", {}, h("a", { href: "/" }, "Back to the posts")),
  );
}

function errorPage(error) {
  // A page names what it did not find (errors.js, notFoundAs); else the API's words.
  const title = error.title ?? (error.status === 404 ? "Not found" : "Something went wrong");
  return h(
    "section",
    {},
    h("h1", {}, title),
    h("p", { role: "alert", class: "message error" }, error.message),
    h("p", {}, h("a", { href: "/" }, "Back to the posts")),
  );
}

function renderHeader(user) {
  const session = document.querySelector("#session");
  session.replaceChildren(
    ...(user
      ? [
          h("a", { href: "/write" }, "Write a post"),
          h("a", { href: "/security" }, "Security"),
          h("span", { class: "who" }, "Signed in as ", h("strong", {}, user.username)),
          h("a", { href: "/sessions" }, "Sessions"),
          h("button", { type: "button", class: "secondary", onclick: logOut }, "Log out"),
        ]
      : [
          h("a", { href: "/sign-in" }, "Sign in"),
          h("a", { href: "/register", class: "button" }, "Register"),
        ]),
  );
}

async function logOut() {
  await signOut();
  navigate("/");
}

// Links to our own paths change the page without reloading it.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href^='/']");
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", render);
onSessionChange(renderHeader);

// The access token was in memory only: a page load asks the refresh cookie for a new one, if
// this browser may have one (an anonymous visitor's first load would only get a 401).
if (mayBeSignedIn()) await refreshSession();
renderHeader(currentUser());
render();
