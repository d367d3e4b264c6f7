// Joining: the form from /v1/community/form; the API answers the same whatever the address's
// state, and the email says what happened.
import { api, call, newIdempotencyKey, type Schemas } from '../api/client';
import { byId, el, pageLang, t } from './dom';
import { withStates } from './status';
import { clearErrors, field, setBusy, showSubmitFailure } from './forms';
import { honeypot } from './honeypot';
import { captchaToken, mountCaptcha } from './captcha';

const lang = pageLang();
const words = t();
const region = byId('join');

function build(form: Schemas['SignupForm']): void {
  const email = el('input', { id: 'join-email', name: 'email', type: 'email', autocomplete: 'email', required: true });
  const interests = el('fieldset', { class: 'field' }, el('legend', {}, words.interestsLegend),
    ...form.interests.map((interest) => el('div', { class: 'check' },
      el('input', { type: 'checkbox', id: `join-interest-${interest.code}`, name: 'interests', value: interest.code }),
      el('label', { for: `join-interest-${interest.code}` }, interest.label))));
  const consent = el('div', { class: 'field check' },
    el('input', { type: 'checkbox', id: 'join-consent', name: 'consent', required: true }),
    el('label', { for: 'join-consent' }, form.consent.text, ` ${words.required}`));
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const submit = el('button', { type: 'submit' }, words.joinButton);
  const captcha = el('div', { class: 'captcha' });
  const formElement = el('form', { novalidate: true, id: 'join-form' },
    summary,
    field('join-email', words.fieldEmail, email),
    interests, consent, honeypot(form.honeypot_field), captcha, submit);
  mountCaptcha(captcha, form.captcha);
  region.replaceChildren(formElement);

  let key: string | null = null;
  formElement.addEventListener('input', () => { key = null; });
  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    key ??= newIdempotencyKey();
    const data = new FormData(formElement);
    const input: Schemas['SignupInput'] = {
      email: String(data.get('email') ?? ''),
      interests: data.getAll('interests').map(String),
      lang,
      consent: data.has('consent'),
      consent_version: form.consent.version,
      form_token: form.form_token,
      website: String(data.get(form.honeypot_field) ?? ''),
      captcha_token: captchaToken(formElement),
    };
    setBusy(submit, true, words.joinButton);
    clearErrors(formElement, summary);
    call(api.POST('/v1/community/signups', { body: input, params: { header: { 'Idempotency-Key': key } } }))
      .then((accepted) => {
        const heading = el('h2', { tabindex: '-1', id: 'join-done' }, accepted.message);
        region.replaceChildren(el('section', { class: 'success' }, heading));
        heading.focus();
      })
      .catch((error: unknown) => {
        setBusy(submit, false, words.joinButton);
        showSubmitFailure(formElement, summary, error);
      });
  });
}

void withStates(region, async () => {
  build(await call(api.GET('/v1/community/form', { params: { query: { lang } } })));
});
