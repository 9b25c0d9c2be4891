// #/sources: where events come from besides the API and the triggers topic (Kafka topics,
// webhooks, schedules), with each one's state on the engine that answers, its lag and counters.
import { MISSING, api, badge, changed, el, fillRows, json, poller, post, table, time, why } from './lib.js';

const SOURCES_POLL_MS = 2000;

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
  const seen = {};
  let poll = null;

  async function toggle(source, button) {
    button.disabled = true;
    const answer = await post(`/api/sources/${encodeURIComponent(source.id)}/${source.paused ? 'resume' : 'pause'}`);
    message.textContent = answer.ok ? '' : `Could not ${source.paused ? 'resume' : 'pause'} ${source.id}: ${why(answer)}`;
    poll.refresh();
  }

  poll = poller(SOURCES_POLL_MS, async (isCurrent) => {
    const answer = await api('/api/sources');
    if (!isCurrent()) return;
    message.textContent = answer.ok ? '' : 'Could not load the sources: ' + why(answer);
    if (!answer.ok || !changed(seen, 'sources', answer.body)) return;
    const list = (answer.body && answer.body.sources) || [];
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
