// My stories: what I shared while signed in, newest first, with where each stands; withdrawing
// one needs no code (the session says whose it is).
import { byId, el, formatDate, sitePath, t } from './dom';
import { showEmpty } from './status';
import { setBusy } from './forms';
import { myStories, withdrawMyStory, type MyStory } from './member-api';
import { loadSignedIn, memberWords, showMemberFailure } from './member-pages';

const words = memberWords();
const region = byId('my-stories');
const message = byId('my-stories-message');

function dates(story: MyStory): string {
  return [
    `${words.submittedOn} ${formatDate(story.submitted_at)}`,
    story.decided_at ? `${words.decidedOn} ${formatDate(story.decided_at)}` : '',
    story.published_at ? `${words.publishedOn} ${formatDate(story.published_at)}` : '',
  ].filter(Boolean).join(' · ');
}

function card(story: MyStory): HTMLElement {
  const title = story.title ?? t().untitled;
  const published = story.status === 'approved' && story.published_at;
  const item = el('li', { class: 'card', 'data-story': story.id, 'data-status': story.status },
    el('h2', {}, published ? el('a', { href: `${sitePath('/stories/story/')}?id=${encodeURIComponent(story.id)}` }, title) : title),
    el('p', {}, el('strong', {}, `${words.statusLabel}: `), el('span', { class: 'story-status' }, words[`mystatus_${story.status}`])),
    el('p', { class: 'meta' }, dates(story)),
    story.title === null ? el('p', { class: 'meta' }, words.withdrawnStory) : null);
  if (story.status !== 'withdrawn') {
    const button = el('button', { type: 'button', class: 'secondary', 'aria-label': words.withdrawMineLabel(title) }, words.withdrawMine);
    button.addEventListener('click', () => {
      setBusy(button, true, words.withdrawMine);
      withdrawMyStory(story.id).then(() => {
        message.replaceChildren(el('p', { class: 'success', 'data-state': 'withdrawn' }, words.withdrewMine));
        void load();
      }).catch((error: unknown) => showMemberFailure(region, error, () => void load()));
    });
    item.append(el('p', {}, button));
  }
  return item;
}

function more(list: HTMLElement, cursor: string): HTMLElement {
  const button = el('button', { type: 'button', class: 'secondary' }, words.moreMine);
  const pager = el('p', { class: 'pager' }, button);
  button.addEventListener('click', () => {
    setBusy(button, true, words.moreMine);
    myStories(cursor).then((page) => {
      const first = page.stories.map(card);
      list.append(...first);
      pager.replaceWith(...(page.next_cursor ? [more(list, page.next_cursor)] : []));
      first[0]?.querySelector('h2')?.setAttribute('tabindex', '-1');
      (first[0]?.querySelector('h2') as HTMLElement | null)?.focus();
    }).catch((error: unknown) => showMemberFailure(region, error, () => void load()));
  });
  return pager;
}

async function show(): Promise<void> {
  const page = await myStories();
  if (!page.stories.length) {
    showEmpty(region, words.noMyStories);
    region.append(el('p', {}, el('a', { href: sitePath('/stories/share/') }, words.shareOne)));
    return;
  }
  const list = el('ul', { class: 'cards my-stories' }, ...page.stories.map(card));
  region.replaceChildren(list, ...(page.next_cursor ? [more(list, page.next_cursor)] : []));
  region.removeAttribute('aria-busy');
}

function load(): Promise<void> {
  return loadSignedIn(region, show);
}

void load();
