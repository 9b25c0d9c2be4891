// #/ (the jobs) and #/jobs/{jobId} (a job's runs, filtered by status, a page at a time, and a form
// that sends the job a test event).
import {
  MISSING, STATUSES, api, badge, between, changed, duration, el, enc, fillRows, jobHref, json, onChanges, poller, runHref, table, time,
  why, pager,
} from './lib.js';

// A job's run counts change with its runs, which the engine pushes (/api/changes); a job that
// registers pushes nothing, so the list also looks again now and then.
const REGISTRATION_POLL_MS = 5000;
const PAGE_SIZE = 25;

function countsCell(jobId, counts) {
  if (!counts || typeof counts !== 'object') return el('span', { class: 'missing', text: MISSING });
  const present = STATUSES.filter((s) => counts[s.name] > 0);
  const other = Object.keys(counts).filter((k) => counts[k] > 0 && !STATUSES.some((s) => s.name === k));
  const total = Object.values(counts).reduce((sum, n) => sum + (Number(n) || 0), 0);
  return el('span', { class: 'counts' },
    el('span', { class: 'total', text: `${total} run${total === 1 ? '' : 's'}` }),
    [...present.map((s) => s.name), ...other].map((status) =>
      el('a', { href: jobHref(jobId, status), class: 'count', dataset: { status, count: counts[status] } },
        badge(status), ' ', String(counts[status]))));
}

function limitText(job) {
  if (job.sharedLimit && job.sharedLimit.name) return `${job.sharedLimit.limit} shared (${job.sharedLimit.name})`;
  if (job.concurrencyLimit != null) return `${job.concurrencyLimit} at a time`;
  return MISSING;
}

export function jobsPage(view) {
  document.title = 'Jobs · runlog';
  const message = el('p', { id: 'jobs-message', class: 'message' });
  const jobs = table('jobs', ['Job', 'Version', 'Event', 'Queue', 'Limit', 'Registered', 'Runs']);
  view.append(el('h1', { text: 'Jobs' }), message, jobs.node);
  const seen = {};
  const load = async (isCurrent) => {
    const answer = await api('/api/jobs');
    if (!isCurrent()) return;
    message.textContent = answer.ok ? '' : 'Could not load the jobs: ' + why(answer);
    if (!answer.ok || !changed(seen, 'jobs', answer.body)) return;
    const list = (answer.body && answer.body.jobs) || [];
    fillRows(jobs, list.map((job) => el('tr', { dataset: { jobId: job.id } },
      el('td', {}, el('a', { href: jobHref(job.id), class: 'job-link', dataset: { jobId: job.id }, text: job.id })),
      el('td', { text: job.version ?? MISSING }),
      el('td', { class: 'mono', text: job.eventName ?? MISSING }),
      el('td', { text: job.queue ?? MISSING }),
      el('td', { text: limitText(job) }),
      el('td', {}, time(job.registeredAt)),
      el('td', {}, countsCell(job.id, job.counts)))),
    'No jobs registered yet. A worker registers its jobs when it starts.');
  };
  const live = onChanges(['runs'], load);
  const registrations = poller(REGISTRATION_POLL_MS, load);
  return {
    refresh: live.refresh,
    stop() {
      live.stop();
      registrations.stop();
    },
  };
}

export function jobPage(view, jobId, params) {
  document.title = `${jobId} · runlog`;
  const status = params.get('status') || '';

  const summary = el('p', { id: 'job-summary', class: 'summary' });
  const filter = el('select', { id: 'status-filter', onchange: () => { location.hash = jobHref(jobId, filter.value); } },
    el('option', { value: '', text: 'All statuses' }),
    STATUSES.map((s) => el('option', { value: s.name, text: s.name })));
  filter.value = status;
  const message = el('p', { id: 'runs-message', class: 'message' });
  const pages = pager(() => polling.refresh());
  const runs = table('runs', ['Run', 'Status', 'Event', 'Execution', 'Created', 'Started', 'Finished', 'Duration']);
  view.append(
    el('p', { class: 'crumbs' }, el('a', { href: '#/', text: 'Jobs' }), ' / ', jobId),
    el('h1', {}, 'Job ', el('span', { id: 'job-id', class: 'mono', text: jobId })),
    summary,
    el('div', { class: 'toolbar' }, el('label', { for: 'status-filter', text: 'Status' }), filter),
    message, runs.node,
    pages.node);
  const tester = testEventForm(jobId);
  view.append(tester.node);

  api('/api/jobs').then((answer) => {
    const job = answer.ok && ((answer.body && answer.body.jobs) || []).find((j) => j.id === jobId);
    if (!job) return;
    tester.show(job);
    const parts = [`version ${job.version ?? MISSING}`, ['event ', el('span', { class: 'mono', text: job.eventName ?? MISSING })],
      `queue ${job.queue ?? MISSING}`];
    if (limitText(job) !== MISSING) parts.push(`limit ${limitText(job)}`);
    if (job.counts) parts.push(countsCell(job.id, job.counts));
    summary.replaceChildren(...parts.flatMap((part, i) => (i ? [' · ', part] : [part])).flat());
  });

  const seen = {};
  // the runs change status: read the page again when the engine says so (server push)
  const polling = onChanges(['runs'], async (isCurrent) => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (status) query.set('status', status);
    if (pages.cursor()) query.set('cursor', pages.cursor());
    const answer = await api(`/api/jobs/${enc(jobId)}/runs?${query}`);
    if (!isCurrent()) return;
    if (!answer.ok) {
      message.dataset.state = answer.status === 404 ? 'unavailable' : 'error';
      message.textContent = `Could not list the runs of ${jobId}: ${why(answer)}`;
      return;
    }
    delete message.dataset.state;
    message.textContent = '';
    const body = answer.body || {};
    pages.answered(body.nextCursor);
    if (!changed(seen, 'runs', body.runs)) return;
    fillRows(runs, (body.runs || []).map((run) => el('tr', { dataset: { runId: run.id, status: run.status } },
      el('td', {}, el('a', { href: runHref(run.id), class: 'run-link mono', dataset: { runId: run.id }, text: run.id })),
      el('td', {}, badge(run.status)),
      el('td', { class: 'mono', text: run.eventId ?? MISSING }),
      el('td', { text: run.execution ?? MISSING }),
      el('td', {}, time(run.createdAt)),
      el('td', {}, time(run.startedAt)),
      el('td', {}, time(run.finishedAt)),
      el('td', { text: duration(between(run.startedAt || run.createdAt, run.finishedAt)) }))),
    status ? `No ${status} runs on this page.` : 'No runs yet.');
  });
  return polling;
}
/** An example payload for a JSON schema: its properties with a value of their type. */
function example(schema) {
  if (!schema || typeof schema !== 'object') return {};
  const sample = (s) => {
    if (!s || typeof s !== 'object') return null;
    if (s.default !== undefined) return s.default;
    if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === 'object' || s.properties) return Object.fromEntries(Object.entries(s.properties || {}).map(([k, v]) => [k, sample(v)]));
    return { string: '', integer: 0, number: 0, boolean: false, array: [] }[type] ?? null;
  };
  const value = sample(schema);
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/**
 * "Send a test event": a payload for this job only (POST /api/events with job), which the engine
 * checks against the job's payload schema before it accepts it, and a link to the run it started.
 */
function testEventForm(jobId) {
  const payload = el('textarea', { id: 'test-payload', spellcheck: 'false', 'aria-label': 'Payload (JSON)' }, '{}');
  const eventId = el('input', { id: 'test-event-id', placeholder: 'event id (optional)', spellcheck: 'false', size: 28 });
  const send = el('button', { id: 'test-send', type: 'submit', text: 'Send', disabled: true });
  const message = el('p', { id: 'test-message', class: 'message' });
  const started = el('p', { id: 'test-started' });
  const schema = el('div', { id: 'test-schema' }, el('span', { class: 'missing', text: MISSING }));
  let job = null;
  const form = el('form', { id: 'test-event', autocomplete: 'off', onsubmit: async (event) => {
    event.preventDefault();
    started.replaceChildren();
    let value;
    try {
      value = JSON.parse(payload.value);
    } catch (e) {
      message.dataset.state = 'error';
      message.textContent = 'The payload is not JSON: ' + e.message;
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      message.dataset.state = 'error';
      message.textContent = 'The payload must be a JSON object.';
      return;
    }
    const body = { name: job.eventName, job: jobId, payload: value };
    if (eventId.value.trim()) body.id = eventId.value.trim();
    send.disabled = true;
    message.dataset.state = 'unavailable';
    message.textContent = 'Sending…';
    const answer = await api('/api/events', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    send.disabled = false;
    if (!answer.ok) {
      message.dataset.state = 'error';
      message.textContent = 'Not sent: ' + why(answer); // a payload the schema refuses is said here
      return;
    }
    message.dataset.state = 'ok';
    const runIds = (answer.body && answer.body.runIds) || [];
    message.textContent = answer.body.duplicate ? `Event ${answer.body.id} was sent before: no new run.` : `Sent event ${answer.body.id}.`;
    started.replaceChildren(...(runIds.length ? ['Run: ', ...runIds.map((id) => el('a', { href: runHref(id), id: 'test-run', class: 'mono', dataset: { runId: id }, text: id }))] : []));
  } },
  el('div', { class: 'test-event' },
    el('div', {}, el('label', { for: 'test-payload', text: 'Payload (JSON)' }), payload,
      el('div', { class: 'row' }, eventId, send)),
    el('div', {}, el('span', { class: 'dim', text: 'Payload schema' }), schema)),
  message, started);
  return {
    node: el('section', { class: 'panel' }, el('h2', { text: 'Send a test event' }),
      el('p', { class: 'dim small', text: 'Starts a run of this job only. The engine checks the payload against the job\'s schema first, as it does for every run.' }),
      form),
    show(found) {
      job = found;
      send.disabled = !job.eventName;
      schema.replaceChildren(job.payloadSchema ? json(job.payloadSchema, { class: 'json' }) : el('span', { class: 'missing', text: 'none: any JSON object' }));
      if (payload.value.trim() === '{}' && job.payloadSchema) payload.value = JSON.stringify(example(job.payloadSchema), null, 2);
    },
  };
}
