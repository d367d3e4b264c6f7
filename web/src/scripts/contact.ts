// The trial line: a tel: link, the hours in Eastern Time and in the reader's own zone, and
// whether it is open now.
import type { Schemas } from '../api/client';
import { el, pageLang, t } from './dom';

const ET = 'America/New_York';

function time(iso: string, zone: string, withDay = false): string {
  return new Intl.DateTimeFormat(pageLang(), {
    timeZone: zone,
    hour: 'numeric',
    minute: '2-digit',
    ...(withDay ? { weekday: 'long' } : {}),
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Today's opening and closing instants, built from the API's ET wall-clock hours. */
function hoursIn(zone: string, contact: Schemas['ContactAnswer']): string {
  const anchor = contact.closes_at ?? contact.next_open_at;
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: ET, dateStyle: 'short' }).format(new Date(anchor));
  const offset = etOffset(new Date(anchor));
  const at = (hhmm: string) => new Date(`${day}T${hhmm}:00${offset}`).toISOString();
  return `${time(at(contact.hours.opens), zone)} – ${time(at(contact.hours.closes), zone)}`;
}

/** "-05:00" or "-04:00": New York's offset at that instant. */
function etOffset(at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: ET, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  return name?.replace('GMT', '') || '-05:00';
}

export function renderContact(region: HTMLElement, contact: Schemas['ContactAnswer']): void {
  const words = t();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const state = contact.open_now
    ? el('p', { class: 'open', 'data-open': 'true' }, el('strong', {}, words.openNow),
        contact.closes_at ? ` · ${words.closesAt(time(contact.closes_at, zone))}` : '')
    : el('p', { class: 'closed', 'data-open': 'false' }, el('strong', {}, words.closedNow),
        ` · ${words.opensAt(time(contact.next_open_at, zone, true))}`);
  region.replaceChildren(
    el('p', { class: 'phone' }, `${words.call} `, el('a', { href: contact.phone.href }, contact.phone.display)),
    state,
    el('dl', {},
      el('dt', {}, words.hoursEt), el('dd', {}, contact.hours.description),
      ...(zone !== ET ? [el('dt', {}, words.hoursLocal(zone)), el('dd', {}, hoursIn(zone, contact))] : []),
      el('dt', {}, words.languagesSpoken), el('dd', {}, contact.languages.map((l) => l.name).join(', '))),
  );
}
