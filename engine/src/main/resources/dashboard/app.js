// The runlog dashboard: plain JavaScript against the engine's REST API, no build step.
//
// Routes (in the URL's hash): #/ jobs, #/jobs/{jobId}[?status=S] a job's runs, #/runs/{runId} a run,
// #/events/{eventId} what became of an event.
// A page polls while what it shows can still change, and stops when it is left.
//
// Payloads, outputs, errors, logs and ids are user data: they reach the page only as text
// (lib.js's el() appends text nodes, never HTML), and links are built from encoded ids.
import { eventHref, eventPage } from './events.js';
import { jobPage, jobsPage } from './jobs.js';
import { STATUSES, badge, el, runHref } from './lib.js';
import { runPage } from './run.js';

let current = null;

function route() {
  if (current) current.stop();
  current = null;
  const view = document.getElementById('view');
  view.replaceChildren();
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  let parts;
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch (e) {
    parts = null;
  }
  const params = new URLSearchParams(query || '');
  if (parts && parts.length === 0) current = jobsPage(view);
  else if (parts && parts.length === 2 && parts[0] === 'jobs') current = jobPage(view, parts[1], params);
  else if (parts && parts.length === 2 && parts[0] === 'runs') current = runPage(view, parts[1]);
  else if (parts && parts.length === 2 && parts[0] === 'events') current = eventPage(view, parts[1]);
  else view.append(el('h1', { text: 'Not found' }), el('p', {}, 'No page at ', el('code', { text: hash }), '. ', el('a', { href: '#/', text: 'All jobs' })));
  window.scrollTo(0, 0);
}

function legend() {
  const group = (title, final) => el('span', { class: 'legend-group' }, el('span', { class: 'legend-title', text: title }),
    STATUSES.filter((s) => !!s.final === final).map((s) => el('span', { class: 'legend-item', title: s.hint }, badge(s.name))));
  document.getElementById('legend').append(group('Live', false), group('Final', true),
    el('span', { class: 'legend-note', text: 'Pages of live runs update by themselves. Hover a status for its meaning.' }));
}

document.getElementById('goto-run').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('goto-run-id');
  const id = input.value.trim();
  // A run id has one shape (run_ and 32 hex digits, derived from the event id); anything else is an event id.
  if (id) location.hash = /^run_[0-9a-f]{32}$/.test(id) ? runHref(id) : eventHref(id);
  input.value = '';
});
window.addEventListener('hashchange', route);
legend();
route();
