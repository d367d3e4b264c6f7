// One published story: its text as plain paragraphs (stories are never HTML).
import { api, call } from '../api/client';
import { byId, el, formatDate, param, t } from './dom';
import { withStates } from './status';

const words = t();
const id = param('id') ?? '';

void withStates(byId('story'), async () => {
  // Revalidated, as the list is: a withdrawn story must disappear at once.
  const story = await call(api.GET('/v1/stories/{id}', { params: { path: { id } }, cache: 'no-cache' }));
  byId('story-title').textContent = story.title;
  document.title = `${story.title} · ${words.storiesTitle}`;
  byId('story').replaceChildren(
    el('p', { class: 'meta' }, `${words.published} ${formatDate(story.published_at)}`,
      story.display_name ? ` · ${words.sharedBy} ${story.display_name}` : ''),
    ...story.body.split(/\n{2,}/).map((paragraph) => el('p', {}, paragraph)),
  );
});
