// #/events: the received trigger events, newest first (GET /api/events), updated by server push;
// #/events/{eventId}: what the engine did with one trigger event, the jobs it matched and the runs
// it started, or that it started none because no job listened to it. Polls until the engine has it.
import {
  MISSING, api, changed, el, fillRows, filled, fromLocalInput, jobHref, liveChanges, runHref, table, time, toLocalInput, why, pager,
} from './lib.js';

const EVENT_POLL_MS = 1000;
const LOOKS = 5;

export const eventHref = (eventId) => '#/events/' + encodeURIComponent(eventId);

const PAGE_SIZE = 25;
const FILTERS = ['name', 'matched', 'from', 'to'];

export const eventsHref = (filters) => {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (filters[name]) query.set(name, filters[name]);
  const text = query.toString();
  return '#/events' + (text ? '?' + text : '');
};

const links = (ids, href, cls) => ids.flatMap((id, i) => [i ? ', ' : '', el('a', { href: href(id), class: cls + ' mono', text: id })]);

export function eventsPage(view, params) {
  document.title = 'Events · runlog';
  const f = Object.fromEntries(FILTERS.map((n) => [n, params.get(n) || '']));
  const name = el('input', { id: 'events-name', placeholder: 'event name', spellcheck: 'false', value: f.name });
  const matched = el('select', { id: 'events-matched' }, el('option', { value: '', text: 'Matched or not' }),
    el('option', { value: 'true', text: 'Started runs' }), el('option', { value: 'false', text: 'Matched no job' }));
  matched.value = f.matched;
  const from = el('input', { id: 'events-from', type: 'datetime-local', step: '1', value: toLocalInput(f.from) });
  const to = el('input', { id: 'events-to', type: 'datetime-local', step: '1', value: toLocalInput(f.to) });
  const form = el('form', { id: 'events-filters', class: 'toolbar filters', autocomplete: 'off', onsubmit: (event) => {
    event.preventDefault();
    location.hash = eventsHref({ name: filled(name), matched: matched.value, from: fromLocalInput(from.value), to: fromLocalInput(to.value) });
  } },
  el('label', { for: 'events-name', text: 'Name' }), name, matched,
  el('label', { for: 'events-from', text: 'Received from' }), from, el('label', { for: 'events-to', text: 'to' }), to,
  el('button', { id: 'events-search', type: 'submit', text: 'Search' }), el('a', { href: '#/events', text: 'Clear' }));
  const message = el('p', { id: 'events-message', class: 'message' });
  const pages = pager(load);
  const events = table('events', ['Received', 'Name', 'Event', 'Matched jobs', 'Runs', 'Deliveries']);
  view.append(el('h1', { text: 'Events' }), form,
    el('p', { class: 'dim small', text: 'Every trigger event the engine read, newest first, while its record is kept (the retention).' }),
    message, events.node, pages.node);

  const seen = {};
  let stopped = false;
  let generation = 0;
  async function load() {
    const gen = ++generation;
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    for (const n of FILTERS) if (f[n]) query.set(n, f[n]);
    if (pages.cursor()) query.set('cursor', pages.cursor());
    const answer = await api('/api/events?' + query);
    if (stopped || gen !== generation) return;
    if (!answer.ok) {
      message.dataset.state = 'error';
      message.textContent = 'Could not list the events: ' + why(answer);
      return;
    }
    delete message.dataset.state;
    message.textContent = '';
    const body = answer.body || {};
    pages.answered(body.nextCursor);
    if (!changed(seen, 'events', body.events)) return;
    fillRows(events, (body.events || []).map((e) => el('tr', {
      dataset: { eventId: e.id, matched: String(!!e.matched), duplicate: String(!!e.duplicate) } },
    el('td', {}, time(e.receivedAt)),
    el('td', { class: 'mono', text: e.name ?? MISSING }),
    el('td', {}, el('a', { href: eventHref(e.id), class: 'event-link mono', text: e.id })),
    el('td', { class: 'event-jobs' }, ...(e.matchedJobs && e.matchedJobs.length ? links(e.matchedJobs, (j) => jobHref(j), 'job-link')
      : [el('span', { class: 'mark unmatched', text: 'matched no job' })])),
    el('td', { class: 'event-runs' }, ...(e.runIds && e.runIds.length ? links(e.runIds, runHref, 'run-link') : [MISSING])),
    el('td', { class: 'event-deliveries' }, String(e.deliveries ?? MISSING),
      e.duplicate ? el('span', { class: 'mark duplicate', title: 'received again with the same id: no second run',
        text: 'duplicate' }) : ''))),
    body.nextCursor ? 'None on this page: the search read as far as it may in one request. Next → reads on.' : 'No events.');
  }
  load();
  const live = liveChanges((what) => {
    if (what === 'events' || what === 'open') load();
  });
  return {
    stop() {
      stopped = true;
      live.stop();
    },
  };
}

export function eventPage(view, eventId) {
  document.title = `event ${eventId} · runlog`;
  const message = el('p', { id: 'event-message', class: 'message' });
  const fields = el('dl', { id: 'event-fields', class: 'fields' });
  view.append(el('p', { class: 'crumbs' }, el('a', { href: '#/', text: 'Jobs' }), ' / event ', eventId),
    el('h1', {}, 'Event ', el('span', { class: 'mono', text: eventId })), message, fields);
  let looks = 0;
  let timer = null;
  let stopped = false;

  function show(event) {
    const row = (label, id, ...value) => [el('dt', { text: label }), el('dd', { id }, ...value)];
    const jobs = event.matchedJobs || [];
    const runs = event.runIds || [];
    fields.replaceChildren(
      ...row('Name', 'event-name', el('span', { class: 'mono', text: event.name ?? MISSING })),
      ...row('Received', 'event-received', time(event.receivedAt)),
      ...row('Timestamp', 'event-timestamp', time(event.timestamp)),
      ...row('Deliver at', 'event-deliver-at', event.deliverAt ? time(event.deliverAt) : MISSING),
      ...row('Matched jobs', 'event-jobs', ...(jobs.length ? jobs.flatMap((j, i) => [i ? ', ' : '', el('a', { href: jobHref(j), class: 'mono', text: j })])
        : [el('span', { class: 'note', text: 'none: no job listened to this event when it was read, so it started no run' })])),
      ...row('Runs', 'event-runs', ...(runs.length ? runs.flatMap((r, i) => [i ? ', ' : '', el('a', { href: runHref(r), class: 'mono', text: r })])
        : [MISSING])),
      ...row('Deliveries', 'event-deliveries', String(event.deliveries ?? MISSING),
        event.deliveries > 1 ? el('span', { class: 'note', text: ' sent more than once (the same id makes no second run)' }) : ''));
  }

  async function look() {
    const answer = await api('/api/events/' + encodeURIComponent(eventId));
    if (stopped) return;
    if (answer.ok) {
      message.textContent = '';
      delete message.dataset.state;
      show(answer.body);
      return;
    }
    message.dataset.state = answer.status === 404 ? 'unavailable' : 'error';
    message.textContent = answer.status === 404 ? `No event ${eventId} has been received.` : 'Could not load the event: ' + why(answer);
    looks += 1;
    if (looks < LOOKS) timer = setTimeout(look, EVENT_POLL_MS); // an event just sent is recorded within moments
  }

  look();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
