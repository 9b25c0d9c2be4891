// Shared by the dashboard's pages: the statuses, building elements from data (always as text,
// never as HTML: payloads, outputs, errors and logs are user input), and talking to the engine.

export const STATUSES = [
  { name: 'PENDING', hint: 'created, waiting for its start time' },
  { name: 'QUEUED', hint: 'waiting for a concurrency slot' },
  { name: 'WAITING_ON_CONNECTIONS', hint: 'waiting for its connections' },
  { name: 'EXECUTING', hint: 'a worker is running it' },
  { name: 'WAITING', hint: 'a durable wait or a retry is due later' },
  { name: 'SUCCESS', hint: 'finished with an output', final: true },
  { name: 'FAILURE', hint: 'finished with an error', final: true },
  { name: 'CANCELED', hint: 'canceled', final: true },
  { name: 'TIMED_OUT', hint: 'ran out of time', final: true },
  { name: 'INVALID_PAYLOAD', hint: 'its payload did not match the schema', final: true },
  { name: 'UNRESOLVED_AUTH', hint: 'a connection could not be authorized', final: true },
];
export const FINAL = new Set(STATUSES.filter((s) => s.final).map((s) => s.name));
/** The ends a run can be continued from (POST /api/runs/{id}/continue). */
export const CONTINUABLE = new Set(['FAILURE', 'CANCELED', 'TIMED_OUT']);
export const MISSING = '—';

// Building the page

/** An element with props (class, text, dataset, on*, attributes) and children (nodes or text). */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child == null) continue;
    node.append(child instanceof Node ? child : String(child)); // a string becomes a text node
  }
  return node;
}

export const enc = encodeURIComponent;
export const runHref = (runId) => '#/runs/' + enc(runId);
export const jobHref = (jobId, status) => '#/jobs/' + enc(jobId) + (status ? '?status=' + enc(status) : '');

export function badge(status, extra) {
  return el('span', { class: 'badge ' + (extra || ''), dataset: { status: status || '' }, text: status || MISSING });
}

export function time(iso) {
  if (iso == null || iso === '') return el('span', { class: 'missing', text: MISSING });
  const date = new Date(iso);
  if (isNaN(date)) return el('span', { text: String(iso) });
  const p = (n, w = 2) => String(n).padStart(w, '0');
  const text = `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} `
    + `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}`;
  return el('time', { datetime: date.toISOString(), title: date.toISOString(), text });
}

export function duration(ms) {
  if (ms == null || isNaN(ms)) return MISSING;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const millis = (iso) => (iso == null ? null : new Date(iso).getTime());
export const between = (from, to) => (from == null || to == null ? null : millis(to) - millis(from));

/** Pretty JSON in a pre; "—" when the field is absent. */
export function json(value, props) {
  return el('pre', { class: 'json', ...props }, value === undefined ? MISSING : JSON.stringify(value, null, 2));
}

export function errorText(error) {
  if (error == null) return null;
  if (typeof error !== 'object') return String(error);
  return [error.type, error.message].filter((s) => s != null && s !== '').join(': ') || JSON.stringify(error);
}

export function errorCell(error, props) {
  const text = errorText(error);
  return text == null ? el('span', { class: 'missing', text: MISSING }) : el('span', { class: 'error', ...props, text });
}

export function table(id, headings) {
  const body = el('tbody');
  const node = el('table', { id, class: 'grid' }, el('thead', {}, el('tr', {}, headings.map((h) => el('th', { text: h })))), body);
  return { node, body, columns: headings.length };
}

/**
 * Cursor paging for a list: the ← Previous / Page n / Next → controls and the cursor of each page
 * seen so far (the first has none). A turn disables both buttons and calls `onTurn`, which reads
 * the page at `cursor()` and passes the answer's nextCursor to `answered`.
 */
export function pager(onTurn) {
  const cursors = [null];
  let page = 0;
  const previous = el('button', { id: 'prev-page', type: 'button', disabled: true, text: '← Previous' });
  const next = el('button', { id: 'next-page', type: 'button', disabled: true, text: 'Next →' });
  const pageNumber = el('span', { id: 'page-number', text: 'Page 1' });
  const turn = (by) => {
    page += by;
    previous.disabled = true;
    next.disabled = true;
    onTurn();
  };
  previous.addEventListener('click', () => turn(-1));
  next.addEventListener('click', () => turn(+1));
  return {
    node: el('div', { class: 'pager' }, previous, pageNumber, next),
    cursor: () => cursors[page],
    answered(nextCursor) {
      cursors[page + 1] = nextCursor || null;
      previous.disabled = page === 0;
      next.disabled = !nextCursor;
      pageNumber.textContent = `Page ${page + 1}`;
    },
  };
}

/** Replaces a table's rows, or shows one row saying why there are none. */
export function fillRows(t, rows, emptyText) {
  t.body.replaceChildren(...(rows.length ? rows
    : [el('tr', { class: 'empty' }, el('td', { colspan: t.columns, text: emptyText }))]));
}

/** Renders only when the data changed, so polling keeps a reader's selection and open details. */
export function changed(holder, key, value) {
  const text = JSON.stringify(value);
  if (holder[key] === text) return false;
  holder[key] = text;
  return true;
}

// Talking to the engine

// The API key, when the engine has keys: kept for this tab only (sessionStorage: gone when the tab
// closes, never sent anywhere but this engine), and sent on every call as a Bearer token.
const KEY_ITEM = 'runlog.apiKey';
export const apiKey = {
  get: () => sessionStorage.getItem(KEY_ITEM),
  set: (key) => sessionStorage.setItem(KEY_ITEM, key),
  clear: () => sessionStorage.removeItem(KEY_ITEM),
};

let unauthorized = () => {};
/** What to do when the engine answers 401 (no key, or one it does not know): app.js shows the login. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** {status, ok, body}; status 0 when the engine could not be reached. */
export async function api(path, init = {}) {
  let answer;
  try {
    const headers = { Accept: 'application/json', ...(init.headers || {}) };
    const key = apiKey.get();
    if (key) headers.Authorization = 'Bearer ' + key;
    const response = await fetch(path, { ...init, headers });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    answer = { status: response.status, ok: response.ok, body };
  } catch (e) {
    return { status: 0, ok: false, body: { error: 'the engine did not answer: ' + e.message } };
  }
  if (answer.status === 401) unauthorized(answer);
  return answer;
}

/** A POST that carries nothing: an empty JSON object all the same, as the engine takes no other content type. */
export const post = (path) => api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });

export const why = (answer) => {
  const said = (answer.body && answer.body.error) || `HTTP ${answer.status}`;
  return answer.status === 403 ? `this API key may not do that (${said})` : said;
};

/**
 * Calls tick(isCurrent) now and then every intervalMs until tick returns false or stop() is called.
 * refresh() ticks at once; an older tick still in flight sees isCurrent() false and must not render.
 */
export function poller(intervalMs, tick) {
  let stopped = false;
  let timer = null;
  let generation = 0;
  async function run(gen) {
    const isCurrent = () => !stopped && gen === generation;
    let again = true;
    try {
      again = await tick(isCurrent);
    } catch (e) {
      console.error(e);
    }
    if (isCurrent() && again !== false) timer = setTimeout(() => run(gen), intervalMs);
  }
  const refresh = () => {
    clearTimeout(timer);
    run(++generation);
  };
  refresh();
  return {
    refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * Reads the server-sent events of {@code path} with fetch (EventSource cannot send the API key):
 * handlers.open() once the stream answers, handlers.event(name, data) for each event, and
 * handlers.end(ok, status) once: ok when the server ended the stream, else the HTTP status (0: no
 * answer, or cut). stop() ends it without a call to end.
 */
export function eventStream(path, handlers) {
  const controller = new AbortController();
  let stopped = false;
  (async () => {
    let status = 0;
    try {
      const headers = { Accept: 'text/event-stream' };
      const key = apiKey.get();
      if (key) headers.Authorization = 'Bearer ' + key;
      const response = await fetch(path, { headers, signal: controller.signal });
      status = response.status;
      if (status === 401) unauthorized({ status, ok: false, body: await response.json().catch(() => null) });
      if (!response.ok || !response.body) throw new Error('HTTP ' + status);
      if (handlers.open) handlers.open();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (stopped) return;
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) { // one event per blank-line-ended block
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const field = (name) => lines.filter((l) => l.startsWith(name + ':')).map((l) => l.slice(name.length + 1).replace(/^ /, ''));
          const name = field('event')[0];
          if (name && handlers.event) handlers.event(name, field('data').join('\n'));
        }
      }
    } catch (e) {
      if (!stopped && handlers.end) handlers.end(false, status);
      return;
    }
    if (!stopped && handlers.end) handlers.end(true, status);
  })();
  return {
    stop() {
      stopped = true;
      controller.abort();
    },
  };
}

/**
 * Follows GET /api/changes: calls onChange('runs') or onChange('events') when the engine says
 * something changed (at most once a second each), and onChange('open') each time the stream
 * (re)connects, so a page that missed changes while disconnected asks again. Reconnects after a
 * pause while the page lasts; stop() ends it.
 */
export function liveChanges(onChange) {
  let stopped = false;
  let stream = null;
  let timer = null;
  const connect = () => {
    stream = eventStream('/api/changes', {
      open: () => onChange('open'),
      event: (name) => onChange(name),
      end: (ok, status) => {
        if (!stopped && status !== 401) timer = setTimeout(connect, 2000);
      },
    });
  };
  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (stream) stream.stop();
    },
  };
}

/** The text of a filter form's field, trimmed; null when empty. */
export const filled = (input) => (input.value.trim() === '' ? null : input.value.trim());

/** An ISO instant as the value of a datetime-local input (local time), and back. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (isNaN(date)) return '';
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}
export const fromLocalInput = (value) => (value ? new Date(value).toISOString() : null);

/**
 * Like poller, but ticks when the engine says something of one of {@code kinds} changed (and when
 * the stream of changes (re)connects) instead of on a timer: a page that shows runs or events.
 */
export function onChanges(kinds, tick) {
  let stopped = false;
  let generation = 0;
  const refresh = () => {
    const gen = ++generation;
    Promise.resolve(tick(() => !stopped && gen === generation)).catch((e) => console.error(e));
  };
  const live = liveChanges((what) => {
    if (what === 'open' || kinds.includes(what)) refresh();
  });
  refresh();
  return {
    refresh,
    stop() {
      stopped = true;
      live.stop();
    },
  };
}
