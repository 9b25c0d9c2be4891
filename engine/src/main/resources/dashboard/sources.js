// #/sources: where events come from besides the API and the triggers topic (Kafka topics,
// webhooks, schedules), with each one's state on the engine that answers, its lag and counters,
// and the schedules with their next tick (gathered from every instance by /api/schedules).
import { MISSING, api, badge, changed, el, fillRows, json, poller, post, table, time, why } from './lib.js';

const SOURCES_POLL_MS = 2000;

function whenText(schedule) {
  if (schedule.cron) return `cron ${schedule.cron}${schedule.timezone ? ' (' + schedule.timezone + ')' : ''}`;
  if (schedule.interval != null) return `every ${schedule.interval}${typeof schedule.interval === 'number' ? ' s' : ''}`;
  return MISSING;
}

function countersText(counters) {
  const entries = Object.entries(counters || {});
  return entries.length ? entries.map(([name, n]) => `${name}=${n}`).join(' ') : MISSING;
}

export function sourcesPage(view) {
  document.title = 'Sources · runlog';
  const message = el('p', { id: 'sources-message', class: 'message' });
  const sources = table('sources', ['Source', 'Kind', 'State', 'Reason', 'Lag', 'Counters', 'Updated', 'Spec', '']);
  view.append(el('h1', { text: 'Sources' }),
    el('p', { class: 'dim small', text: 'Kafka topics, webhooks and schedules that start runs. Define them with PUT /api/sources/{id} or runlog sources put.' }),
    message, sources.node);
  const schedules = table('schedules', ['Schedule', 'When', 'Starts', 'State', 'Next tick', 'Last fired', 'Runs', 'Reason']);
  view.append(el('h2', { text: 'Schedules' }), schedules.node);
  const seen = {};
  let poll = null;

  async function toggle(source, button) {
    button.disabled = true;
    const answer = await post(`/api/sources/${encodeURIComponent(source.id)}/${source.paused ? 'resume' : 'pause'}`);
    message.textContent = answer.ok ? '' : `Could not ${source.paused ? 'resume' : 'pause'} ${source.id}: ${why(answer)}`;
    poll.refresh();
  }

  poll = poller(SOURCES_POLL_MS, async (isCurrent) => {
    const [answer, timers] = await Promise.all([api('/api/sources'), api('/api/schedules')]);
    if (!isCurrent()) return;
    message.textContent = answer.ok ? '' : 'Could not load the sources: ' + why(answer);
    if (!answer.ok || !changed(seen, 'sources', [answer.body, timers.body])) return;
    // a schedule's state is known where its timer runs: /api/schedules asks every instance
    const byId = {};
    const scheduleList = (timers.ok && timers.body && timers.body.schedules) || [];
    scheduleList.forEach((schedule) => { byId[schedule.id] = schedule; });
    const list = ((answer.body && answer.body.sources) || []).map((source) => (byId[source.id]
      ? { ...source, state: byId[source.id].state, reason: byId[source.id].reason } : source));
    fillRows(schedules, scheduleList.map((schedule) => el('tr', { dataset: { scheduleId: schedule.id } },
      el('td', { class: 'mono', text: schedule.id }),
      el('td', { class: 'mono', text: whenText(schedule) }),
      el('td', { text: schedule.job ? 'job ' + schedule.job : schedule.event ? 'event ' + schedule.event : MISSING }),
      el('td', {}, badge(schedule.state)),
      el('td', { class: 'next-tick' }, time(schedule.nextTick)),
      el('td', {}, time(schedule.lastFiredAt)),
      el('td', { text: schedule.fired ?? MISSING }),
      el('td', { text: schedule.reason ?? MISSING }))),
    'No schedules. Declare one on a job (.cron, .every) or POST /api/schedules.');
    fillRows(sources, list.map((source) => {
      const button = el('button', { type: 'button', class: 'source-toggle', dataset: { sourceId: source.id },
        text: source.paused ? 'Resume' : 'Pause' });
      button.addEventListener('click', () => toggle(source, button));
      return el('tr', { dataset: { sourceId: source.id, state: source.state || '' } },
        el('td', { class: 'mono', text: source.id }),
        el('td', { text: source.kind ?? MISSING }),
        el('td', {}, badge(source.state)),
        el('td', { class: 'source-reason', text: source.reason ?? MISSING }),
        el('td', { text: source.lag ?? MISSING }),
        el('td', { class: 'small', text: countersText(source.counters) }),
        el('td', {}, time(source.updatedAt)),
        el('td', {}, el('details', {}, el('summary', { text: 'spec' }), json(source.spec))),
        el('td', {}, button));
    }), 'No sources yet. Events still arrive through POST /api/events and the triggers topic.');
  });
  return poll;
}
