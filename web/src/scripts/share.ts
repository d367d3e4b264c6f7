// The story form, built from /v1/stories/form: its options, consent texts and limits. One
// Idempotency-Key per attempt: a double click or a retry of the same story never makes two.
// A signed-in member's story goes to /v1/me/stories, so that it is in My stories.
import { api, ApiFailure, call, newIdempotencyKey, type Schemas } from '../api/client';
import { byId, el, pageLang, sitePath, t } from './dom';
import { withStates } from './status';
import { clearErrors, field, liveCount, setBusy, showSubmitFailure } from './forms';
import { captchaToken, mountCaptcha } from './captcha';
import { honeypot } from './honeypot';
import { memberToken, refreshAccountLink } from './member-session';
import { submitMyStory } from './member-api';
import { memberStrings } from '../i18n/member-strings';

const lang = pageLang();
const words = t();
const memberWords = memberStrings(lang);
const region = byId('share');

function select(name: string, options: Schemas['LabelledOption'][], required: boolean): HTMLSelectElement {
  return el('select', { id: `story-${name}`, name, required },
    el('option', { value: '' }, words.choose),
    ...options.map((option) => el('option', { value: option.code }, option.label)));
}

function text(name: string, max: number, multiline = false, required = true): HTMLInputElement | HTMLTextAreaElement {
  const attributes = { id: `story-${name}`, name, required, maxlength: String(max * 2) };
  return multiline ? el('textarea', { ...attributes, rows: '10' }) : el('input', { ...attributes, type: 'text' });
}

function build(form: Schemas['StoryForm']): void {
  const { limits } = form;
  const title = text('title', limits.title_max);
  const body = text('body', limits.body_max, true);
  const name = text('display_name', limits.display_name_max, false, false);
  const counters = [el('p', { class: 'hint' }), el('p', { class: 'hint' }), el('p', { class: 'hint' })] as const;
  liveCount(title, counters[0], limits.title_min, limits.title_max);
  liveCount(body, counters[1], limits.body_min, limits.body_max);
  liveCount(name, counters[2], 0, limits.display_name_max);
  const consents = el('fieldset', { class: 'field' }, el('legend', {}, words.consentsLegend),
    ...form.consents.map((consent) => {
      const id = `story-consent-${consent.purpose}`;
      return el('div', { class: 'field check' },
        el('input', { type: 'checkbox', id, name: `consents.${consent.purpose}`, required: consent.required }),
        el('label', { for: id }, consent.text, consent.required ? ` ${words.required}` : ''));
    }));
  const email = el('input', { id: 'story-contact_email', name: 'contact_email', type: 'email', autocomplete: 'email' });
  const submit = el('button', { type: 'submit' }, words.submit);
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const captcha = el('div', { class: 'captcha' });
  const signedIn = memberToken()
    ? el('p', { class: 'status', id: 'share-signed-in' }, memberWords.shareSignedIn)
    : null;
  const formElement = el('form', { novalidate: true, id: 'story-form' },
    signedIn,
    summary,
    field('story-title', words.fieldTitle, title, counters[0]),
    field('story-body', words.fieldBody, body, counters[1]),
    field('story-display_name', words.fieldDisplayName, name, counters[2]),
    field('story-role', words.fieldRole, select('role', form.roles, true)),
    field('story-cancer_type', words.fieldCancerType, select('cancer_type', form.cancer_types, true)),
    field('story-treatment', words.fieldTreatment, select('treatment', form.treatments, true)),
    field('story-age_range', words.fieldAgeRange, select('age_range', form.age_ranges, false)),
    consents,
    field('story-contact_email', words.fieldContactEmail, email),
    honeypot(form.honeypot_field),
    captcha,
    submit,
  );
  mountCaptcha(captcha, form.captcha);
  region.replaceChildren(formElement);

  let key: string | null = null;
  formElement.addEventListener('input', () => { key = null; }); // changed content: a new attempt
  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) {
      return;
    }
    key ??= newIdempotencyKey();
    const data = new FormData(formElement);
    const value = (fieldName: string) => String(data.get(fieldName) ?? '');
    const optional = (fieldName: string) => value(fieldName).trim() || null;
    const input: Schemas['SubmissionInput'] = {
      title: value('title'),
      body: value('body'),
      display_name: optional('display_name'),
      role: value('role'),
      cancer_type: value('cancer_type'),
      treatment: value('treatment'),
      age_range: optional('age_range'),
      contact_email: optional('contact_email'),
      lang,
      consents: {
        publish_health_information: data.has('consents.publish_health_information'),
        patient_permission: data.has('consents.patient_permission'),
        contact: data.has('consents.contact'),
      },
      consent_version: form.consent_version,
      form_token: form.form_token,
      website: value(form.honeypot_field),
      captcha_token: captchaToken(formElement),
    };
    setBusy(submit, true, words.submit);
    clearErrors(formElement, summary);
    const mine = memberToken() !== null;
    const sent = mine
      ? submitMyStory(input, key)
      : call(api.POST('/v1/stories', { body: input, params: { header: { 'Idempotency-Key': key } } }));
    sent
      .then((accepted) => (mine ? successSignedIn() : success(accepted)))
      .catch((error: unknown) => {
        setBusy(submit, false, words.submit);
        showSubmitFailure(formElement, summary, error);
        if (mine && error instanceof ApiFailure && error.kind === 'unauthorized') {
          // The session ended (member-api cleared it): say so; sending again shares it anonymously.
          signedIn?.remove();
          refreshAccountLink();
          summary.replaceChildren(el('p', {}, memberWords.shareSessionEnded));
          summary.dataset['state'] = 'signed-out';
        }
      });
  });
}

/** The withdrawal code, shown this once: nothing keeps it after the page is left. */
function success(accepted: Schemas['SubmissionAccepted']): void {
  const code = el('code', { id: 'withdrawal-code' }, accepted.withdrawal_token);
  const copy = el('button', { type: 'button', class: 'secondary' }, words.copyCode);
  const copied = el('span', { role: 'status' });
  copy.addEventListener('click', () => {
    void navigator.clipboard.writeText(accepted.withdrawal_token).then(() => { copied.textContent = ` ${words.copied}`; });
  });
  const heading = el('h2', { tabindex: '-1', id: 'thanks' }, words.thanksTitle);
  region.replaceChildren(el('section', { class: 'success', 'aria-labelledby': 'thanks' },
    heading,
    el('p', {}, words.thanksText),
    el('dl', {},
      el('dt', {}, words.storyId), el('dd', {}, el('code', { id: 'story-id' }, accepted.id)),
      el('dt', {}, words.withdrawalCode), el('dd', {}, code)),
    el('p', {}, copy, copied),
    el('p', { class: 'keep' }, words.keepCode),
    el('p', {}, el('a', { href: sitePath('/stories/withdraw/') }, words.withdrawLink)),
  ));
  heading.focus();
}

/** A member's story: it is in My stories, where it can be withdrawn without a code. */
function successSignedIn(): void {
  const heading = el('h2', { tabindex: '-1', id: 'thanks' }, words.thanksTitle);
  region.replaceChildren(el('section', { class: 'success', 'aria-labelledby': 'thanks', 'data-state': 'mine' },
    heading,
    el('p', {}, words.thanksText),
    el('p', {}, memberWords.thanksSignedIn),
    el('p', {}, el('a', { href: sitePath('/account/stories/'), id: 'to-my-stories' }, memberWords.myStories)),
  ));
  heading.focus();
}

void withStates(region, async () => {
  build(await call(api.GET('/v1/stories/form', { params: { query: { lang } } })));
});
