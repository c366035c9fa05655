// The admin page: model versions, training jobs, and a retrain followed live. The admin token lives
// only in the variable below: never in localStorage, sessionStorage, a cookie or the address.
import { callApi, el, showMessage } from './api.js';

let token = null;
let followed = null;   // id of the job shown in the job panel
let pollTimer = null;

const $ = (id) => document.getElementById(id);
const message = $('message');
const FINAL = new Set(['succeeded', 'failed', 'rejected', 'cancelled']);
const POLL_MS = 1000;

function admin(path, options = {}) {
  return callApi(path, { ...options, headers: { ...(options.headers || {}), Authorization: `Bearer ${token}` } });
}

$('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  $('token').value = '';
  if (!token) {
    showMessage(message, 'Enter the admin token first.');
    return;
  }
  if (await refresh()) {
    $('signed-in').hidden = false;
    $('refresh').hidden = false;
    showMessage(message, 'Token accepted.', 'ok');
  } else {
    token = null;
  }
});

$('refresh').addEventListener('click', () => refresh());

/** Reloads both lists; false (with the message shown) when the API refused or failed. */
async function refresh() {
  try {
    const [models, jobs] = await Promise.all([admin('admin/models'), admin('admin/jobs')]);
    renderModels(models);
    renderJobs(jobs.jobs);
    // A job already under way (started from another tab, or before a reload) is followed at once.
    const current = jobs.jobs.find((job) => !FINAL.has(job.state));
    if (current && followed === null) follow(current.id, current);
    return true;
  } catch (e) {
    showMessage(message, e.message);
    return false;
  }
}

function renderModels(list) {
  $('models').tBodies[0].replaceChildren(...list.models.map((model) => {
    const activate = model.active || model.problem ? null
      : el('button', { type: 'button', class: 'secondary', 'aria-label': `Activate ${model.version}` }, 'Activate');
    activate?.addEventListener('click', () => activateVersion(model.version));
    return el('tr', { class: model.active ? 'active-row' : null, dataset: { version: model.version } },
      el('td', { class: 'mono' }, model.version),
      el('td', {}, model.source),
      el('td', {}, model.createdAt ? formatTime(model.createdAt) : '—'),
      el('td', {}, model.problem ? `unusable: ${model.problem}` : (model.entityTypes || []).join(', ')),
      el('td', { class: 'num' }, model.metrics ? model.metrics.validF1.toFixed(2) : '—'),
      el('td', {}, model.active ? el('span', { class: 'badge state-succeeded' }, 'active') : activate));
  }));
}

async function activateVersion(version) {
  try {
    await admin(`admin/models/${encodeURIComponent(version)}/activate`, { method: 'POST' });
    showMessage(message, `Model ${version} is now active.`, 'ok');
  } catch (e) {
    showMessage(message, e.message);
  }
  refresh();
}

function renderJobs(jobs) {
  $('jobs').tBodies[0].replaceChildren(...jobs.map((job) => {
    const show = el('button', { type: 'button', class: 'secondary mono', 'aria-label': `Show job ${job.id}` },
      job.id.slice(0, 8));
    show.addEventListener('click', () => follow(job.id));
    return el('tr', { class: `job-row${job.id === followed ? ' selected' : ''}`, dataset: { id: job.id } },
      el('td', {}, show),
      el('td', {}, el('span', { class: `badge state-${job.state}` }, job.state)),
      el('td', {}, formatTime(job.createdAt)),
      el('td', { class: 'num' }, `${job.epochs.length} / ${job.progress.maxEpochs}`),
      el('td', { class: 'mono' }, job.modelVersion || '—'),
      el('td', {}, outcome(job)));
  }));
}

$('retrain-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData();
  const epochs = Number($('epochs').value);
  if (!Number.isInteger(epochs) || epochs < 1) {
    showMessage(message, 'Epochs must be a whole number of at least 1.');
    return;
  }
  const config = { epochs };
  if ($('init-active').checked) config.initFrom = 'active';
  form.append('config', JSON.stringify(config));
  if ($('train-file').files[0]) form.append('trainConll', $('train-file').files[0]);
  if ($('valid-file').files[0]) form.append('validConll', $('valid-file').files[0]);
  if ($('add-to-base').checked) form.append('addToBase', 'true');
  if ($('force').checked) form.append('force', 'true');
  $('start').disabled = true;
  try {
    const job = await admin('admin/retrain', { method: 'POST', body: form });
    showMessage(message, `Retraining started: job ${job.id}.`, 'info');
    follow(job.id, job);
  } catch (e) {
    showMessage(message, e.message);
  } finally {
    $('start').disabled = false;
  }
});

$('cancel').addEventListener('click', async () => {
  try {
    showJob(await admin(`admin/jobs/${encodeURIComponent(followed)}`, { method: 'DELETE' }));
  } catch (e) {
    showMessage(message, e.message);
  }
});

/** Shows one job and, while it has not ended, polls it every second. */
function follow(id, snapshot) {
  followed = id;
  clearTimeout(pollTimer);
  if (snapshot) showJob(snapshot);
  poll();
}

async function poll() {
  const id = followed;
  let job;
  try {
    job = await admin(`admin/jobs/${encodeURIComponent(id)}`);
  } catch (e) {
    showMessage(message, `Could not follow job ${id}: ${e.message}`);
    if (id === followed) pollTimer = setTimeout(poll, POLL_MS * 3);
    return;
  }
  if (id !== followed) return;
  showJob(job);
  if (FINAL.has(job.state)) {
    refresh();
  } else {
    pollTimer = setTimeout(poll, POLL_MS);
  }
}

function showJob(job) {
  $('job').hidden = false;
  $('job').dataset.state = job.state;
  $('job-id').textContent = job.id;
  const state = $('job-state');
  state.textContent = job.state;
  state.className = `badge state-${job.state}`;
  $('job-started-from').textContent = job.startedFrom ? `model ${job.startedFrom}` : 'scratch (random weights)';
  // Any replica shows any job; this names the one doing the work (pid@host).
  $('job-replica').textContent = job.replica || '';
  const p = job.progress;
  $('job-progress').value = p.percent;
  $('job-progress-text').textContent = `epoch ${p.epoch} of ${p.maxEpochs}, batch ${p.batch} of ${p.batchesPerEpoch}`
    + ` · ${p.percent.toFixed(0)} % · ${p.elapsedSeconds.toFixed(0)} s elapsed`
    + (p.etaSeconds != null && !FINAL.has(job.state) ? ` · about ${p.etaSeconds.toFixed(0)} s left` : '');
  drawCurve($('curve'), job.epochs, Math.max(p.maxEpochs, job.epochs.length, 1));
  $('epochs-table').tBodies[0].replaceChildren(...job.epochs.map((e) => el('tr', {},
    el('td', { class: 'num' }, String(e.epoch)),
    el('td', { class: 'num' }, e.trainLoss.toFixed(4)),
    el('td', { class: 'num' }, e.validF1.toFixed(2)),
    el('td', { class: 'num' }, e.validPrecision.toFixed(2)),
    el('td', { class: 'num' }, e.validRecall.toFixed(2)),
    el('td', { class: 'num' }, e.seconds.toFixed(1)))));
  const verdict = $('verdict');
  if (FINAL.has(job.state)) {
    verdict.dataset.state = job.state;
    showMessage(verdict, verdictText(job), job.state === 'succeeded' ? 'ok' : job.state === 'cancelled' ? 'info' : 'error');
    verdict.classList.add('verdict');
  } else {
    showMessage(verdict, '');
  }
  $('cancel').hidden = FINAL.has(job.state);
  for (const row of $('jobs').tBodies[0].rows) row.classList.toggle('selected', row.dataset.id === job.id);
}

/** How the job ended, in the job's own words (the gate's explanation, the reason). */
function verdictText(job) {
  switch (job.state) {
    case 'succeeded':
      return `Promoted: ${job.modelVersion} is now the active model. ${job.gate ? sentence(job.gate.explanation) : ''}`;
    case 'rejected':
      return `Rejected: the active model stays. ${sentence(job.reason || job.gate?.explanation || '')}`;
    case 'failed':
      return `Failed: ${job.reason || 'no reason given'}`;
    default:
      return `Cancelled: ${job.reason || 'the job was cancelled'}`;
  }
}

/** "rejected: candidate F1 ..." as "Candidate F1 ...": the verdict already says promoted or rejected. */
function sentence(text) {
  const rest = text.replace(/^(promoted|rejected):\s*/i, '');
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : rest;
}

function outcome(job) {
  if (job.state === 'succeeded') return 'promoted';
  if (job.state === 'rejected') return job.gate ? `rejected (F1 ${job.gate.candidateF1.toFixed(2)} vs ${job.gate.activeF1.toFixed(2)})` : 'rejected';
  if (job.state === 'failed' || job.state === 'cancelled') return job.reason || job.state;
  return '…';
}

const formatTime = (iso) => new Date(iso).toLocaleString();

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Draws loss (left axis, from 0) and valid F1 (right axis, 0 to 100) against the epoch, as an SVG
 * line chart with a point per finished epoch. Loss is dashed so the two differ without colour.
 */
function drawCurve(chart, epochs, maxEpochs) {
  const W = 640, H = 280, left = 56, right = 56, top = 30, bottom = 40;
  const plotW = W - left - right, plotH = H - top - bottom;
  const maxLoss = niceCeiling(Math.max(...epochs.map((e) => e.trainLoss), 0.1));
  const x = (epoch) => left + (maxEpochs === 1 ? plotW / 2 : ((epoch - 1) / (maxEpochs - 1)) * plotW);
  const yLoss = (loss) => top + plotH - (loss / maxLoss) * plotH;
  const yF1 = (f1) => top + plotH - (f1 / 100) * plotH;
  const nodes = [];
  for (let i = 0; i <= 4; i++) {
    const y = top + (plotH * i) / 4;
    nodes.push(svg('line', { class: 'grid-line', x1: left, x2: left + plotW, y1: y, y2: y }));
    nodes.push(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, formatLoss(maxLoss * (1 - i / 4))));
    nodes.push(svg('text', { x: left + plotW + 6, y: y + 4 }, String(100 - 25 * i)));
  }
  nodes.push(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: top + plotH }));
  nodes.push(svg('line', { class: 'axis', x1: left + plotW, x2: left + plotW, y1: top, y2: top + plotH }));
  nodes.push(svg('line', { class: 'axis', x1: left, x2: left + plotW, y1: top + plotH, y2: top + plotH }));
  const step = Math.max(1, Math.ceil(maxEpochs / 10));
  for (let epoch = 1; epoch <= maxEpochs; epoch += step) {
    nodes.push(svg('text', { x: x(epoch), y: top + plotH + 16, 'text-anchor': 'middle' }, String(epoch)));
  }
  nodes.push(svg('text', { x: left + plotW / 2, y: H - 6, 'text-anchor': 'middle' }, 'epoch'));
  nodes.push(svg('text', { x: left - 6, y: 16, 'text-anchor': 'end' }, 'loss'));
  nodes.push(svg('text', { x: left + plotW + 6, y: 16 }, 'F1 %'));
  // Legend
  nodes.push(svg('line', { class: 'loss', x1: left + 20, x2: left + 50, y1: 14, y2: 14 }));
  nodes.push(svg('text', { x: left + 56, y: 18 }, 'training loss'));
  nodes.push(svg('line', { class: 'f1', x1: left + 170, x2: left + 200, y1: 14, y2: 14 }));
  nodes.push(svg('text', { x: left + 206, y: 18 }, 'valid F1'));
  if (epochs.length === 0) {
    nodes.push(svg('text', { x: left + plotW / 2, y: top + plotH / 2, 'text-anchor': 'middle' },
      'The first point appears when epoch 1 ends.'));
  }
  const series = (name, y, value) => {
    const points = epochs.map((e) => `${x(e.epoch).toFixed(1)},${y(value(e)).toFixed(1)}`).join(' ');
    nodes.push(svg('polyline', { class: name, points, 'data-points': epochs.length }));
    for (const e of epochs) {
      const dot = svg('circle', { class: name, cx: x(e.epoch), cy: y(value(e)), r: 4 });
      dot.append(svg('title', {}, `epoch ${e.epoch}: ${name === 'loss' ? `loss ${e.trainLoss.toFixed(4)}` : `F1 ${e.validF1.toFixed(2)}`}`));
      nodes.push(dot);
    }
  };
  series('loss', yLoss, (e) => e.trainLoss);
  series('f1', yF1, (e) => e.validF1);
  chart.dataset.epochs = String(epochs.length);
  chart.replaceChildren(...nodes);
}

function niceCeiling(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

const formatLoss = (v) => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));

document.documentElement.dataset.ready = 'true';
