/* Whether this browser may hold a refresh cookie: a hint, never a credential.
 *
 * A page load restores the session by asking the API to refresh, with the HttpOnly cookie no
 * script can see. Without a cookie the API answers 401, which the browser logs as an error on
 * every anonymous visit. So a flag in localStorage (not a token: it grants nothing) says that a
 * sign-in happened here and no sign-out since, and only then does a page load ask. Were the flag
 * stale (the session ended elsewhere), that one refresh is refused and the flag goes.
 */
const KEY = "blog.may-have-session";

export const mayBeSignedIn = () => localStorage.getItem(KEY) === "1";

export const noteSignedIn = () => localStorage.setItem(KEY, "1");

export const noteSignedOut = () => localStorage.removeItem(KEY);
