// The account page: signing in (and the Hosted UI's return), who I am, signing out, and
// deleting the account after an explicit confirmation.
import { byId, el, sitePath } from './dom';
import { showLoading } from './status';
import { setBusy, showSubmitFailure } from './forms';
import { completeSignIn, membersConfig, signInLocally, signInWith, signOut, type MembersConfig } from './member-auth';
import { deleteMe, deleteMyStories, getMe, type Me } from './member-api';
import { memberToken, refreshAccountLink } from './member-session';
import { isUnauthorized, memberWords, showMemberFailure } from './member-pages';

const words = memberWords();
const region = byId('account');
const message = byId('account-message');
let config: MembersConfig | null = null;

function say(text: string, kind: 'alert' | 'status', state: string, heading?: string): void {
  message.replaceChildren(el('div', { role: kind, class: kind === 'alert' ? 'status problem' : 'success', 'data-state': state },
    heading ? el('h2', {}, heading) : null, el('p', {}, text)));
  message.focus();
}

function showSignIn(): void {
  refreshAccountLink();
  region.removeAttribute('aria-busy');
  const intro = el('p', {}, words.signInIntro);
  if (config?.sign_in === 'cognito') {
    const cognito = config;
    region.replaceChildren(intro, el('ul', { class: 'sign-in-providers' }, ...cognito.providers.map((provider) => {
      const button = el('button', { type: 'button', 'data-provider': provider }, words.signInWith(provider));
      button.addEventListener('click', () => { button.disabled = true; void signInWith(cognito, provider); });
      return el('li', {}, button);
    })));
    return;
  }
  if (config?.sign_in !== 'local') {
    // 'none', or no configuration at all (site-config.json did not load).
    const text = config?.sign_in === 'none' ? words.signInUnavailable : words.signInFailed;
    region.replaceChildren(intro, el('p', { class: 'status problem', role: 'alert', 'data-state': 'no-sign-in' }, text));
    return;
  }
  const email = el('input', { id: 'dev-email', name: 'email', type: 'email', autocomplete: 'email', required: true });
  const verified = el('input', { id: 'dev-verified', name: 'email_verified', type: 'checkbox' });
  const provider = el('select', { id: 'dev-provider', name: 'provider' },
    el('option', { value: 'facebook' }, words.provider_facebook), el('option', { value: 'google' }, words.provider_google));
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const submit = el('button', { type: 'submit', id: 'dev-sign-in' }, words.signInDev);
  const form = el('form', { id: 'dev-sign-in-form', novalidate: true }, summary, el('p', { class: 'hint' }, words.devIntro),
    el('div', { class: 'field' }, el('label', { for: 'dev-email' }, words.memberEmail), email),
    el('div', { class: 'field check' }, verified, el('label', { for: 'dev-verified' }, words.devVerified)),
    el('div', { class: 'field' }, el('label', { for: 'dev-provider' }, words.devProvider), provider),
    submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setBusy(submit, true, words.signInDev);
    void signInLocally(email.value.trim(), verified.checked, provider.value).then((ok) => {
      setBusy(submit, false, words.signInDev);
      if (ok) {
        message.replaceChildren();
        void showMe();
      } else {
        summary.replaceChildren(el('p', {}, words.signInFailed));
        summary.hidden = false;
        summary.focus();
      }
    });
  });
  region.replaceChildren(intro, form);
}

function providerName(provider: string): string {
  const names: Record<string, string> = {
    facebook: words.provider_facebook, google: words.provider_google, development: words.provider_development,
  };
  return names[provider] ?? provider;
}

function renderMe(me: Me): void {
  refreshAccountLink();
  const out = el('button', { type: 'button', class: 'secondary', id: 'sign-out' }, words.signOut);
  out.addEventListener('click', () => { signOut(config); showSignIn(); });
  const heading = el('h2', { id: 'who-am-i', tabindex: '-1' }, words.whoAmI);
  region.replaceChildren(
    el('section', { 'aria-labelledby': 'who-am-i' }, heading,
      el('dl', { class: 'me' },
        el('dt', {}, words.memberId), el('dd', {}, el('code', { id: 'me-id' }, me.id)),
        el('dt', {}, words.memberEmail), el('dd', { id: 'me-email' }, me.email ?? words.noEmail,
          me.email ? el('span', { class: 'meta' }, ` (${me.email_verified ? words.emailVerified : words.emailUnverified})`) : null),
        el('dt', {}, words.signedInWith), el('dd', { id: 'me-providers' }, me.providers.map(providerName).join(', '))),
      el('ul', { class: 'account-links' },
        el('li', {}, el('a', { href: sitePath('/account/stories/') }, words.myStories)),
        el('li', {}, el('a', { href: sitePath('/account/subscription/') }, words.mySubscription))),
      el('p', {}, out)),
    deleteSection(),
  );
  heading.focus();
}

function deleteSection(): HTMLElement {
  const start = el('button', { type: 'button', class: 'danger', id: 'delete-account' }, words.deleteButton);
  const confirmArea = el('div', { id: 'delete-confirm-area' });
  const section = el('section', { 'aria-labelledby': 'delete-title', class: 'delete-account' },
    el('h2', { id: 'delete-title' }, words.deleteTitle), el('p', {}, words.deleteIntro), el('p', {}, start), confirmArea);
  start.addEventListener('click', () => {
    start.hidden = true;
    const confirm = el('button', { type: 'submit', class: 'danger', id: 'delete-confirm' }, words.deleteConfirm);
    const cancel = el('button', { type: 'button', class: 'secondary', id: 'delete-cancel' }, words.cancel);
    const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
    const form = el('form', { id: 'delete-form', 'aria-labelledby': 'delete-confirm-title' }, summary,
      el('h3', { id: 'delete-confirm-title', tabindex: '-1' }, words.deleteConfirmTitle),
      el('p', {}, words.deleteConfirmText), el('p', { class: 'actions' }, confirm, ' ', cancel));
    cancel.addEventListener('click', () => { confirmArea.replaceChildren(); start.hidden = false; start.focus(); });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      setBusy(confirm, true, words.deleteConfirm);
      cancel.disabled = true;
      // Stories first: once the account is gone, nothing could ask for them any more.
      deleteMyStories().then(deleteMe).then(() => {
        signOut(null);
        showSignIn();
        say(words.deletedWhat, 'status', 'deleted', words.deleted);
      }).catch((error: unknown) => {
        if (isUnauthorized(error)) {
          showSignIn();
          say(words.sessionEnded, 'alert', 'signed-out');
          return;
        }
        setBusy(confirm, false, words.deleteConfirm);
        cancel.disabled = false;
        showSubmitFailure(form, summary, error);
      });
    });
    confirmArea.replaceChildren(form);
    byId('delete-confirm-title').focus();
  });
  return section;
}

async function showMe(): Promise<void> {
  showLoading(region);
  try {
    renderMe(await getMe());
    region.removeAttribute('aria-busy');
  } catch (error) {
    if (isUnauthorized(error)) {
      showSignIn();
      say(words.sessionEnded, 'alert', 'signed-out');
      return;
    }
    showMemberFailure(region, error, () => void showMe());
  }
}

async function start(): Promise<void> {
  showLoading(region);
  config = await membersConfig().catch(() => null);
  const returned = await completeSignIn(config).catch(() => false);
  if (returned === false) {
    showSignIn();
    say(words.signInFailed, 'alert', 'sign-in-failed');
    return;
  }
  if (memberToken()) {
    await showMe();
  } else {
    showSignIn();
  }
}

void start();
