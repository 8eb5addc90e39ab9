/* Tags: the chips of a post, each a link to the posts with that tag.
 *
 * A post names its tags, while the post list filters by a tag's slug, which the API makes (and
 * keeps unique) and a client cannot work out from the name. So a chip links to /tagged/{name},
 * which finds the tag's slug and shows the list filtered by it in its place.
 */
import { api } from "./api.js";
import { navigate } from "./router.js";
import { h } from "./ui.js";

// The API searches by at most 10 words (the terms of a name), each found within the name.
const MAX_SEARCH_TERMS = 10;

export const tagList = (names) =>
  names.length
    ? h(
        "ul",
        { class: "tags", "aria-label": "Tags" },
        names.map((name) => h("li", {}, h("a", { href: `/tagged/${encodeURIComponent(name)}` }, name))),
      )
    : null;

/** /tagged/{name}: the list of the tag's posts, at its own address (/?tag=slug). */
export async function taggedPage(query, name) {
  const terms = name
    .split(/[\s,]+/)
    .slice(0, MAX_SEARCH_TERMS)
    .join(" ");
  const found = await api(`/tags/?${new URLSearchParams({ search: terms, page_size: 100 })}`);
  const tag = found.results.find((each) => each.name === name);
  if (!tag) {
    return h(
      "section",
      {},
      h("h1", {}, "Tag not found"),
      h("p", {}, `No post you can see has the tag “${name}”.`),
      h("p", {}, h("a", { href: "/" }, "Back to the posts")),
    );
  }
  navigate(`/?${new URLSearchParams({ tag: tag.slug })}`, { replace: true });
  return h("p", { class: "loading" }, "Loading…");
}
