/* The API client and the session.
 *
 * The session uses the API's cookie mode (README, "Authentication for SPAs"): the access token
 * lives in this module's memory only, never in storage; the refresh token is an HttpOnly cookie
 * that only the three JWT endpoints see, and only when we send `X-Auth-Cookie: 1`. An access
 * token that has expired is refreshed once and the call retried, so the user never notices.
 * A page load refreshes only if this browser may hold a refresh cookie (session-hint.js).
 */
import { API_BASE } from "./config.js";
import { describe } from "./errors.js";
import { noteSignedIn, noteSignedOut } from "./session-hint.js";

let accessToken = null;
let user = null;
let refreshing = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, data) {
    super(describe(data) || `The API answered ${status}.`);
    this.status = status;
    this.data = data;
  }
}

// The access token's payload carries `user_id` and `username` (base64url, UTF-8).
function userOf(token) {
  const base64 = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  const payload = JSON.parse(new TextDecoder().decode(bytes));
  return { id: payload.user_id, username: payload.username };
}

function setAccessToken(token) {
  accessToken = token;
  if (token) noteSignedIn();
  const previous = user?.username;
  user = token ? userOf(token) : null;
  if (user?.username !== previous) listeners.forEach((listener) => listener(user));
}

/** The signed-in user ({id, username}), or null. */
export const currentUser = () => user;

/** `listener(user)` runs whenever someone signs in or the session ends. */
export const onSessionChange = (listener) => listeners.add(listener);

function send(path, { method = "GET", body, token = null, cookie = false } = {}) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  if (cookie) headers["X-Auth-Cookie"] = "1";
  return fetch(API_BASE + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    // Cookies go to the JWT endpoints only. Elsewhere they are useless (the refresh cookie's
    // path is /api/v1/auth/jwt/) and harmful: a browsable-API session cookie would make the API
    // demand a CSRF token.
    credentials: cookie ? "include" : "omit",
  });
}

async function parse(response) {
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** Calls the API as the signed-in user (or anonymously) and answers the parsed JSON. */
export async function api(path, options = {}) {
  const token = accessToken;
  let response = await send(path, { ...options, token });
  if (response.status === 401 && token) {
    // The access token expired (or was revoked). Unless another call refreshed it meanwhile,
    // refresh now; then retry once, anonymously if the session has ended.
    if (accessToken === token) await refreshSession();
    response = await send(path, { ...options, token: accessToken });
  }
  return parse(response);
}

/**
 * Exchanges the refresh cookie for a new access token (and a new cookie). Calls made at the same
 * time share one refresh: the API retires a refresh token once used, so a second refresh with
 * the same cookie would be refused and end the session.
 */
export function refreshSession() {
  refreshing ??= send("/auth/jwt/refresh/", { method: "POST", cookie: true })
    .then(async (response) => {
      if (response.status === 401) noteSignedOut(); // No cookie, or a refused one: none to retry.
      setAccessToken(response.ok ? (await response.json()).access : null);
    })
    .catch(() => setAccessToken(null))
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * Signs in with a username or e-mail address; the refresh token arrives as the cookie. For an
 * account with two-factor sign-in the password gets no token: this answers the challenge to
 * send back with a code (`signInWithCode`), and null once signed in.
 */
export async function signIn(username, password) {
  return finishSignIn(
    await send("/auth/jwt/create/", { method: "POST", body: { username, password }, cookie: true }),
  );
}

/** The second step: the challenge the password answered, and a code of the app or a recovery code. */
export async function signInWithCode(challenge, code) {
  return finishSignIn(
    await send("/auth/jwt/create/", { method: "POST", body: { challenge, code }, cookie: true }),
  );
}

async function finishSignIn(response) {
  if (response.status === 401) {
    const data = await response.clone().json().catch(() => null);
    if (data?.code === "second_factor_required") return data.challenge;
  }
  setAccessToken((await parse(response)).access);
  return null;
}

/** Logs out: the API retires the refresh token and deletes its cookie. */
export async function signOut() {
  try {
    await send("/auth/jwt/blacklist/", { method: "POST", cookie: true });
  } finally {
    forgetSession();
  }
}

/** Forgets the session here, without asking the API: for when the API has already ended it. */
export function forgetSession() {
  noteSignedOut();
  setAccessToken(null);
}
