// Shared by the tagging page and the admin page: calling the API and turning every failure into
// a sentence a person can read. Nothing here ever puts text into the page as HTML.

/** An API call that failed; `message` is what the page shows. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * fetch() that resolves to parsed JSON for a 2xx answer and throws ApiError otherwise: with the
 * problem+json `detail` (RFC 9457) when the service sent one, with the status line when it did not,
 * and with a network message when the service could not be reached at all.
 */
export async function callApi(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new ApiError(`Could not reach the service (${e.message || 'network error'}). Is it running?`, 0);
  }
  const type = response.headers.get('Content-Type') || '';
  let body = null;
  if (type.includes('json')) {
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
  }
  if (!response.ok) {
    const title = body && body.title ? body.title : response.statusText || 'Error';
    const detail = body && (body.detail || body.error);
    throw new ApiError(detail ? `${title}: ${detail}` : `${title} (HTTP ${response.status})`, response.status);
  }
  return body;
}

/** Creates an element with attributes and children (strings become text nodes, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Shows a message in a status element: kind is 'error', 'info' or 'ok'; an empty text hides it. */
export function showMessage(box, text, kind = 'error') {
  box.textContent = text || '';
  box.className = `message ${kind}`;
  box.hidden = !text;
}

// Entity types of the bundled model get fixed colours (as displaCy does); any other type gets one
// of the rest by a hash of its name, so a type keeps its colour across requests and pages. All are
// light backgrounds under near-black text: contrast above 10:1 (WCAG AA asks 4.5:1).
const FIXED = { PER: 0, ORG: 1, LOC: 2, MISC: 3 };
const PALETTE_SIZE = 10;

/** The colour class (`type-0` ... `type-9`) of an entity type. */
export function typeClass(type) {
  if (type in FIXED) return `type-${FIXED[type]}`;
  let hash = 0;
  for (const ch of type) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return `type-${4 + (hash % (PALETTE_SIZE - 4))}`;
}
