// One story for a moderator: the latest text, revisions, flags, consents, the audit trail, and
// the decision form (approve or reject with a reason, optionally editing as a new revision).
import { api, ApiFailure, call, type Schemas } from '../api/client';
import { el, formatDate, t } from './dom';
import { clearErrors, field, setBusy, showSubmitFailure } from './forms';
import { authorization, handleFailure, showQueue, showStory } from './moderation';

const words = t();

function list(title: string, items: HTMLElement[]): HTMLElement[] {
  return items.length ? [el('h3', {}, title), el('ul', {}, ...items)] : [];
}

export function renderStory(view: HTMLElement, story: Schemas['ModeratedStory']): void {
  const latest = story.revisions[story.revisions.length - 1];
  const back = el('button', { type: 'button', class: 'secondary' }, words.backToQueue);
  back.addEventListener('click', () => void showQueue());
  const heading = el('h2', { tabindex: '-1', id: 'story-heading' }, latest?.title ?? words.untitled);
  view.replaceChildren(
    back,
    heading,
    el('p', { class: 'meta' }, `${words[`status_${story.status}`]} · ${words.submitted} ${formatDate(story.created_at)} · v${story.version}`),
    ...(latest ? latest.body.split(/\n{2,}/).map((paragraph) => el('p', {}, paragraph)) : []),
    ...list(words.flags, story.flags.map((flag) => el('li', {}, flag))),
    ...(story.profile ? [el('h3', {}, words.profile), el('p', {}, [story.profile.role, story.profile.cancer_type, story.profile.treatment, story.profile.age_range, story.profile.display_name, story.profile.contact_email].filter(Boolean).join(' · '))] : []),
    ...list(words.revisions, story.revisions.map((revision) =>
      el('li', {}, `${words.revision(revision.number)} · ${revision.author} · ${formatDate(revision.created_at)}: ${revision.title}`))),
    ...list(words.consents, story.consents.map((consent) =>
      el('li', {}, `${consent.purpose}: ${consent.granted ? '✓' : '✗'} · ${consent.text_version} (${consent.text_lang}) · ${formatDate(consent.recorded_at)}`))),
    ...list(words.audit, story.audit.map((entry) =>
      el('li', {}, `${formatDate(entry.at)} · ${entry.actor} · ${entry.action}: ${entry.from ?? '–'} → ${entry.to}${entry.reason ? ` · “${entry.reason}”` : ''}`))),
    decisionForm(story, latest),
  );
  heading.focus();
}

function decisionForm(story: Schemas['ModeratedStory'], latest: Schemas['Revision'] | undefined): HTMLElement {
  const choice = (action: Schemas['DecisionAction'], label: string) => el('div', { class: 'check' },
    el('input', { type: 'radio', name: 'action', id: `decision-${action}`, value: action, required: true }),
    el('label', { for: `decision-${action}` }, label));
  const reason = el('textarea', { id: 'decision-reason', name: 'reason', rows: '3', required: true });
  const title = el('input', { id: 'decision-title', name: 'title', type: 'text' });
  title.value = latest?.title ?? '';
  const body = el('textarea', { id: 'decision-body', name: 'body', rows: '8' });
  body.value = latest?.body ?? '';
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const submit = el('button', { type: 'submit' }, words.decide);
  const form = el('form', { novalidate: true, id: 'decision-form' },
    el('h3', {}, words.decision), summary,
    el('fieldset', { class: 'field' }, el('legend', {}, words.decision), choice('approve', words.approve), choice('reject', words.reject)),
    field('decision-reason', words.reason, reason),
    field('decision-title', words.editTitle, title),
    field('decision-body', words.editBody, body),
    submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const action = new FormData(form).get('action') as Schemas['DecisionAction'] | null;
    const edited = latest && (title.value !== latest.title || body.value !== latest.body);
    const input: Schemas['DecisionInput'] = {
      action: action ?? 'approve',
      reason: reason.value,
      version: story.version,
      ...(edited ? { title: title.value, body: body.value } : {}),
    };
    setBusy(submit, true, words.decide);
    clearErrors(form, summary);
    call(api.POST('/v1/moderation/stories/{id}/decisions', { params: { path: { id: story.id } }, body: input, headers: authorization() }))
      .then(() => {
        summary.hidden = true;
        void showStory(story.id).then(() => {
          document.getElementById('story-heading')?.after(el('p', { role: 'status', class: 'success' }, words.decided));
        });
      })
      .catch((error: unknown) => {
        setBusy(submit, false, words.decide);
        if (error instanceof ApiFailure && error.kind === 'conflict') {
          const reload = el('button', { type: 'button' }, words.reload);
          reload.addEventListener('click', () => void showStory(story.id));
          summary.replaceChildren(el('p', { 'data-state': 'stale' }, words.stale), reload);
          summary.hidden = false;
          summary.focus();
        } else if (error instanceof ApiFailure && (error.kind === 'unauthorized' || error.kind === 'forbidden')) {
          handleFailure(summary, error, () => undefined);
        } else {
          showSubmitFailure(form, summary, error);
        }
      });
  });
  return form;
}
