// #/runs: runs across every job, newest first, filtered by job, status, creation time, event id
// and one payload field (GET /api/runs), a page at a time. Updated by server push (/api/changes).
import {
  MISSING, STATUSES, api, badge, between, changed, duration, el, enc, fillRows, filled, fromLocalInput, jobHref,
  liveChanges, runHref, table, time, toLocalInput, why, pager,
} from './lib.js';

const PAGE_SIZE = 25;
/** The page's filters, in the URL's hash and in the API's query. */
const FILTERS = ['job', 'status', 'from', 'to', 'eventId', 'field', 'value'];

export const runsHref = (filters) => {
  const query = new URLSearchParams();
  for (const name of FILTERS) if (filters[name]) query.set(name, filters[name]);
  const text = query.toString();
  return '#/runs' + (text ? '?' + text : '');
};

export function runsPage(view, params) {
  document.title = 'Runs · runlog';
  const f = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || '']));

  const job = el('select', { id: 'runs-job' }, el('option', { value: '', text: 'All jobs' }));
  const status = el('select', { id: 'runs-status' }, el('option', { value: '', text: 'All statuses' }),
    STATUSES.map((s) => el('option', { value: s.name, text: s.name })));
  status.value = f.status;
  const from = el('input', { id: 'runs-from', type: 'datetime-local', step: '1', value: toLocalInput(f.from) });
  const to = el('input', { id: 'runs-to', type: 'datetime-local', step: '1', value: toLocalInput(f.to) });
  const eventId = el('input', { id: 'runs-event', placeholder: 'event id', spellcheck: 'false', value: f.eventId });
  const field = el('input', { id: 'runs-field', placeholder: 'payload field', spellcheck: 'false', value: f.field, size: 14 });
  const value = el('input', { id: 'runs-value', placeholder: 'value', spellcheck: 'false', value: f.value, size: 14 });
  const form = el('form', { id: 'runs-filters', class: 'toolbar filters', autocomplete: 'off', onsubmit: (event) => {
    event.preventDefault();
    location.hash = runsHref({ job: job.value, status: status.value, from: fromLocalInput(from.value), to: fromLocalInput(to.value),
      eventId: filled(eventId), field: filled(field), value: field.value.trim() ? value.value : '' });
  } },
  el('label', { for: 'runs-job', text: 'Job' }), job,
  el('label', { for: 'runs-status', text: 'Status' }), status,
  el('label', { for: 'runs-from', text: 'Created from' }), from,
  el('label', { for: 'runs-to', text: 'to' }), to,
  el('label', { for: 'runs-event', text: 'Event' }), eventId,
  el('label', { for: 'runs-field', text: 'Payload' }), field, ' = ', value,
  el('button', { id: 'runs-search', type: 'submit', text: 'Search' }),
  el('a', { href: '#/runs', text: 'Clear' }));
  const message = el('p', { id: 'runs-message', class: 'message' });
  const pages = pager(load);
  const runs = table('runs', ['Run', 'Job', 'Status', 'Event', 'Execution', 'Created', 'Started', 'Finished', 'Duration']);
  view.append(el('h1', { text: 'Runs' }), form,
    el('p', { class: 'dim small', text: 'Across every job, newest first. A payload field is one of the first 8 top-level '
      + 'fields of a run\'s payload (strings, numbers, booleans; values up to 128 characters).' }),
    message, runs.node, pages.node);

  api('/api/jobs').then((answer) => {
    const jobs = (answer.ok && answer.body && answer.body.jobs) || [];
    job.append(...jobs.map((j) => el('option', { value: j.id, text: j.id })));
    if (f.job && !jobs.some((j) => j.id === f.job)) job.append(el('option', { value: f.job, text: f.job }));
    job.value = f.job;
  });

  const seen = {};
  let stopped = false;
  let generation = 0;
  async function load() {
    const gen = ++generation;
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    for (const name of ['job', 'status', 'from', 'to', 'eventId']) if (f[name]) query.set(name, f[name]);
    if (f.field) query.set('payload.' + f.field, f.value);
    if (pages.cursor()) query.set('cursor', pages.cursor());
    const answer = await api('/api/runs?' + query);
    if (stopped || gen !== generation) return;
    if (!answer.ok) {
      message.dataset.state = 'error';
      message.textContent = 'Could not list the runs: ' + why(answer);
      return;
    }
    delete message.dataset.state;
    message.textContent = '';
    const body = answer.body || {};
    pages.answered(body.nextCursor);
    if (!changed(seen, 'runs', body.runs)) return;
    fillRows(runs, (body.runs || []).map((run) => el('tr', { dataset: { runId: run.id, status: run.status } },
      el('td', {}, el('a', { href: runHref(run.id), class: 'run-link mono', dataset: { runId: run.id }, text: run.id })),
      el('td', {}, el('a', { href: jobHref(run.jobId), class: 'mono', text: run.jobId ?? MISSING })),
      el('td', {}, badge(run.status)),
      el('td', {}, run.eventId ? el('a', { class: 'mono', href: '#/events/' + enc(run.eventId), text: run.eventId }) : MISSING),
      el('td', { text: run.execution ?? MISSING }),
      el('td', {}, time(run.createdAt)),
      el('td', {}, time(run.startedAt)),
      el('td', {}, time(run.finishedAt)),
      el('td', { text: duration(between(run.startedAt || run.createdAt, run.finishedAt)) }))),
    body.nextCursor ? 'None on this page: the search read as far as it may in one request. Next → reads on.'
      : FILTERS.some((name) => f[name]) ? 'No run matches.' : 'No runs yet.');
  }
  load();
  const live = liveChanges((what) => {
    if (what === 'runs' || what === 'open') load();
  });
  return {
    stop() {
      stopped = true;
      live.stop();
    },
  };
}
