// Walks the API's main flows with openapi-fetch and the types openapi-typescript generated from
// docs/openapi.yaml (generated/schema.d.ts, untouched), as an SPA team would call the API.
//
//     node walk.js API_URL MAILBOX
//
// Checked by `tsc` with `strict` (clients/run.sh). API_URL is the server's origin; MAILBOX the
// folder where its file e-mail backend writes, for the activation link. Each step prints one
// line; a wrong answer stops the walk with an error.
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./generated/schema";

type Post = components["schemas"]["Post"];

const [apiUrl, mailbox] = process.argv.slice(2);
const COOKIE_MODE = { "X-Auth-Cookie": "1" };

function step(text: string): void {
  console.log(`typescript client: ${text}`);
}

function activationLink(address: string): { uid: string; token: string } {
  const files = readdirSync(mailbox)
    .filter((name) => name.endsWith(".log"))
    .map((name) => join(mailbox, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const file of files) {
    const messages = readFileSync(file, "utf8").split(`\n${"-".repeat(79)}\n`).reverse();
    for (const message of messages) {
      const found = /\/activate\/([^/\s]+)\/([^/\s]+)/.exec(message);
      if (message.includes(`To: ${address}`) && found) {
        return { uid: found[1], token: found[2] };
      }
    }
  }
  throw new Error(`no activation e-mail to ${address}`);
}

/** The `refresh_token` cookie a cookie-mode answer sets, as a Cookie header sends it back. */
function refreshCookie(response: Response): string {
  const cookie = /refresh_token=[^;]*/.exec(response.headers.get("set-cookie") ?? "");
  assert.ok(cookie, "no refresh_token cookie");
  return cookie[0];
}

type Ordering = NonNullable<paths["/api/v1/posts/"]["get"]["parameters"]["query"]>["ordering"];

// The slugs of every post, a page of one at a time, each page from the last one's cursor.
async function walkByCursor(client: Client<paths>, ordering: Ordering): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await client.GET("/api/v1/posts/", {
      params: { query: { ordering, page_size: 1, pagination: "cursor", cursor } },
    });
    assert.ok(page.data, JSON.stringify(page.error));
    slugs.push(...page.data.results.map((p) => p.slug));
    if (page.data.next === null) {
      return slugs;
    }
    cursor = new URL(page.data.next).searchParams.get("cursor") ?? undefined;
  }
}

async function main(): Promise<void> {
  const anonymous = createClient<paths>({ baseUrl: apiUrl });
  const name = `walker${randomUUID().slice(0, 8)}`;
  const address = `${name}@example.com`;
  const password = "a-long-walking-secret-42";

  const created = await anonymous.POST("/api/v1/auth/users/", {
    body: { username: name, email: address, password, bio: "I walk." },
  });
  assert.ok(created.data, JSON.stringify(created.error));
  assert.equal(created.data.username, name);
  step(`registered ${name}`);

  const refused = await anonymous.POST("/api/v1/auth/jwt/create/", {
    body: { username: name, password },
  });
  assert.equal(refused.response.status, 401);
  step(`signing in before activation is 401: ${refused.error?.detail}`);

  const activated = await anonymous.POST("/api/v1/auth/users/activation/", {
    body: activationLink(address),
  });
  assert.equal(activated.response.status, 204);
  step("activated the account with the e-mailed link");

  const pair = await anonymous.POST("/api/v1/auth/jwt/create/", {
    body: { username: address, password },
  });
  assert.ok(pair.data?.refresh, JSON.stringify(pair.error));
  const refresh: string = pair.data.refresh;
  const me = createClient<paths>({
    baseUrl: apiUrl,
    headers: { Authorization: `Bearer ${pair.data.access}` },
  });
  step("signed in by e-mail address: an access and a refresh token");

  const account = await me.GET("/api/v1/auth/users/me/");
  assert.ok(account.data, JSON.stringify(account.error));
  assert.equal(account.data.email, address);
  const edited = await me.PATCH("/api/v1/auth/users/me/", { body: { bio: "I walk far." } });
  assert.equal(edited.data?.bio, "I walk far.");
  step("read and edited users/me");

  const categories = await anonymous.GET("/api/v1/categories/");
  const tags = await anonymous.GET("/api/v1/tags/");
  const authors = await anonymous.GET("/api/v1/authors/", { params: { query: { search: "bob" } } });
  assert.ok(categories.data && tags.data && authors.data);
  const category = categories.data.results[0];
  const author = await anonymous.GET("/api/v1/authors/{username}/", {
    params: { path: { username: authors.data.results[0].username } },
  });
  assert.ok(author.data, JSON.stringify(author.error));
  step(
    `${categories.data.count} categories (${category.slug}: ${category.post_count} posts, ` +
      `description "${category.description}"), ${tags.data.count} tags, ` +
      `author ${author.data.username} with ${author.data.post_count} posts`,
  );

  const written = await me.POST("/api/v1/posts/", {
    body: {
      title: "Walking with openapi-fetch",
      body: "Every call typed.",
      status: "published",
      category: category.slug,
      tags: ["Fetched", "Typed"],
    },
  });
  assert.ok(written.data, JSON.stringify(written.error));
  const post: Post = written.data;
  assert.equal(post.category, category.slug);
  assert.deepEqual(post.tags, ["Fetched", "Typed"]);
  assert.ok(post.published_at !== null);
  step(`wrote ${post.slug} in ${post.category} tagged ${post.tags.join(", ")}`);

  const draft = await me.POST("/api/v1/posts/", { body: { title: "A draft", body: "Not yet." } });
  assert.ok(draft.data, JSON.stringify(draft.error));
  assert.equal(draft.data.status, "draft");
  assert.equal(draft.data.category, null);
  const slug = draft.data.slug;
  const renamed = await me.PATCH("/api/v1/posts/{slug}/", {
    params: { path: { slug } },
    body: { title: "Renamed" },
  });
  assert.equal(renamed.data?.title, "Renamed");
  step(`wrote the draft ${slug}, then renamed it`);

  const mine = await me.GET("/api/v1/posts/", {
    params: { query: { author: name, status: "draft" } },
  });
  assert.deepEqual(
    mine.data?.results.map((p) => p.slug),
    [slug],
  );
  const hidden = await anonymous.GET("/api/v1/posts/{slug}/", { params: { path: { slug } } });
  assert.equal(hidden.response.status, 404);
  step("my drafts list holds the draft; to anyone else it is 404");

  const first = await anonymous.GET("/api/v1/posts/", {
    params: { query: { ordering: ["-like_count", "title"], page_size: 2 } },
  });
  const second = await anonymous.GET("/api/v1/posts/", {
    params: { query: { ordering: ["-like_count", "title"], page_size: 2, page: 2 } },
  });
  assert.ok(first.data && second.data, JSON.stringify(first.error ?? second.error));
  assert.equal(first.data.previous, null);
  assert.ok(first.data.next !== null && second.data.previous !== null);
  const ranked = [...first.data.results, ...second.data.results].map((p) => [-p.like_count, p.title]);
  const sorted = [...ranked].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  assert.deepEqual(ranked, sorted);
  step(`sorted by likes then title, pages of 2 of ${first.data.count}: next and previous links`);

  const numbered = await anonymous.GET("/api/v1/posts/", {
    params: { query: { ordering: ["-like_count", "title"], page_size: 100 } },
  });
  assert.ok(numbered.data, JSON.stringify(numbered.error));
  const walked = await walkByCursor(anonymous, ["-like_count", "title"]);
  assert.deepEqual(
    walked,
    numbered.data.results.map((p) => p.slug),
  );
  const deep = await anonymous.GET("/api/v1/posts/", {
    params: { query: { page: 501, page_size: 20 } },
  });
  assert.equal(deep.response.status, 400);
  assert.match(JSON.stringify(deep.error), /"page":\[".*cursor/);
  step(`walked the ${walked.length} posts by cursor, pages of 1; page 501 of 20 is a 400`);

  const tagged = await anonymous.GET("/api/v1/posts/", {
    params: { query: { tag: "fetched", category: category.slug } },
  });
  assert.deepEqual(
    tagged.data?.results.map((p) => p.slug),
    [post.slug],
  );
  step("filtered by tag and category");

  const comment = await me.POST("/api/v1/posts/{post_slug}/comments/", {
    params: { path: { post_slug: post.slug } },
    body: { body: "First!" },
  });
  assert.ok(comment.data, JSON.stringify(comment.error));
  const comments = await anonymous.GET("/api/v1/posts/{post_slug}/comments/", {
    params: { path: { post_slug: post.slug } },
  });
  assert.deepEqual(
    comments.data?.results.map((c) => [c.body, c.post]),
    [["First!", post.slug]],
  );
  step("commented, and read the comments");

  const like = { params: { path: { slug: post.slug } } };
  const liked = await me.POST("/api/v1/posts/{slug}/like/", like);
  const again = await me.POST("/api/v1/posts/{slug}/like/", like);
  assert.equal(liked.response.status, 201);
  assert.equal(again.response.status, 200);
  assert.deepEqual(again.data, { liked: true, like_count: 1 });
  const unliked = await me.DELETE("/api/v1/posts/{slug}/like/", like);
  assert.equal(unliked.response.status, 204);
  const reread = await me.GET("/api/v1/posts/{slug}/", like);
  assert.ok(reread.data);
  assert.equal(reread.data.liked, false);
  assert.equal(reread.data.comment_count, 1);
  step("liked (201, then 200), unliked (204)");

  const bad = await me.POST("/api/v1/posts/", {
    body: { title: " ", body: "x", tags: ["ok", "x".repeat(51)] },
  });
  assert.equal(bad.response.status, 400);
  assert.ok(bad.error);
  assert.deepEqual(Object.keys(bad.error).sort(), ["tags", "title"]);
  step(`400 names each field: ${Object.keys(bad.error).sort().join(", ")}`);

  const stranger = createClient<paths>({
    baseUrl: apiUrl,
    headers: { Authorization: "Bearer not-a-token" },
  });
  const unauthorized = await stranger.GET("/api/v1/auth/users/me/");
  assert.equal(unauthorized.response.status, 401);
  assert.equal(unauthorized.error?.code, "token_not_valid");
  step(`401 with a bad token: code ${unauthorized.error?.code}`);

  const forbidden = await me.POST("/api/v1/categories/", { body: { name: "Mine" } });
  assert.equal(forbidden.response.status, 403);
  step(`403 creating a category: ${forbidden.error?.detail}`);

  const missing = await anonymous.GET("/api/v1/posts/{slug}/", {
    params: { path: { slug: "no-such-post" } },
  });
  assert.equal(missing.response.status, 404);
  step(`404 for a missing post: ${missing.error?.detail}`);

  const tooLarge = await me.POST("/api/v1/posts/", {
    body: { title: "Big", body: "x".repeat(1_100_000) },
  });
  assert.equal(tooLarge.response.status, 413);
  step(`413 for a body over the limit: ${tooLarge.error?.detail}`);

  const statuses: number[] = [];
  let retryAfter = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const reset = await anonymous.POST("/api/v1/auth/users/reset_password/", {
      body: { email: address },
    });
    statuses.push(reset.response.status);
    retryAfter = reset.response.headers.get("Retry-After") ?? "";
  }
  assert.deepEqual(statuses, [204, 204, 429]);
  assert.ok(retryAfter);
  step(`429 on the third reset request: retry after ${retryAfter} s`);

  const valid = await anonymous.POST("/api/v1/auth/jwt/verify/", {
    body: { token: pair.data.access },
  });
  assert.deepEqual(valid.data, {});
  const rotated = await anonymous.POST("/api/v1/auth/jwt/refresh/", { body: { refresh } });
  assert.ok(rotated.data?.refresh, JSON.stringify(rotated.error));
  const newRefresh: string = rotated.data.refresh;
  step("verified the access token; refreshed in body mode: a new pair");

  // Cookie mode: the refresh token travels in an HttpOnly cookie. A browser keeps it; Node's
  // fetch has no cookie jar, so the program sends it back as a browser would.
  const cookieSignIn = await anonymous.POST("/api/v1/auth/jwt/create/", {
    params: { header: COOKIE_MODE },
    body: { username: name, password },
  });
  assert.ok(cookieSignIn.data && cookieSignIn.data.refresh === undefined);
  const cookieRefresh = await anonymous.POST("/api/v1/auth/jwt/refresh/", {
    params: { header: COOKIE_MODE },
    headers: { Cookie: refreshCookie(cookieSignIn.response) },
    body: {},
  });
  assert.ok(cookieRefresh.data && cookieRefresh.data.refresh === undefined);
  const cookieOut = await anonymous.POST("/api/v1/auth/jwt/blacklist/", {
    params: { header: COOKIE_MODE },
    headers: { Cookie: refreshCookie(cookieRefresh.response) },
    body: {},
  });
  assert.deepEqual(cookieOut.data, {});
  step("cookie mode: signed in, refreshed and logged out with the cookie only");

  const deleted = await me.DELETE("/api/v1/posts/{slug}/", { params: { path: { slug } } });
  assert.equal(deleted.response.status, 204);
  const gone = await me.GET("/api/v1/posts/{slug}/", { params: { path: { slug } } });
  assert.equal(gone.response.status, 404);
  step("deleted the draft: 404 afterwards");

  const loggedOut = await anonymous.POST("/api/v1/auth/jwt/blacklist/", {
    body: { refresh: newRefresh },
  });
  assert.deepEqual(loggedOut.data, {});
  const after = await anonymous.POST("/api/v1/auth/jwt/refresh/", { body: { refresh: newRefresh } });
  assert.equal(after.response.status, 401);
  const ended = await me.GET("/api/v1/auth/users/me/");
  assert.equal(ended.response.status, 401);
  step("logged out: the refresh token and the login's access token are refused (401)");

}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
