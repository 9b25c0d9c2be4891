// The runlog dashboard: plain JavaScript against the engine's REST API, no build step.
//
// Routes (in the URL's hash): #/ jobs, #/jobs/{jobId}[?status=S] a job's runs (and its test-event
// form), #/runs[?job=&status=&from=&to=&eventId=&field=&value=] runs across jobs, #/runs/{runId} a
// run, #/events[?name=&matched=&from=&to=] received events, #/events/{eventId} what became of an
// event, #/sources the sources that start runs, #/connections[?key=K] the managed connections.
// The runs and events lists update by server push (/api/changes); the other pages poll while what
// they show can still change, and stop when they are left.
//
// Payloads, outputs, errors, logs and ids are user data: they reach the page only as text
// (lib.js's el() appends text nodes, never HTML), and links are built from encoded ids.
import { connectionsPage } from './connections.js';
import { eventHref, eventPage, eventsPage } from './events.js';
import { jobPage, jobsPage } from './jobs.js';
import { STATUSES, apiKey, badge, el, onUnauthorized, runHref } from './lib.js';
import { runPage } from './run.js';
import { runsPage } from './runs.js';
import { sourcesPage } from './sources.js';

let current = null;
let loginShown = false;

function route() {
  if (current) current.stop();
  current = null;
  loginShown = false;
  document.getElementById('logout').hidden = !apiKey.get();
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
  else if (parts && parts.length === 1 && parts[0] === 'sources') current = sourcesPage(view);
  else if (parts && parts.length === 1 && parts[0] === 'connections') current = connectionsPage(view, params);
  else if (parts && parts.length === 1 && parts[0] === 'runs') current = runsPage(view, params);
  else if (parts && parts.length === 2 && parts[0] === 'runs') current = runPage(view, parts[1]);
  else if (parts && parts.length === 1 && parts[0] === 'events') current = eventsPage(view, params);
  else if (parts && parts.length === 2 && parts[0] === 'events') current = eventPage(view, parts[1]);
  else view.append(el('h1', { text: 'Not found' }), el('p', {}, 'No page at ', el('code', { text: hash }), '. ', el('a', { href: '#/', text: 'All jobs' })));
  window.scrollTo(0, 0);
}

// The engine has API keys and this tab has none it accepts: ask for one. The page behind stops
// polling; after the login it is shown again (the URL's hash never changes).
function login(answer) {
  const rejected = apiKey.get();
  apiKey.clear();
  if (loginShown) return; // the page's other calls got their 401 too
  loginShown = true;
  if (current) current.stop();
  current = null;
  document.getElementById('logout').hidden = true;
  const view = document.getElementById('view');
  const input = el('input', { id: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    placeholder: 'API key' });
  const text = rejected
    ? 'The engine did not accept that key (' + ((answer.body && answer.body.error) || 'HTTP 401') + '). Enter another.'
    : 'This engine needs an API key. A read key shows everything; an admin key may also cancel and replay runs.';
  view.replaceChildren(el('h1', { text: 'Log in' }),
    el('p', { id: 'login-message', class: rejected ? 'message' : '', text }),
    el('form', { id: 'login', class: 'login', autocomplete: 'off', onsubmit: (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      apiKey.set(key);
      route();
    } }, el('label', { for: 'api-key', text: 'API key' }), input, el('button', { id: 'login-submit', type: 'submit', text: 'Log in' })),
    el('p', { class: 'dim small', text: 'The key is kept in this browser tab only, until you log out or close the tab.' }));
  input.focus();
}

function logout() {
  apiKey.clear();
  route();
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
document.getElementById('logout').addEventListener('click', logout);
onUnauthorized(login);
legend();
route();
