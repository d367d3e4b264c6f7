// My subscription: the membership's state; join (confirmed at once when the provider has
// verified the email, else the usual confirmation email), change interests and language, leave.
import { api, call, type Schemas } from '../api/client';
import { byId, el, formatDate, pageLang, t } from './dom';
import { clearErrors, setBusy, showSubmitFailure } from './forms';
import { getMe, myMembership, saveMembership, type Me, type Membership } from './member-api';
import { isUnauthorized, loadSignedIn, memberWords, showSignedOut } from './member-pages';

const lang = pageLang();
const words = memberWords();
const region = byId('subscription');
const note = el('div', { id: 'subscription-note', role: 'status' });
region.before(note);

function stateBox(membership: Membership): HTMLElement {
  const consent = membership.consent;
  return el('div', { id: 'subscription-state', class: 'status', 'data-state': membership.status },
    el('p', {}, words[`state_${membership.status}`]),
    consent && membership.status !== 'none'
      ? el('p', { class: 'meta' }, words.consentGiven(words[`method_${consent.method}`], formatDate(consent.at)))
      : null);
}

function render(form: Schemas['SignupForm'], membership: Membership, me: Me): void {
  region.removeAttribute('aria-busy');
  const email = membership.email ?? me.email;
  if (!email) {
    region.replaceChildren(stateBox(membership), el('p', { class: 'status problem' }, words.needEmail));
    return;
  }
  const joined = membership.status !== 'none';
  const interests = el('fieldset', { class: 'field' }, el('legend', {}, t().interestsLegend),
    ...form.interests.map((interest) => el('div', { class: 'check' },
      el('input', { type: 'checkbox', id: `sub-interest-${interest.code}`, name: 'interests', value: interest.code,
        checked: membership.interests.includes(interest.code) }),
      el('label', { for: `sub-interest-${interest.code}` }, interest.label))));
  const chosenLang = membership.lang ?? lang;
  const language = el('select', { id: 'sub-lang', name: 'lang' },
    el('option', { value: 'en', selected: chosenLang === 'en' }, words.lang_en),
    el('option', { value: 'es', selected: chosenLang === 'es' }, words.lang_es));
  const consent = el('div', { class: 'field check' },
    el('input', { type: 'checkbox', id: 'sub-consent', name: 'consent', required: true,
      checked: joined && membership.consent?.version === form.consent.version }),
    el('label', { for: 'sub-consent' }, form.consent.text, ` ${t().required}`));
  const label = joined ? words.saveChanges : words.joinNow;
  const submit = el('button', { type: 'submit', id: 'sub-submit' }, label);
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const formElement = el('form', { id: 'subscription-form', novalidate: true }, summary,
    el('dl', {}, el('dt', {}, words.subscriptionEmail), el('dd', { id: 'sub-email' }, email)),
    interests,
    el('div', { class: 'field' }, el('label', { for: 'sub-lang' }, words.subscriptionLang), language),
    consent, submit);
  const save = (input: Parameters<typeof saveMembership>[0], button: HTMLButtonElement, buttonLabel: string, done: (m: Membership) => string) => {
    setBusy(button, true, buttonLabel);
    clearErrors(formElement, summary);
    note.replaceChildren();
    saveMembership(input).then((saved) => {
      render(form, saved, me);
      note.replaceChildren(el('p', { class: 'success', 'data-state': saved.status }, done(saved)));
    }).catch((error: unknown) => {
      setBusy(button, false, buttonLabel);
      if (isUnauthorized(error)) {
        showSignedOut(region, true);
        return;
      }
      showSubmitFailure(formElement, summary, error);
    });
  };
  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(formElement);
    save({
      subscribed: true,
      interests: data.getAll('interests').map(String),
      lang: data.get('lang') === 'es' ? 'es' : 'en',
      consent: data.has('consent'),
      consent_version: form.consent.version,
    }, submit, label, (saved) => (saved.status === 'pending' ? words.state_pending : words.saved));
  });
  const children: HTMLElement[] = [stateBox(membership), formElement];
  if (joined) {
    const leave = el('button', { type: 'button', class: 'danger', id: 'sub-leave' }, words.leave);
    leave.addEventListener('click', () => save({ subscribed: false }, leave, words.leave, () => words.left));
    children.push(el('p', {}, leave));
  }
  region.replaceChildren(...children);
}

void loadSignedIn(region, async () => {
  const [form, membership, me] = await Promise.all([
    call(api.GET('/v1/community/form', { params: { query: { lang } } })),
    myMembership(),
    getMe(),
  ]);
  render(form, membership, me);
});
