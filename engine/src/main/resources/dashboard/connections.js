// #/connections: the managed connections (credentials of the integrations jobs declare with
// Auth.managed() or Auth.perAccount()), the missing ones runs wait for, and a form to store one.
// A secret goes from the form to the engine once and is never shown again: the engine answers with
// the connection's type and time only, and the form's secret fields are emptied after each try.
import { MISSING, api, el, fillRows, changed, poller, table, time, why } from './lib.js';

const CONNECTIONS_POLL_MS = 2000;

/** The secret fields of each credentials type, as the engine's PUT /api/connections reads them. */
const TYPES = {
  bearer: [{ name: 'token', label: 'Token', secret: true }],
  basic: [{ name: 'username', label: 'User name' }, { name: 'password', label: 'Password', secret: true }],
  'api-key': [{ name: 'header', label: 'Header', placeholder: 'X-Api-Key' }, { name: 'value', label: 'Value', secret: true }],
};

/** An integration's kind as a small label with an icon (slack, http, kafka, or a custom kind). */
export function kindLabel(kind, text) {
  const icons = { slack: '#', http: '↗', kafka: '≋' };
  return el('span', { class: 'kind', dataset: { kind: kind || '' }, title: `integration kind: ${kind ?? MISSING}` },
    el('span', { class: 'kind-icon', 'aria-hidden': 'true', text: icons[kind] || '◆' }), ' ', text ?? kind ?? MISSING);
}

export const connectionsHref = (key) => '#/connections' + (key ? '?key=' + encodeURIComponent(key) : '');

const path = (integration, account) => '/api/connections/' + encodeURIComponent(integration)
  + (account ? '/' + encodeURIComponent(account) : '');

export function connectionsPage(view, params) {
  document.title = 'Connections · runlog';
  const message = el('p', { id: 'connections-message', class: 'message' });
  const connections = table('connections', ['Connection', 'Type', 'Jobs', 'Waiting runs', 'Updated', 'Key', '']);
  const missing = table('missing-connections', ['Connection', 'Waiting runs', '']);
  const integrations = table('integrations', ['Integration', 'Credentials', 'Jobs']);

  // The form: which connection, its type, and the fields of that type (the secret ones as passwords).
  const integration = el('input', { id: 'connection-integration', required: true, spellcheck: 'false', list: 'declared-integrations', placeholder: 'slack' });
  const declared = el('datalist', { id: 'declared-integrations' });
  const account = el('input', { id: 'connection-account', spellcheck: 'false', placeholder: 'only for a per-account integration' });
  const type = el('select', { id: 'connection-type' }, Object.keys(TYPES).map((t) => el('option', { value: t, text: t })));
  const fields = el('span', { class: 'credential-fields' });
  const formMessage = el('span', { id: 'connection-form-message', class: 'message' });
  let inputs = {};
  function showFields() {
    inputs = {};
    fields.replaceChildren(...TYPES[type.value].map((f) => {
      const input = el('input', { id: 'connection-' + f.name, name: f.name, required: true, spellcheck: 'false',
        autocomplete: 'off', type: f.secret ? 'password' : 'text', placeholder: f.placeholder });
      inputs[f.name] = input;
      return el('label', {}, f.label + ' ', input);
    }));
  }
  type.addEventListener('change', showFields);
  showFields();
  const form = el('form', { id: 'connection-form', class: 'connection-form', autocomplete: 'off', onsubmit: async (event) => {
    event.preventDefault();
    const body = { type: type.value };
    for (const [name, input] of Object.entries(inputs)) body[name] = input.value;
    const name = integration.value.trim();
    const acct = account.value.trim();
    // the secret leaves the page with this request, and the fields are emptied whatever the answer
    Object.values(inputs).filter((i) => i.type === 'password').forEach((i) => { i.value = ''; });
    formMessage.textContent = 'Storing…';
    const answer = await api(path(name, acct), {
      method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    formMessage.dataset.state = answer.ok ? 'ok' : 'error';
    formMessage.textContent = answer.ok
      ? `Stored ${answer.body.key} (${answer.body.type}). Runs waiting for it start now.`
      : 'Not stored: ' + why(answer);
    if (answer.ok) poll.refresh();
  } },
  el('label', {}, 'Integration ', integration), declared,
  el('label', {}, 'Account ', account),
  el('label', {}, 'Type ', type),
  fields,
  el('button', { id: 'connection-submit', type: 'submit', text: 'Store' }),
  formMessage);

  /** Fills the form for {@code key} (integration or integration/account), ready for its secret. */
  function prefill(key) {
    const slash = key.indexOf('/');
    integration.value = slash < 0 ? key : key.slice(0, slash);
    account.value = slash < 0 ? '' : key.slice(slash + 1);
    (Object.values(inputs).find((i) => i.type === 'password') || integration).focus();
  }

  view.append(el('h1', { text: 'Connections' }),
    el('p', { class: 'dim small', text: 'The credentials of the integrations jobs declare with Auth.managed() or Auth.perAccount(). '
      + 'The engine seals them with its connections.key; no page or answer shows a secret again. Also: PUT /api/connections/{integration}[/{accountId}] or runlog connections put.' }),
    message, connections.node,
    el('h2', { text: 'Missing: runs wait for them' }), missing.node,
    el('h2', { text: 'Store a connection' }), form,
    el('h2', { text: 'Declared integrations' }), integrations.node);
  if (params && params.get('key')) prefill(params.get('key'));

  const seen = {};
  async function remove(key, button) {
    button.disabled = true;
    const slash = key.indexOf('/');
    const answer = await api(slash < 0 ? path(key) : path(key.slice(0, slash), key.slice(slash + 1)), { method: 'DELETE' });
    message.textContent = answer.ok ? '' : `Could not delete ${key}: ${why(answer)}`;
    poll.refresh();
  }

  const poll = poller(CONNECTIONS_POLL_MS, async (isCurrent) => {
    const answer = await api('/api/connections');
    if (!isCurrent()) return;
    message.textContent = answer.ok ? '' : 'Could not load the connections: ' + why(answer);
    if (!answer.ok || !changed(seen, 'connections', answer.body)) return;
    const body = answer.body || {};
    fillRows(connections, (body.connections || []).map((c) => {
      const button = el('button', { type: 'button', class: 'connection-delete', dataset: { key: c.key }, text: 'Delete' });
      button.addEventListener('click', () => remove(c.key, button));
      return el('tr', { dataset: { key: c.key } },
        el('td', { class: 'mono', text: c.key }),
        el('td', { text: c.type ?? MISSING }),
        el('td', { text: (c.jobs || []).join(', ') || MISSING }),
        el('td', { class: 'waiting-runs', text: c.waitingRuns ?? MISSING }),
        el('td', {}, time(c.updatedAt)),
        el('td', { class: c.currentKey === false ? 'error' : '',
          text: c.currentKey == null ? MISSING : c.currentKey ? 'current' : 'another key: workers cannot open it' }),
        el('td', {}, button));
    }), 'No connections yet.');
    fillRows(missing, (body.missing || []).map((m) => el('tr', { dataset: { key: m.key } },
      el('td', { class: 'mono', text: m.key }),
      el('td', { class: 'waiting-runs', text: m.waitingRuns ?? MISSING }),
      el('td', {}, el('button', { type: 'button', class: 'connection-add', dataset: { key: m.key }, text: 'Add',
        onclick: () => prefill(m.key) })))), 'No run waits for a connection.');
    declared.replaceChildren(...(body.integrations || []).map((i) => el('option', { value: i.integration })));
    fillRows(integrations, (body.integrations || []).map((i) => el('tr', { dataset: { integration: i.integration } },
      el('td', {}, kindLabel(i.kind, i.integration)),
      el('td', { text: (i.auth || []).map((a) => (a === 'per-account' ? 'one per account' : 'one for every run')).join(', ') || MISSING }),
      el('td', { text: (i.jobs || []).join(', ') || MISSING }))), 'No registered job declares a managed integration.');
  });
  return poll;
}
