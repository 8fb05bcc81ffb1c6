// The check-in page's behaviour (GET /c/{token}). The server rendered every screen, in the visitor's language, hidden;
// this script shows the right one from what the device remembers, and talks to the public check-in API.
// Vanilla TypeScript, no framework: it must load fast on an inexpensive phone over a slow network.
import { NetworkError, post, type Answer, type CheckinReply, type DeviceVisit, type InboxMessage, type OfflineReply, type Problem } from './api';
import { findVisit, forget, load, openVisit, save, type DeviceState, type StoredVisit } from './device';
import { RATING_ITEMS } from '../common/reference/rating-items';
import { loadPending, phoneTime, randomToken, savePending, type PendingCheckin } from './offline';
import { clockAt, dateOf, fill, maskPhone, offsetOf, plausiblePhone, timeOf, validName, type Texts } from './format';

interface PageData {
  token: string;
  venue: { id: string; name: string };
  lang: string;
  tz: string;
  closes: string | null;
  /** The page the service worker shows when a poster's address could not be fetched (no signal). */
  offline?: boolean;
  t: Texts;
}

const PANELS = ['p-wait', 'p-form', 'p-quick', 'p-inside', 'p-ok', 'p-no', 'p-out', 'p-thanks', 'p-pend', 'p-sent'] as const;
type PanelId = (typeof PANELS)[number];

function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

function input(id: string): HTMLInputElement {
  return $(id) as HTMLInputElement;
}

function setText(id: string, text: string): void {
  $(id).textContent = text;
}

function show(id: string, visible: boolean): void {
  $(id).hidden = !visible;
}

const dataElement = document.getElementById('jb-data');
if (dataElement) start(JSON.parse(dataElement.textContent ?? '{}') as PageData);

function start(page: PageData): void {
  const t = page.t;
  // On the offline page the poster's token is the address the visitor opened (/c/{token}).
  if (page.offline) page.token = decodeURIComponent(window.location.pathname.replace(/^\/c\//, '').split('/')[0] ?? '');
  let state: DeviceState = load();
  /** The visit the check-out and rating panels act on. */
  let current: StoredVisit | null = null;
  let clockTimer = 0;

  const at = (iso: string) => `${timeOf(iso)} ${page.tz}`;
  /** "Made Wirawan (0812-****-7890)", the number never broken across lines. */
  function who(id: string, p: { name: string; phone: string }): void {
    const el = $(id);
    el.textContent = `${p.name} `;
    const phone = document.createElement('span');
    phone.className = 'nw';
    phone.textContent = `(${maskPhone(p.phone)})`;
    el.appendChild(phone);
  }

  function panel(id: PanelId): void {
    for (const p of PANELS) show(p, p === id);
    // Results fill the screen from the top, for a glance at the door; the venue card returns with the next action.
    show('venue', id === 'p-wait' || id === 'p-form' || id === 'p-quick' || id === 'p-inside');
    show('err', false);
    if (id !== 'p-ok' && clockTimer) {
      clearInterval(clockTimer);
      clockTimer = 0;
    }
  }

  function error(text: string): void {
    setText('err', text);
    show('err', true);
  }

  /** Runs a request with its button disabled and saying "Sending…"; network failures become a message. */
  async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T | undefined> {
    const label = button.innerHTML;
    button.disabled = true;
    button.textContent = t.busy ?? '…';
    show('err', false);
    try {
      return await work();
    } catch (e) {
      error(e instanceof NetworkError ? (t.network ?? '') : (t.failed ?? ''));
      return undefined;
    } finally {
      button.disabled = false;
      button.innerHTML = label;
    }
  }

  function otherVisitNote(id: string): void {
    const open = openVisit(state);
    const other = open && open.venueId !== page.venue.id ? open : null;
    show(id, other !== null);
    if (other) setText(id, fill(t.otherOpen ?? '', { venue: other.venueName }));
  }

  /** The first screen: check-out when this device is inside here, else one tap, else the form. */
  function home(): void {
    const open = openVisit(state);
    if (open && open.venueId === page.venue.id) {
      current = open;
      setText('i-since', `${at(open.inAt)}, ${dateOf(open.inAt, t)}`);
      panel('p-inside');
    } else if (state.person) {
      who('q-who', state.person);
      otherVisitNote('q-other');
      panel('p-quick');
    } else {
      otherVisitNote('f-other');
      panel('p-form');
    }
  }

  function fieldError(field: 'name' | 'phone', message: string | null): void {
    const el = input(`f-${field}`);
    const err = $(`f-${field}-err`);
    err.textContent = message ?? '';
    err.hidden = message === null;
    if (message === null) el.removeAttribute('aria-invalid');
    else el.setAttribute('aria-invalid', 'true');
  }

  function updateOccupancy(occupancy: { current: number; limit: number }): void {
    setText('occ', fill(t.occ ?? '', occupancy));
    const share = occupancy.limit > 0 ? Math.min(100, Math.round((occupancy.current / occupancy.limit) * 100)) : 100;
    const bar = $('occbar');
    bar.style.width = `${share}%`;
    const meter = bar.parentElement;
    if (meter) meter.className = `meter${occupancy.current >= occupancy.limit ? ' full' : share >= 80 ? ' hi' : ''}`;
  }

  /** The status colour block (#ok-st, #no-st) of the door's status check, or hidden. */
  function statusColour(prefix: 'ok' | 'no', status: { colour: string; until: string | null } | null | undefined): void {
    const box = $(`${prefix}-st`);
    box.hidden = !status;
    if (!status) return;
    box.className = `dst ${status.colour}`;
    box.setAttribute('data-colour', status.colour);
    setText(`${prefix}-st-c`, t[`st_${status.colour}`] ?? status.colour);
    setText(`${prefix}-st-u`, status.colour === 'unverified' ? (t.stUnverified ?? '') : status.until ? fill(t.stUntil ?? '', { until: dateOf(status.until, t) }) : '');
  }

  function confirmation(reply: CheckinReply, person: { name: string; phone: string }): void {
    statusColour('ok', reply.status);
    setText('ok-t', reply.duplicate ? (t.okAgain ?? '') : (t.okTitle ?? ''));
    who('ok-who', person);
    setText('ok-in', at(reply.checkedInAt));
    setText('ok-occ', `${reply.occupancy.current}/${reply.occupancy.limit}`);
    const closes = reply.closesAtLocal ?? page.closes;
    show('ok-cl-w', closes !== null);
    if (closes) setText('ok-cl', closes);
    show('ok-out', current !== null && current.secret !== '');
    panel('p-ok');
    // A ticking clock: a screenshot of an old confirmation does not pass at the door.
    const offset = offsetOf(reply.checkedInAt);
    const tick = () => setText('ok-clock', clockAt(offset));
    tick();
    clockTimer = window.setInterval(tick, 1000);
    window.scrollTo(0, 0);
  }

  function refusal(problem: Problem): void {
    const reason = problem.reason ?? '';
    const amber = reason === 'outside_hours' || reason === 'closed_by_rule';
    $('no-box').className = `big ${amber ? 'warn' : 'no'}`;
    show('no-x', !amber);
    show('no-w', amber);
    statusColour('no', reason === 'status_check' ? problem.doorStatus : null);
    setText('no-t', reason === 'status_check' ? (t.stRefused ?? '') : reason === 'venue_full' ? (t.full ?? '') : reason === 'outside_hours' ? (t.outsideHours ?? '') : reason === 'closed_by_rule' ? (t.closed ?? '') : (t.noTitle ?? ''));
    const detail = problem.detail ?? problem.title ?? '';
    setText('no-r', detail.charAt(0).toUpperCase() + detail.slice(1));
    if (problem.occupancy) updateOccupancy(problem.occupancy);
    panel('p-no');
    window.scrollTo(0, 0);
  }

  async function checkIn(person: { name: string; phone: string }, button: HTMLButtonElement, fromForm: boolean): Promise<void> {
    // The visit this device holds open proves who is moving on: only with it does the server close that visit (or
    // answer a rescan with it). The phone number alone is a claim anyone could make.
    const open = openVisit(state);
    const body = open
      ? { token: page.token, name: person.name, phone: person.phone, currentVisit: { visitId: open.id, checkoutSecret: open.secret } }
      : { token: page.token, name: person.name, phone: person.phone };
    if (page.offline) return keep(person);
    let unreachable = false;
    const answer = await busy(button, () =>
      post<CheckinReply>('/checkins', body, page.lang).catch((e: unknown) => {
        if (!(e instanceof NetworkError)) throw e;
        unreachable = true;
        return undefined;
      }),
    );
    // No signal: the check-in is kept on the phone and sent when the network returns.
    if (unreachable) return keep(person);
    if (!answer) return;
    if (answer.ok) {
      const reply = answer.body;
      state.person = { name: person.name.trim(), phone: person.phone.trim() };
      let visit = findVisit(state, reply.visitId);
      if (!visit) {
        // Checking in here closed the visit this device proved, if the server says so.
        for (const v of state.visits) if (v.id === reply.closedVisitId && v.outAt === null) v.outAt = reply.checkedInAt;
        visit = { id: reply.visitId, secret: reply.checkoutSecret ?? '', venueId: reply.venue.id, venueName: reply.venue.name, inAt: reply.checkedInAt, outAt: null, rated: false };
        state.visits.unshift(visit);
      }
      save(state);
      current = visit;
      updateOccupancy(reply.occupancy);
      confirmation(reply, state.person);
      return;
    }
    const problem = answer.problem ?? { status: answer.status };
    if (answer.status === 400 && problem.errors && problem.errors.length > 0) {
      if (!fromForm) {
        input('f-name').value = person.name;
        input('f-phone').value = person.phone;
        panel('p-form');
      }
      for (const f of ['name', 'phone'] as const) {
        const e = problem.errors.filter((x) => x.field.replace(/^\/?(body[./])?/, '') === f)[0];
        fieldError(f, e ? e.message : null);
      }
      return;
    }
    refusal(problem);
  }

  function ratingPanel(visit: StoredVisit): void {
    current = visit;
    setText('out-v', visit.venueName);
    setText('out-at', visit.outAt && visit.outAt.length > 16 ? at(visit.outAt) : '—');
    ($('rf') as HTMLFormElement).reset();
    show('rf-err', false);
    panel('p-out');
    window.scrollTo(0, 0);
  }

  async function checkOut(visit: StoredVisit, button: HTMLButtonElement): Promise<void> {
    const answer = await busy(button, () => post<{ checkedOutAt: string }>(`/checkins/${encodeURIComponent(visit.id)}/checkout`, { checkoutSecret: visit.secret }, page.lang));
    if (!answer) return;
    if (answer.ok || (answer.problem && answer.problem.reason === 'already-checked-out')) {
      // Already closed (by the usual-stay timer, or a check-in elsewhere): it can still be rated.
      visit.outAt = answer.ok ? answer.body.checkedOutAt : (visit.outAt ?? new Date().toISOString());
      save(state);
      ratingPanel(visit);
      return;
    }
    if (answer.status === 403 || answer.status === 404) {
      state.visits = state.visits.filter((v) => v.id !== visit.id);
      save(state);
      home();
    }
    error((answer.problem && answer.problem.detail) || (t.failed ?? ''));
  }

  async function rate(event: Event): Promise<void> {
    event.preventDefault();
    const visit = current;
    if (!visit) return;
    const form = $('rf') as HTMLFormElement;
    const scores: Record<string, number> = {};
    for (const item of RATING_ITEMS) {
      const checked = form.querySelector<HTMLInputElement>(`input[name="${item}"]:checked`);
      if (!checked) {
        setText('rf-err', t.ratingMissing ?? '');
        show('rf-err', true);
        return;
      }
      scores[item] = Number(checked.value);
    }
    show('rf-err', false);
    const comment = (($('rf-c') as HTMLTextAreaElement).value || '').trim();
    const body = comment ? { checkoutSecret: visit.secret, scores, comment } : { checkoutSecret: visit.secret, scores };
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (!button) return;
    const answer: Answer<unknown> | undefined = await busy(button, () => post(`/checkins/${encodeURIComponent(visit.id)}/rating`, body, page.lang));
    if (!answer) return;
    if (answer.ok || (answer.problem && answer.problem.reason === 'already-rated')) {
      visit.rated = true;
      save(state);
      panel('p-thanks');
      return;
    }
    setText('rf-err', (answer.problem && answer.problem.detail) || (t.failed ?? ''));
    show('rf-err', true);
  }

  // ---- check-ins kept without signal ---------------------------------------------------------------------------

  let sending = false;

  function keep(person: { name: string; phone: string }): void {
    state.person = { name: person.name.trim(), phone: person.phone.trim() };
    save(state);
    const list = loadPending();
    list.push({ token: page.token, name: person.name, phone: person.phone, clientKey: randomToken(), at: new Date().toISOString(), secret: randomToken() });
    savePending(list);
    showPending();
    if (navigator.onLine) void flush(false);
  }

  function showPending(): void {
    const list = loadPending();
    const last = list[list.length - 1];
    if (!last) return;
    const time = phoneTime(last.at);
    setText('pend-r', fill(t.pendingBody ?? '', { time }));
    setText('pend-o', fill(t.pendingBodyOther ?? '', { time }));
    setText('pend-at', time);
    setText('pend-n', list.length > 1 ? fill(t.pendingMore ?? '', { count: list.length }) : '');
    panel('p-pend');
    window.scrollTo(0, 0);
  }

  /** Sends the kept check-ins, oldest first; stops at the first that cannot reach the server (still no signal). */
  async function flush(manual: boolean): Promise<void> {
    if (sending) return;
    sending = true;
    const button = $('pend-send') as HTMLButtonElement;
    button.disabled = true;
    let message: string | null = null;
    let sent = false;
    try {
      for (let pending = loadPending()[0]; pending; pending = loadPending()[0]) {
        const p: PendingCheckin = pending;
        let answer: Answer<OfflineReply>;
        try {
          answer = await post<OfflineReply>('/checkins/offline', { token: p.token, name: p.name, phone: p.phone, clientKey: p.clientKey, checkedInAt: p.at, checkoutSecret: p.secret }, page.lang);
        } catch {
          if (manual) message = t.stillOffline ?? '';
          return;
        }
        if (!answer.ok && (answer.status === 429 || answer.status >= 500)) {
          if (manual) message = (answer.problem && answer.problem.detail) || (t.stillOffline ?? '');
          return;
        }
        savePending(loadPending().filter((x) => x.clientKey !== p.clientKey));
        if (answer.ok) {
          const reply = answer.body;
          let visit = findVisit(state, reply.visitId);
          if (!visit) {
            visit = { id: reply.visitId, secret: p.secret, venueId: reply.venue.id, venueName: reply.venue.name, inAt: reply.checkedInAt, outAt: reply.checkedOutAt, rated: false };
            state.visits.unshift(visit);
          }
          save(state);
          current = visit;
          setText('sent-v', reply.venue.name);
          setText('sent-r', fill(t.sentBody ?? '', { time: at(reply.checkedInAt) }));
          show('sent-full', reply.overCapacity);
          show('sent-out', visit.outAt === null);
          sent = true;
        } else {
          const detail = (answer.problem && (answer.problem.errors && answer.problem.errors[0] ? answer.problem.errors[0].message : answer.problem.detail)) || (t.failed ?? '');
          message = fill(t.pendingRefused ?? '', { time: phoneTime(p.at), reason: detail });
        }
      }
    } finally {
      sending = false;
      button.disabled = false;
      // What is still waiting comes first; else what was sent; else the page as it was, with what was refused.
      if (loadPending().length > 0) showPending();
      else if (sent) panel('p-sent');
      else if (message !== null) home();
      if (message !== null) error(message);
      if (loadPending().length === 0) void loadInbox();
    }
  }

  // ---- the device inbox: exposure notices and follow-up links for the person of this device's visits ----------

  async function loadInbox(): Promise<void> {
    const claims = state.visits.filter((v) => v.secret).map((v) => ({ visitId: v.id, checkoutSecret: v.secret }));
    if (claims.length === 0) return;
    let items: InboxMessage[];
    try {
      const answer = await post<{ items: InboxMessage[] }>('/inbox', { visits: claims.slice(0, 50) }, page.lang);
      if (!answer.ok) return;
      items = answer.body.items;
    } catch {
      return;
    }
    const list = $('inbox-list');
    list.textContent = '';
    let seen: string[] = [];
    try {
      seen = JSON.parse(window.localStorage.getItem('jb.inbox.seen') ?? '[]') as string[];
    } catch {
      seen = [];
    }
    const fresh = items.filter((m) => seen.indexOf(m.id) < 0).length;
    setText('inbox-n', String(fresh));
    show('inbox-n', fresh > 0);
    if (fresh > 0) ($('inbox') as HTMLDetailsElement).open = true;
    if (items.length === 0) {
      const li = document.createElement('li');
      li.className = 'm';
      li.textContent = t.inboxEmpty ?? '';
      list.appendChild(li);
    }
    for (const m of items) {
      const li = document.createElement('li');
      li.setAttribute('data-testid', 'device-message');
      if (m.subject) {
        const b = document.createElement('b');
        b.textContent = m.subject;
        li.appendChild(b);
      }
      const body = document.createElement('p');
      // Follow-up links (this site's own /k/ pages) become links; everything else stays text.
      for (const part of m.body.split(/(https?:\/\/[^\s]+)/)) {
        if (/^https?:\/\//.test(part)) {
          const a = document.createElement('a');
          a.href = part;
          a.rel = 'noopener noreferrer';
          a.textContent = part;
          body.appendChild(a);
        } else body.appendChild(document.createTextNode(part));
      }
      li.appendChild(body);
      const when = document.createElement('div');
      when.className = 's m';
      when.textContent = `${dateOf(m.createdAt, t)} · ${timeOf(m.createdAt)}`;
      li.appendChild(when);
      list.appendChild(li);
    }
    $('inbox').addEventListener('toggle', () => {
      try {
        window.localStorage.setItem('jb.inbox.seen', JSON.stringify(items.map((m) => m.id).slice(0, 100)));
      } catch {
        // storage blocked
      }
      show('inbox-n', false);
    });
  }

  // ---- my visits on this device ----------------------------------------------------------------------------

  async function loadMine(): Promise<void> {
    const list = $('mine-list');
    const claims = state.visits.filter((v) => v.secret).map((v) => ({ visitId: v.id, checkoutSecret: v.secret }));
    if (claims.length > 0) {
      try {
        const answer = await post<DeviceVisit[]>('/checkins/device-visits', { visits: claims.slice(0, 50) }, page.lang);
        if (answer.ok) {
          const known = new Map(answer.body.map((v) => [v.visitId, v]));
          // Visits the server no longer has were deleted after the retention period: the phone forgets them too.
          state.visits = state.visits.filter((v) => !v.secret || known.has(v.id));
          for (const v of state.visits) {
            const server = known.get(v.id);
            if (server) {
              v.outAt = server.checkedOutAt;
              v.rated = server.rated;
            }
          }
          save(state);
          renderMine(list, known);
          return;
        }
      } catch {
        // offline: show what the phone knows
      }
    }
    renderMine(list, new Map());
  }

  function renderMine(list: HTMLElement, server: Map<string, DeviceVisit>): void {
    list.textContent = '';
    if (state.visits.length === 0) {
      const li = document.createElement('li');
      li.className = 'm';
      li.textContent = t.empty ?? '';
      list.appendChild(li);
      return;
    }
    for (const v of state.visits) {
      const li = document.createElement('li');
      const name = document.createElement('b');
      name.textContent = v.venueName;
      li.appendChild(name);
      const line = document.createElement('div');
      line.className = 's m';
      const estimated = server.get(v.id)?.estimated ?? false;
      const out = v.outAt ? `${timeOf(v.outAt)}${estimated ? ` (${t.estimated ?? ''})` : ''}` : (t.stillInside ?? '');
      line.textContent = `${dateOf(v.inAt, t)} · ${timeOf(v.inAt)}–${out}${v.rated ? ` · ${t.rated ?? ''}` : ''}`;
      li.appendChild(line);
      if (v.secret && v.outAt === null) li.appendChild(action(t.checkOut ?? '', (b) => void checkOut(v, b)));
      else if (v.secret && !v.rated) li.appendChild(action(t.rate ?? '', () => ratingPanel(v)));
      list.appendChild(li);
    }
  }

  function action(label: string, run: (button: HTMLButtonElement) => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.textContent = label;
    b.addEventListener('click', () => run(b));
    return b;
  }

  // ---- wiring --------------------------------------------------------------------------------------------------

  $('f').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input('f-name').value;
    const phone = input('f-phone').value;
    const nameOk = validName(name);
    const phoneOk = plausiblePhone(phone);
    fieldError('name', nameOk ? null : (t.nameRequired ?? ''));
    fieldError('phone', phoneOk ? null : (t.phoneInvalid ?? ''));
    if (!nameOk) input('f-name').focus();
    else if (!phoneOk) input('f-phone').focus();
    if (!nameOk || !phoneOk) return;
    const button = ($('f') as HTMLFormElement).querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) void checkIn({ name, phone }, button, true);
  });
  $('q-go').addEventListener('click', () => {
    if (state.person) void checkIn(state.person, $('q-go') as HTMLButtonElement, false);
  });
  $('q-not').addEventListener('click', () => {
    state.person = null;
    save(state);
    input('f-name').value = '';
    input('f-phone').value = '';
    otherVisitNote('f-other');
    panel('p-form');
    input('f-name').focus();
  });
  for (const id of ['i-out', 'ok-out']) {
    $(id).addEventListener('click', () => {
      if (current) void checkOut(current, $(id) as HTMLButtonElement);
    });
  }
  $('no-again').addEventListener('click', home);
  $('th-again').addEventListener('click', home);
  $('rf').addEventListener('submit', (event) => void rate(event));
  $('rf-skip').addEventListener('click', home);
  $('mine').addEventListener('toggle', () => {
    if (($('mine') as HTMLDetailsElement).open) void loadMine();
  });
  $('forget').addEventListener('click', () => {
    forget();
    state = { person: null, visits: [] };
    current = null;
    ($('mine') as HTMLDetailsElement).open = false;
    input('f-name').value = '';
    input('f-phone').value = '';
    home();
    // The form is showing now (no person, no visits): say why, in the note above it.
    setText('f-other', t.forgotten ?? '');
    show('f-other', true);
  });

  $('pend-send').addEventListener('click', () => void flush(true));
  $('sent-out').addEventListener('click', () => {
    if (current) void checkOut(current, $('sent-out') as HTMLButtonElement);
  });
  window.addEventListener('online', () => void flush(false));
  if ('serviceWorker' in navigator) {
    window.addEventListener('load', () => {
      navigator.serviceWorker.register(`/c/sw.js?lang=${page.lang}`, { scope: '/c/' }).catch(() => undefined);
    });
  }

  home();
  if (loadPending().length > 0) {
    showPending();
    void flush(false);
  } else void loadInbox();
}
