// The tagging page: sends the text to POST /tag and shows the answer with every entity highlighted
// in place, coloured by type. The text is only ever put into the page as text nodes (textContent),
// cut at the offsets of the answer, so nothing a user types can become markup.
import { callApi, el, showMessage, typeClass } from './api.js';

const form = document.getElementById('tag-form');
const input = document.getElementById('text');
const button = document.getElementById('tag');
const message = document.getElementById('message');
const result = document.getElementById('result');
const tagged = document.getElementById('tagged');
const summary = document.getElementById('summary');
const legend = document.getElementById('legend');
const tokenRows = document.querySelector('#tokens tbody');
const modelVersion = document.getElementById('model-version');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  tag();
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    tag();
  }
});

// Servers and proxies refuse request lines much past 8 KB, so a longer text is not put in a link.
const MAX_LINK_LENGTH = 6000;

/** Tags the text in the box, keeps it in the address (?text=) so the result can be shared. */
async function tag() {
  const text = input.value;
  const url = new URL(window.location.href);
  url.searchParams.set('text', text);
  if (url.href.length > MAX_LINK_LENGTH) url.searchParams.delete('text');
  window.history.replaceState(null, '', url);

  button.disabled = true;
  button.textContent = 'Tagging…';
  showMessage(message, '');
  try {
    const answer = await callApi('tag', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ text }),
    });
    render(text, answer);
  } catch (e) {
    result.hidden = true;
    showMessage(message, e.message, 'error');
  } finally {
    button.disabled = false;
    button.textContent = 'Tag';
  }
}

function render(text, answer) {
  const tokens = answer.tokens || [];
  const entities = [...(answer.entities || [])].sort((a, b) => a.start - b.start);
  tagged.replaceChildren(...highlight(text, tokens, entities));

  const counts = new Map();
  for (const entity of entities) counts.set(entity.type, (counts.get(entity.type) || 0) + 1);
  summary.textContent = entities.length === 0
    ? `No entities found in ${tokens.length} tokens.`
    : `${entities.length} ${entities.length === 1 ? 'entity' : 'entities'} in ${tokens.length} tokens.`;
  legend.replaceChildren(...[...counts.entries()].map(([type, n]) =>
    el('span', { class: `chip ${typeClass(type)}` }, `${type} × ${n}`)));

  tokenRows.replaceChildren(...tokens.map((token, i) => el('tr', { class: token.unk ? 'unk-row' : null },
    el('td', {}, String(i + 1)),
    el('td', {}, token.text),
    el('td', {}, token.label),
    el('td', { class: 'num' }, token.score.toFixed(3)),
    el('td', { class: 'num' }, `${token.start}–${token.end}`),
    el('td', {}, token.unk ? 'UNK' : ''))));

  modelVersion.textContent = answer.model;
  result.hidden = false;
}

/**
 * The text as nodes: the gaps between tokens as plain text, every token as a focusable span with
 * its label and score, and the tokens of each entity (with the gaps between them) inside one
 * <mark> carrying the entity's type. Offsets are UTF-16 code units, as JavaScript indexes strings.
 */
function highlight(text, tokens, entities) {
  const nodes = [];
  let position = 0;
  let next = 0;
  const gap = (parent, end) => {
    if (end > position) parent.push(document.createTextNode(text.slice(position, end)));
    position = Math.max(position, end);
  };
  const emitToken = (parent, token) => {
    gap(parent, token.start);
    parent.push(tokenNode(text, token));
    position = token.end;
  };
  for (const entity of entities) {
    while (next < tokens.length && tokens[next].start < entity.start) emitToken(nodes, tokens[next++]);
    gap(nodes, entity.start);
    const inside = [];
    while (next < tokens.length && tokens[next].start < entity.end) emitToken(inside, tokens[next++]);
    gap(inside, entity.end);
    nodes.push(el('mark', {
      class: `entity ${typeClass(entity.type)}`,
      dataset: { type: entity.type, start: entity.start, end: entity.end },
      title: `${entity.type} · span score ${entity.score.toFixed(3)}`,
    }, inside, el('span', { class: 'entity-type', 'aria-label': `(${entity.type})` }, entity.type)));
  }
  while (next < tokens.length) emitToken(nodes, tokens[next++]);
  gap(nodes, text.length);
  return nodes;
}

function tokenNode(text, token) {
  const tip = `${token.label} · ${token.score.toFixed(3)}${token.unk ? ' · UNK (unknown word)' : ''}`;
  return el('span', {
    class: token.unk ? 'tok unk' : 'tok',
    tabindex: 0,
    title: tip,
    'aria-label': `${text.slice(token.start, token.end)}: ${tip}`,
    dataset: { label: token.label, score: token.score, tip },
  }, text.slice(token.start, token.end));
}

// A shared link (/?text=...) fills the box and tags at once.
const shared = new URLSearchParams(window.location.search).get('text');
if (shared !== null) {
  input.value = shared;
  if (shared.trim() !== '') tag();
}
document.documentElement.dataset.ready = 'true';
