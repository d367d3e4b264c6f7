// The moderation page: sign in, then the queue by status and a story's detail, switching views
// in place so that the token stays in this page's memory.
import { api, ApiFailure, call, type Schemas } from '../api/client';
import { byId, el, formatDate, t } from './dom';
import { showEmpty, showFailure, withStates } from './status';
import { completeSignIn, currentToken, signIn, signOut } from './auth';
import { renderStory } from './moderation-story';

const words = t();
const statuses: Schemas['StoryStatus'][] = ['pending', 'held', 'approved', 'rejected', 'withdrawn'];
const authRegion = byId('moderation-auth');
const workspace = byId('moderation');
const view = byId('moderation-view');
let status: Schemas['StoryStatus'] = 'pending';

export function authorization(): { Authorization: string } {
  return { Authorization: `Bearer ${currentToken() ?? ''}` };
}

/** 401 and 403 end the session view; anything else is shown where it happened. */
export function handleFailure(region: HTMLElement, error: unknown, retry: () => void): void {
  if (error instanceof ApiFailure && (error.kind === 'unauthorized' || error.kind === 'forbidden')) {
    signOut();
    showSignIn(error.kind === 'forbidden' ? words.forbidden : words.signInAgain);
    return;
  }
  showFailure(region, error, retry);
}

function showSignIn(message?: string): void {
  workspace.hidden = true;
  const button = el('button', { type: 'button', id: 'sign-in' }, words.signIn);
  button.addEventListener('click', () => {
    button.disabled = true;
    void signIn().then((signedIn) => (signedIn ? showWorkspace() : (button.disabled = false)));
  });
  authRegion.replaceChildren(...(message ? [el('p', { role: 'alert', class: 'status problem' }, message)] : []), button);
}

function showWorkspace(): void {
  const out = el('button', { type: 'button', class: 'secondary' }, words.signOut);
  out.addEventListener('click', () => { signOut(); showSignIn(); });
  authRegion.replaceChildren(el('p', { role: 'status' }, words.signedIn, ' ', out));
  workspace.hidden = false;
  renderTabs();
  void showQueue();
}

function renderTabs(): void {
  byId('queue-tabs').replaceChildren(...statuses.map((each) => {
    const button = el('button', { type: 'button', 'aria-pressed': String(each === status), 'data-status': each },
      words[`status_${each}`]);
    button.addEventListener('click', () => { status = each; renderTabs(); void showQueue(); });
    return el('li', {}, button);
  }));
}

export async function showQueue(): Promise<void> {
  const load = async () => {
    try {
      const queue = await call(api.GET('/v1/moderation/stories', { params: { query: { status } }, headers: authorization() }));
      if (!queue.stories.length) {
        showEmpty(view, words.queueEmpty);
        return;
      }
      view.replaceChildren(el('h2', {}, words[`status_${status}`]), el('ul', { class: 'queue' }, ...queue.stories.map((story) => {
        const open = el('button', { type: 'button', class: 'link', 'data-story': story.id }, story.title ?? words.untitled);
        open.addEventListener('click', () => void showStory(story.id));
        return el('li', {}, open, el('span', { class: 'meta' },
          ` · ${words.submitted} ${formatDate(story.created_at)}`,
          story.flags.length ? ` · ${words.flags}: ${story.flags.join(', ')}` : ''));
      })));
    } catch (error) {
      handleFailure(view, error, () => void showQueue());
    }
  };
  await withStates(view, load);
}

export async function showStory(id: string): Promise<void> {
  await withStates(view, async () => {
    try {
      const story = await call(api.GET('/v1/moderation/stories/{id}', { params: { path: { id } }, headers: authorization() }));
      renderStory(view, story);
    } catch (error) {
      handleFailure(view, error, () => void showStory(id));
    }
  });
}

void completeSignIn().then((signedIn) => (signedIn ? showWorkspace() : showSignIn()));
