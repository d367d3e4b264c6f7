// The CAPTCHA the API asks for: Cloudflare Turnstile in AWS (its widget writes the
// `cf-turnstile-response` field), none locally.
import type { Schemas } from '../api/client';
import { el } from './dom';

const TURNSTILE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js';

export function mountCaptcha(container: HTMLElement, captcha: Schemas['CaptchaInfo']): void {
  if (captcha.provider !== 'turnstile' || !captcha.site_key) {
    return;
  }
  container.append(el('div', { class: 'cf-turnstile', 'data-sitekey': captcha.site_key }));
  if (!document.querySelector(`script[src="${TURNSTILE_SCRIPT}"]`)) {
    document.head.append(el('script', { src: TURNSTILE_SCRIPT, async: true, defer: true }));
  }
}

export function captchaToken(form: HTMLFormElement): string | null {
  const value = new FormData(form).get('cf-turnstile-response');
  return typeof value === 'string' && value ? value : null;
}
