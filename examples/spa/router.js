/* Client-side routes: the address bar changes, the page does not reload. */

/** Shows `path` (e.g. "/posts/hello") as if the user had followed a link to it. */
export function navigate(path, { replace = false } = {}) {
  history[replace ? "replaceState" : "pushState"](null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** A path of ours to return to after signing in; anything else goes home. */
export function safeNext(path) {
  return /^\/(?![/\\])/.test(path ?? "") ? path : "/";
}

/** Where the sign-in link of the current page leads: back here afterwards. */
export const signInHref = () =>
  `/sign-in?${new URLSearchParams({ next: location.pathname + location.search })}`;
