// Published stories, newest first, a page at a time (the cursor is in the address).
import { api, call } from '../api/client';
import { byId, el, formatDate, pageLang, param, sitePath, t } from './dom';
import { showEmpty, withStates } from './status';

const lang = pageLang();
const words = t();
const cursor = param('cursor') ?? undefined;
const region = byId('stories');

void withStates(region, async () => {
  // Revalidated (ETag, so usually a 304): the API lets browsers keep the list 60 s, but a
  // person who has just withdrawn or approved a story must not see the old list.
  const list = await call(api.GET('/v1/stories', {
    params: { query: { lang, ...(cursor ? { cursor } : {}) } },
    cache: 'no-cache',
  }));
  if (!list.stories.length) {
    showEmpty(region, words.noStories);
    return;
  }
  region.replaceChildren(
    el('ul', { class: 'cards stories' }, ...list.stories.map((story) =>
      el('li', { class: 'card' },
        el('h2', {}, el('a', { href: `${sitePath('/stories/story/')}?id=${encodeURIComponent(story.id)}` }, story.title)),
        el('p', { class: 'meta' }, `${words.published} ${formatDate(story.published_at)}`,
          story.display_name ? ` · ${words.sharedBy} ${story.display_name}` : ''),
        el('p', {}, story.body.length > 240 ? `${story.body.slice(0, 240)}…` : story.body)))),
    ...(list.next_cursor
      ? [el('p', { class: 'pager' }, el('a', { rel: 'next', href: `${sitePath('/stories/')}?cursor=${encodeURIComponent(list.next_cursor)}` }, words.moreStories))]
      : []),
  );
});
