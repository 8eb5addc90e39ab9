/* The pages of posts: the list, one post with its comments and likes, and the editor. */
import { api, currentUser } from "./api.js";
import { deleteCommentButton, deletePostButton } from "./deleting.js";
import { notFoundAs } from "./errors.js";
import { navigate, signInHref } from "./router.js";
import { tagList } from "./tags.js";
import { field, formatDate, h, messageArea, onSubmit, plural } from "./ui.js";

const PAGE_SIZE = 5;

let categories = null;

/** The categories' names by slug (posts name theirs by slug), fetched once per page load. */
function categoryNames() {
  categories ??= api("/categories/?page_size=100")
    .then((page) => new Map(page.results.map((category) => [category.slug, category.name])))
    .catch((error) => {
      categories = null;
      throw error;
    });
  return categories;
}

/**
 * The home page: published posts (and your drafts), newest first, filtered by a tag. "More posts"
 * adds the next page below, by cursor: each page's `next` link carries the cursor of the one
 * after it, and posts written meanwhile neither repeat nor push any out of the walk.
 */
export async function postListPage(query) {
  const tag = query.get("tag") ?? "";
  const listQuery = new URLSearchParams({
    pagination: "cursor",
    page_size: PAGE_SIZE,
    ...(tag && { tag }),
  });
  const [posts, tags, names] = await Promise.all([
    api(`/posts/?${listQuery}`),
    api("/tags/?has_posts=true&page_size=100"), // A tag on no published post would list nothing.
    categoryNames(),
  ]);
  const tagName = tags.results.find((each) => each.slug === tag)?.name ?? tag;

  const tagFilter = h(
    "select",
    {
      name: "tag",
      onchange: ({ target }) =>
        navigate(target.value ? `/?${new URLSearchParams({ tag: target.value })}` : "/"),
    },
    h("option", { value: "" }, "All tags"),
    tags.results.map((each) =>
      h("option", { value: each.slug, selected: each.slug === tag }, `${each.name} (${each.post_count})`),
    ),
    // A tag of the user's drafts only: not offered, yet shown as the filter in force.
    tag &&
      !tags.results.some((each) => each.slug === tag) &&
      h("option", { value: tag, selected: true }, tag),
  );
  const list = h(
    "ol",
    { class: "posts" },
    posts.results.map((post) => postCard(post, names)),
  );
  const shown = h("span", { class: "page-number" });
  const message = messageArea();
  const more = h("button", { type: "button", class: "secondary" }, "More posts");
  let next = posts.next;
  const update = () => {
    shown.textContent = `${list.children.length} of ${plural(posts.count, "post")}`;
    more.hidden = next === null;
  };
  more.addEventListener("click", async () => {
    more.disabled = true;
    message.show("");
    try {
      const cursor = new URL(next).searchParams.get("cursor");
      const page = await api(`/posts/?${new URLSearchParams({ ...Object.fromEntries(listQuery), cursor })}`);
      list.append(...page.results.map((post) => postCard(post, names)));
      next = page.next;
      update();
    } catch (error) {
      message.error(error.message);
    } finally {
      more.disabled = false;
    }
  });
  update();
  return h(
    "section",
    { class: "post-list" },
    h(
      "div",
      { class: "toolbar" },
      h("h1", {}, tag ? `Posts tagged “${tagName}”` : "Latest posts"),
      field("Filter by tag", tagFilter),
    ),
    posts.results.length ? list : h("p", { class: "empty" }, "No posts here yet."),
    h("nav", { class: "pager", "aria-label": "More posts" }, shown, more),
    message,
  );
}

function postCard(post, names) {
  const excerpt = post.body.length > 180 ? `${post.body.slice(0, 180).trimEnd()}…` : post.body;
  return h(
    "li",
    { class: "post-card" },
    h("h2", {}, h("a", { href: `/posts/${post.slug}` }, post.title)),
    byline(post, names),
    h("p", { class: "excerpt" }, excerpt),
    tagList(post.tags),
    h(
      "p",
      { class: "counts" },
      `${plural(post.like_count, "like")} · ${plural(post.comment_count, "comment")}`,
    ),
  );
}

function byline(post, names) {
  return h(
    "p",
    { class: "meta" },
    post.status === "draft" && h("span", { class: "badge" }, "Draft"),
    `by ${post.author.username}`,
    post.published_at && ` · ${formatDate(post.published_at)}`,
    post.category && ` · in ${names.get(post.category) ?? post.category}`,
  );
}

const postNotFound = notFoundAs(
  "Post not found",
  "This post does not exist, or no longer: its author may have deleted it.",
);

/** One post, its likes and its comments. */
export async function postPage(query, slug) {
  const [post, comments, names] = await Promise.all([
    api(`/posts/${slug}/`),
    api(`/posts/${slug}/comments/?page_size=100`),
    categoryNames(),
  ]).catch(postNotFound);
  const isAuthor = currentUser()?.username === post.author.username;
  return h(
    "article",
    { class: "post" },
    h("h1", {}, post.title),
    byline(post, names),
    isAuthor &&
      h(
        "p",
        { class: "actions" },
        h("a", { href: `/posts/${slug}/edit`, class: "button secondary" }, "Edit"),
        deletePostButton(post),
      ),
    h(
      "div",
      { class: "body" },
      post.body.split(/\n\s*\n/).map((paragraph) => h("p", {}, paragraph)),
    ),
    tagList(post.tags),
    likes(post),
    commentSection(post, comments),
  );
}

function likes(post) {
  const count = h("span", { class: "like-count" }, plural(post.like_count, "like"));
  if (!currentUser()) {
    return h("p", { class: "likes" }, count, " · ", h("a", { href: signInHref() }, "Sign in to like it"));
  }
  const message = messageArea();
  const button = h("button", { type: "button", class: "like" });
  const show = ({ liked, like_count }) => {
    button.textContent = liked ? "Unlike" : "Like";
    button.setAttribute("aria-pressed", String(liked));
    count.textContent = plural(like_count, "like");
  };
  let { liked } = post;
  button.addEventListener("click", async () => {
    button.disabled = true;
    message.show("");
    try {
      const path = `/posts/${post.slug}/like/`;
      let answer; // {liked, like_count}
      if (liked) {
        await api(path, { method: "DELETE" }); // 204: the count comes from the post.
        answer = await api(`/posts/${post.slug}/`);
      } else {
        answer = await api(path, { method: "POST" });
      }
      ({ liked } = answer);
      show(answer);
    } catch (error) {
      message.error(error.message);
    } finally {
      button.disabled = false;
    }
  });
  show(post);
  return h("div", { class: "likes" }, button, " ", count, message);
}

function commentSection(post, comments) {
  let total = comments.count;
  const heading = h("h2", {}, plural(total, "comment"));
  // The comment's author may delete it, and so may the post's author, on their post.
  const mayDelete = (comment) =>
    [comment.author.username, post.author.username].includes(currentUser()?.username);
  const commentItem = (comment) => {
    const item = h(
      "li",
      { class: "comment" },
      h("p", { class: "meta" }, `${comment.author.username} · ${formatDate(comment.created_at)}`),
      h("p", {}, comment.body),
      mayDelete(comment) &&
        deleteCommentButton(post, comment, () => {
          item.remove();
          heading.textContent = plural(--total, "comment");
        }),
    );
    return item;
  };
  const list = h("ol", { class: "comments" }, comments.results.map(commentItem));
  let form;
  if (currentUser()) {
    const message = messageArea();
    form = h(
      "form",
      { class: "comment-form" },
      field("Your comment", h("textarea", { name: "body", rows: 3, required: true })),
      h("button", { type: "submit" }, "Comment"),
      message,
    );
    onSubmit(form, message, async ({ body }) => {
      list.append(
        commentItem(await api(`/posts/${post.slug}/comments/`, { method: "POST", body: { body } })),
      );
      heading.textContent = plural(++total, "comment");
      form.reset();
    });
  } else {
    form = h("p", {}, h("a", { href: signInHref() }, "Sign in"), " to comment.");
  }
  return h("section", { class: "comment-section", "aria-label": "Comments" }, heading, list, form);
}

export const newPostPage = () => editor(null);

export async function editPostPage(query, slug) {
  const post = await api(`/posts/${slug}/`).catch(postNotFound);
  if (currentUser()?.username !== post.author.username) {
    return h(
      "section",
      {},
      h("h1", {}, "Edit the post"),
      h("p", { role: "alert", class: "message error" }, "Only its author can edit this post."),
    );
  }
  return editor(post);
}

async function editor(post) {
  const title = post ? "Edit the post" : "Write a post";
  if (!currentUser()) {
    return h(
      "section",
      {},
      h("h1", {}, title),
      h("p", {}, h("a", { href: signInHref() }, "Sign in"), " to write a post."),
    );
  }
  const names = await categoryNames();
  const message = messageArea();
  const form = h(
    "form",
    { class: "editor" },
    field("Title", h("input", { name: "title", required: true, maxlength: 200, value: post?.title })),
    field("Body", h("textarea", { name: "body", rows: 10, required: true }, post?.body ?? "")),
    field(
      "Category",
      h(
        "select",
        { name: "category" },
        h("option", { value: "" }, "No category"),
        [...names].map(([slug, name]) =>
          h("option", { value: slug, selected: post?.category === slug }, name),
        ),
      ),
    ),
    field(
      "Tags",
      h("input", { name: "tags", placeholder: "comma-separated, at most 5", value: post?.tags.join(", ") }),
    ),
    h(
      "label",
      { class: "check" },
      h("input", { type: "checkbox", name: "published", checked: post ? post.status === "published" : true }),
      " Published (untick to keep it a draft)",
    ),
    h("button", { type: "submit" }, post ? "Save changes" : "Save the post"),
    message,
  );
  onSubmit(form, message, async (values) => {
    const body = {
      title: values.title,
      body: values.body,
      category: values.category || null,
      tags: values.tags
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
      status: values.published ? "published" : "draft",
    };
    const saved = post
      ? await api(`/posts/${post.slug}/`, { method: "PATCH", body })
      : await api("/posts/", { method: "POST", body });
    navigate(`/posts/${saved.slug}`);
  });
  return h("section", {}, h("h1", {}, title), form);
}
