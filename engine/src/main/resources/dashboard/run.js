// #/runs/{runId}: a run, its tasks on a timeline (with its queueing, waits and retry back-offs),
// its waits, logs and events (duplicates marked ignored); Cancel and Replay.
// It follows the run's stream (GET /api/runs/{runId}/stream, server-sent events) while the run is
// live, reading the run, its logs and its events again at each change; without the stream (not
// there yet, cut, ended with the run) it polls every second until the run is final.
import {
  CONTINUABLE, FINAL, MISSING, api, badge, between, changed, duration, el, enc, errorCell, eventStream, fillRows, jobHref, json, millis, poller,
  post, runHref,
  table, time, why,
} from './lib.js';
import { connectionsHref, kindLabel } from './connections.js';

const RUN_POLL_MS = 1000;

function field(dl, label, id) {
  const value = el('dd', { id });
  dl.append(el('dt', { text: label }), value);
  return value;
}

function section(title, ...content) {
  return el('section', { class: 'panel' }, el('h2', { text: title }), ...content);
}

/**
 * Bars of the tasks, and of the run's queueing and waits, on one time axis, from the run's creation
 * to its end (or now, while it is live).
 */
function timelineSpan(run, tasks) {
  const starts = [millis(run.createdAt ?? run.startedAt), ...tasks.map((t) => millis(t.startedAt))].filter((n) => n != null && !isNaN(n));
  const ends = [millis(run.finishedAt), ...tasks.map((t) => millis(t.finishedAt))].filter((n) => n != null && !isNaN(n));
  const from = Math.min(...starts);
  const to = FINAL.has(run.status) && ends.length ? Math.max(...ends) : Math.max(Date.now(), ...ends);
  return { from, to: Math.max(to, from + 1) };
}

function bar(task, span) {
  return spanBar(millis(task.startedAt), millis(task.finishedAt), span, { class: 'bar', dataset: { status: task.status || '' } }, task.key);
}

/** One bar from start to end (null: still going) on the span. */
function spanBar(start, end, span, props, label) {
  if (start == null || isNaN(start) || !isFinite(span.from)) return el('span', { class: 'missing', text: MISSING });
  const stop = end ?? span.to;
  const total = span.to - span.from;
  const left = Math.max(0, Math.min(100, ((start - span.from) / total) * 100));
  const width = Math.max(0.6, Math.min(100 - left, ((stop - start) / total) * 100));
  const node = el('span', { ...props, title: `${label}: ${duration(stop - start)}` });
  node.style.left = `${left}%`;
  node.style.width = `${width}%`;
  return el('span', { class: 'track' }, node);
}

/**
 * What the run spent not running a task, as rows of the timeline: queueing (from its creation, or
 * its delivery time, to its start), each wait (from when it was asked to when it elapsed), and the
 * back-off before a failed task's next attempt.
 */
function idleSpans(run, tasks) {
  const spans = [];
  const created = millis(run.createdAt);
  const ready = run.deliverAt ? Math.max(millis(run.deliverAt), created ?? 0) : created;
  const started = millis(run.startedAt);
  if (run.deliverAt && created != null && ready > created) {
    spans.push({ kind: 'delayed', label: 'delayed', start: created, end: Math.min(ready, started ?? ready) });
  }
  if (ready != null && (started == null ? !FINAL.has(run.status) : started > ready)) {
    spans.push({ kind: 'queued', label: started == null ? `queued (${run.status})` : 'queued', start: ready, end: started });
  }
  for (const w of run.waits || []) {
    if (w.requestedAt == null) continue;
    spans.push({ kind: 'wait', label: `wait ${w.key}`, start: millis(w.requestedAt), end: millis(w.elapsedAt) ?? (w.elapsed ? millis(w.until) : null) });
  }
  const retrying = typeof run.waitingOn === 'string' && run.waitingOn.startsWith('retry:') ? run.waitingOn.slice('retry:'.length) : null;
  const task = retrying != null && tasks.find((t) => t.key === retrying);
  if (task) {
    spans.push({ kind: 'backoff', label: `retry back-off: ${task.key}`, start: millis(task.finishedAt) ?? millis(run.updatedAt), end: null });
  }
  return spans.filter((x) => x.start != null && !isNaN(x.start));
}

export function runPage(view, runId) {
  document.title = `${runId} · runlog`;
  const status = badge(null);
  status.id = 'run-status';
  const cancelRequested = el('span', { id: 'cancel-requested', class: 'note', hidden: true, text: 'cancel requested' });
  const cancel = el('button', { id: 'cancel', type: 'button', disabled: true, text: 'Cancel' });
  const replay = el('button', { id: 'replay', type: 'button', disabled: true, text: 'Replay' });
  const resume = el('button', { id: 'continue', type: 'button', hidden: true, text: 'Continue',
    title: 'Resume this run as the same run: completed tasks keep their outputs, the failed task runs again' });
  const actionMessage = el('span', { id: 'action-message', class: 'message' });
  const message = el('p', { id: 'run-message', class: 'message' });
  const crumbs = el('p', { class: 'crumbs' }, el('a', { href: '#/', text: 'Jobs' }));
  const fields = el('dl', { id: 'run-fields', class: 'fields' });
  const f = {
    job: field(fields, 'Job', 'run-job'),
    event: field(fields, 'Event', 'run-event'),
    execution: field(fields, 'Execution', 'run-execution'),
    created: field(fields, 'Created', 'run-created'),
    started: field(fields, 'Started', 'run-started'),
    updated: field(fields, 'Updated', 'run-updated'),
    finished: field(fields, 'Finished', 'run-finished'),
    took: field(fields, 'Duration', 'run-duration'),
    waitingOn: field(fields, 'Waiting on', 'run-waiting-on'),
    replayOf: field(fields, 'Replay of', 'run-replay-of'),
    replays: field(fields, 'Replays', 'run-replays'),
    parent: field(fields, 'Parent', 'run-parent'),
    children: field(fields, 'Children', 'run-children'),
    deliverAt: field(fields, 'Deliver at', 'run-deliver-at'),
    cancelReason: field(fields, 'Cancel reason', 'run-cancel-reason'),
  };
  const payload = el('div', { id: 'run-payload' });
  const context = el('div', { id: 'run-context' });
  const output = el('div', { id: 'run-output' });
  const error = el('div', { id: 'run-error' });
  const tasks = table('tasks', ['Task', 'Status', 'Attempts', 'Duration', 'Timeline', 'Output', 'Error']);
  const waits = table('waits', ['Wait', 'Waits for', 'Until', 'Elapsed', 'Requested', 'Elapsed at', 'Result']);
  const logs = table('logs', ['Time', 'Level', 'Message', 'Fields']);
  const events = table('events', ['Type', 'Origin', 'Execution', 'Time', 'Body', 'Applied']);
  view.append(
    crumbs,
    el('div', { class: 'run-head' },
      el('h1', {}, 'Run ', el('span', { id: 'run-id', class: 'mono', text: runId })),
      status, cancelRequested,
      el('span', { class: 'actions' }, cancel, resume, replay, actionMessage)),
    message, fields,
    el('div', { class: 'columns' }, section('Payload', payload), section('Output', output)),
    section('Error', error),
    section('Tasks', tasks.node),
    section('Waits', waits.node),
    section('Logs', el('p', { id: 'logs-message', class: 'message' }), logs.node),
    section('Events', el('p', { id: 'events-message', class: 'message' }), events.node),
    section('Context', context));

  const seen = {};
  let missingConnections = new Set();
  let misses = 0;
  let continuingUntil = 0;

  function renderRun(run) {
    status.textContent = run.status || MISSING;
    status.dataset.status = run.status || '';
    const final = FINAL.has(run.status);
    cancel.disabled = final;
    resume.hidden = !CONTINUABLE.has(run.status);
    resume.disabled = resume.hidden;
    replay.disabled = false;
    cancelRequested.hidden = !run.cancelRequested || final;
    if (changed(seen, 'head', [run.jobId, run.jobVersion, run.eventName, run.eventId])) {
      crumbs.replaceChildren(el('a', { href: '#/', text: 'Jobs' }), ' / ',
        el('a', { href: jobHref(run.jobId), text: run.jobId ?? MISSING }), ' / ', runId);
      f.job.replaceChildren(el('a', { href: jobHref(run.jobId), class: 'mono', text: run.jobId ?? MISSING }),
        run.jobVersion != null ? ` version ${run.jobVersion}` : '');
      f.event.replaceChildren(el('span', { class: 'mono', text: run.eventName ?? MISSING }),
        run.eventId != null ? el('a', { class: 'mono dim', href: '#/events/' + enc(run.eventId), text: ` ${run.eventId}` }) : '');
    }
    f.execution.textContent = run.execution ?? MISSING;
    f.created.replaceChildren(time(run.createdAt));
    f.started.replaceChildren(time(run.startedAt));
    f.updated.replaceChildren(time(run.updatedAt));
    f.finished.replaceChildren(time(run.finishedAt));
    f.deliverAt.replaceChildren(...(run.deliverAt
      ? [time(run.deliverAt), run.status === 'PENDING' ? el('span', { class: 'note', text: ' starts then' }) : '']
      : [MISSING]));
    f.took.textContent = duration(between(run.startedAt || run.createdAt, run.finishedAt || (final ? null : new Date().toISOString())));
    if (run.status === 'WAITING_ON_CONNECTIONS') {
      // the connections it needs, each a link to the page that stores it; the missing ones marked
      const needed = Array.isArray(run.connections) ? run.connections : [];
      f.waitingOn.replaceChildren(needed.length === 1 ? 'connection ' : 'connections ', ...needed.map((key) =>
        el('span', { class: 'waiting-connection' },
          el('a', { href: connectionsHref(key), class: 'mono', dataset: { connection: key }, text: key }),
          missingConnections.has(key) ? el('span', { class: 'note', text: ' (missing)' }) : '')));
    } else {
      f.waitingOn.textContent = run.waitingOn === 'worker' ? 'a worker: no worker of this job has taken the run yet'
        : run.waitingOn ?? MISSING;
    }
    f.replayOf.replaceChildren(run.replayOf
      ? el('a', { href: runHref(run.replayOf), id: 'replay-of', class: 'mono', dataset: { runId: run.replayOf }, text: run.replayOf })
      : MISSING);
    const replays = Array.isArray(run.replays) ? run.replays : [];
    f.replays.replaceChildren(...(replays.length
      ? replays.flatMap((id, i) => [i ? ', ' : '', el('a', { href: runHref(id), class: 'replay mono', dataset: { runId: id }, text: id })])
      : [MISSING]));
    // Child runs (io.invoke): the run that started this one, and those it started.
    f.parent.replaceChildren(...(run.parentRunId
      ? [el('a', { href: runHref(run.parentRunId), id: 'parent-run', class: 'mono', dataset: { runId: run.parentRunId }, text: run.parentRunId }),
        run.parentKey != null ? ` (invoke '${run.parentKey}')` : '']
      : [MISSING]));
    const children = Array.isArray(run.children) ? run.children : [];
    f.children.replaceChildren(...(children.length
      ? children.flatMap((c, i) => [i ? ', ' : '',
        el('a', { href: runHref(c.runId), class: 'child-run mono', dataset: { runId: c.runId }, text: c.runId }),
        ` ${c.jobId ?? ''} (invoke '${c.key ?? ''}')`])
      : [MISSING]));
    if (changed(seen, 'payload', run.payload)) payload.replaceChildren(json(run.payload));
    if (changed(seen, 'context', run.context)) context.replaceChildren(json(run.context));
    // A live run has no output yet: "—", not null.
    const shownOutput = run.output === null && !final ? undefined : run.output;
    if (changed(seen, 'output', { none: shownOutput === undefined, value: run.output })) output.replaceChildren(json(shownOutput));
    if (changed(seen, 'error', run.error)) error.replaceChildren(errorCell(run.error));
    renderTasks(run, Array.isArray(run.tasks) ? run.tasks : []);
    if (changed(seen, 'waits', run.waits)) {
      fillRows(waits, (run.waits || []).map((w) => el('tr', { dataset: { waitKey: w.key, elapsed: String(!!w.elapsed) } },
        el('td', { class: 'mono', text: w.key }),
        el('td', { class: 'wait-for' }, waitsFor(w)),
        el('td', {}, time(w.until)),
        el('td', { text: w.elapsed ? 'yes' : 'not yet' }),
        el('td', {}, time(w.requestedAt)),
        el('td', {}, time(w.elapsedAt)),
        el('td', { class: 'wait-result' }, waitResult(w)))), 'No waits.');
    }
  }

  // What a wait waits for: the time, or an event and the fields it must have.
  function waitsFor(w) {
    if (!w.event) return w.until ? 'time' : MISSING;
    const fields = Object.entries(w.filter || {}).map(([path, value]) => `${path} = ${JSON.stringify(value)}`);
    return el('span', {},
      el('span', { class: 'mono', text: `event ${w.event}` }),
      fields.length ? el('span', { class: 'mono dim', text: ` where ${fields.join(' and ')}` }) : '');
  }

  function waitResult(w) {
    if (!w.event || !w.elapsed) return MISSING;
    if (w.result == null) return 'timed out';
    if (w.result.error) return errorCell({ message: w.result.error.message });
    return el('span', {},
      w.result.id != null ? el('a', { class: 'mono', href: '#/events/' + enc(w.result.id), text: w.result.id }) : '',
      ' ', json(w.result.payload));
  }

  function renderTasks(run, list) {
    const final = FINAL.has(run.status);
    // A live run's bars grow with the clock, so they are drawn on every poll.
    if (!changed(seen, 'tasks', [list, run.waits, run.waitingOn, run.deliverAt, final ? null : Date.now()])) return;
    const span = timelineSpan(run, list);
    const idle = idleSpans(run, list);
    span.from = Math.min(span.from, ...idle.map((x) => x.start));
    const idleRows = idle.map((x) => ({ start: x.start, row: el('tr', { class: 'span-row', dataset: { span: x.kind } },
      el('td', { class: 'mono', text: x.label }),
      el('td', {}, el('span', { class: 'mark ' + x.kind, text: x.kind })),
      el('td', {}),
      el('td', { text: duration((x.end ?? span.to) - x.start) + (x.end == null ? ' so far' : '') }),
      el('td', { class: 'task-timeline' }, spanBar(x.start, x.end, span, { class: 'bar ' + x.kind }, x.label)),
      el('td', {}), el('td', {})) }));
    const taskRows = list.map((task) => ({ start: millis(task.startedAt) ?? Infinity, row: el('tr', { dataset: { taskKey: task.key, status: task.status || '' } },
      el('td', { class: 'task-key' }, el('span', { class: 'mono', text: task.key }),
        task.integration ? el('span', { class: 'task-integration', dataset: { kind: task.integration.kind || '' } },
          kindLabel(task.integration.kind, `${task.integration.name} · ${task.integration.operation}`)) : ''),
      el('td', { class: 'task-status' }, badge(task.status)),
      el('td', { class: 'task-attempts', text: task.attempts ?? MISSING }),
      el('td', { class: 'task-duration', text: duration(task.durationMs ?? between(task.startedAt, task.finishedAt)) }),
      el('td', { class: 'task-timeline' }, bar(task, span)),
      el('td', {}, task.status === 'COMPLETED' || task.output != null ? json(task.output, { class: 'json task-output' })
        : el('span', { class: 'missing task-output', text: MISSING })),
      el('td', { class: 'task-error' }, errorCell(task.error))) }));
    // in time order; a task that has not started goes last
    const rows = [...idleRows, ...taskRows].sort((a, b) => a.start - b.start).map((x) => x.row);
    fillRows(tasks, list.length || idle.length ? rows : [], 'No tasks yet.');
  }

  function renderList(answer, key, t, messageId, rows, emptyText) {
    const note = document.getElementById(messageId);
    if (!answer.ok) {
      note.dataset.state = answer.status === 404 ? 'unavailable' : 'error';
      note.textContent = `Not available: ${why(answer)}`;
      if (changed(seen, key, null)) fillRows(t, [], MISSING);
      return;
    }
    delete note.dataset.state;
    note.textContent = '';
    if (changed(seen, key, answer.body)) fillRows(t, rows(answer.body), emptyText);
  }

  // Why the run was canceled, which only its events hold: the reason whoever canceled it gave (the
  // last cancel asked), and what the engine says it stopped (RunCanceled).
  function showCancelReason(answer) {
    const list = ((answer.ok && answer.body && answer.body.events) || []).filter((e) => e.ignored == null);
    const last = (type) => list.filter((e) => e.type === type).pop();
    const requested = last('CancelRequested');
    const canceled = last('RunCanceled');
    if (!requested && !canceled) {
      f.cancelReason.textContent = MISSING;
      return;
    }
    const given = requested && requested.body && requested.body.reason;
    f.cancelReason.replaceChildren(given ? given : 'none given',
      canceled && canceled.body && canceled.body.reason ? el('span', { class: 'dim', text: ` (${canceled.body.reason})` }) : '');
  }

  let streaming = false; // the stream says when to look: the timer only keeps watch
  let pushed = false;
  const polling = poller(RUN_POLL_MS, async (isCurrent) => {
    if (streaming && !pushed) return true;
    pushed = false;
    const base = '/api/runs/' + enc(runId);
    const [run, logAnswer, eventAnswer] = await Promise.all([api(base), api(base + '/logs'), api(base + '/events')]);
    if (!isCurrent()) return;
    if (run.status === 404) {
      // Say so at once; a run that is being created right now still shows up within the few looks after.
      misses += 1;
      message.dataset.state = 'unavailable';
      message.textContent = `No such run: ${runId}.`;
      return misses < 5;
    }
    if (!run.ok) {
      message.textContent = 'Could not load the run: ' + why(run);
      return true;
    }
    message.textContent = '';
    delete message.dataset.state;
    if (run.body.status === 'WAITING_ON_CONNECTIONS') {
      const stored = await api('/api/connections');
      if (!isCurrent()) return;
      const keys = new Set(((stored.ok && stored.body.connections) || []).map((c) => c.key));
      missingConnections = new Set((run.body.connections || []).filter((key) => stored.ok && !keys.has(key)));
    }
    renderRun(run.body);
    renderList(logAnswer, 'logs', logs, 'logs-message', (body) => (body.logs || []).map((line) =>
      el('tr', { dataset: { level: line.level || '' } },
        el('td', {}, time(line.timestamp)),
        el('td', { class: 'level', text: line.level ?? MISSING }),
        el('td', { class: 'log-message', text: line.message ?? '' }),
        el('td', { class: 'mono small', text: line.fields && Object.keys(line.fields).length ? JSON.stringify(line.fields) : '' }))),
    'No logs.');
    renderList(eventAnswer, 'events', events, 'events-message', (body) => (body.events || []).map((event) =>
      el('tr', { dataset: { eventType: event.type || '', ignored: String(event.ignored != null) } },
        el('td', { class: 'mono', text: event.type ?? MISSING }),
        el('td', { text: event.origin ?? MISSING }),
        el('td', { text: event.execution ?? MISSING }),
        el('td', {}, time(event.timestamp)),
        el('td', {}, event.body == null ? MISSING : el('details', {}, el('summary', { text: 'body' }), json(event.body))),
        el('td', { class: 'event-applied' }, event.ignored != null
          ? [el('span', { class: 'mark ignored', text: 'ignored' }), ' ', el('span', { class: 'dim small', text: event.ignored })]
          : 'applied'))),
    'No events.');
    showCancelReason(eventAnswer);
    // after a continue, look until the engine has resumed the run (for a while)
    return !FINAL.has(run.body.status) || Date.now() < continuingUntil;
  });

  const look = () => { // at once, stream or not: after a button
    pushed = true;
    polling.refresh();
  };
  const stream = eventStream(`/api/runs/${enc(runId)}/stream`, {
    open: () => { streaming = true; },
    event: (name) => {
      if (name === 'run') look();
    },
    end: () => { // the run is final (one last look), or the stream failed: the timer looks again
      streaming = false;
      look();
    },
  });

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    actionMessage.textContent = 'Canceling…';
    const answer = await post(`/api/runs/${enc(runId)}/cancel`);
    actionMessage.textContent = answer.ok ? 'Cancel requested.' : 'Cancel refused: ' + why(answer);
    look();
  });
  resume.addEventListener('click', async () => {
    resume.disabled = true;
    actionMessage.textContent = 'Continuing…';
    const answer = await post(`/api/runs/${enc(runId)}/continue`);
    actionMessage.textContent = answer.ok ? 'Continue requested.' : 'Continue refused: ' + why(answer);
    if (answer.ok) continuingUntil = Date.now() + 30_000;
    look();
  });
  replay.addEventListener('click', async () => {
    replay.disabled = true;
    actionMessage.textContent = 'Replaying…';
    const answer = await post(`/api/runs/${enc(runId)}/replay`);
    if (answer.ok && answer.body && answer.body.runId) {
      location.hash = runHref(answer.body.runId);
      return;
    }
    actionMessage.textContent = 'Replay refused: ' + why(answer);
    replay.disabled = false;
  });
  return {
    stop() {
      stream.stop();
      polling.stop();
    },
  };
}