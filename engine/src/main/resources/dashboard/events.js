// #/events/{eventId}: what the engine did with one trigger event, the jobs it matched and the runs
// it started, or that it started none because no job listened to it. Polls until the engine has it.
import { MISSING, api, el, jobHref, runHref, time, why } from './lib.js';

const EVENT_POLL_MS = 1000;
const LOOKS = 5;

export const eventHref = (eventId) => '#/events/' + encodeURIComponent(eventId);

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
