// Building page elements. Every value from the API goes into the page as text (never as HTML), so a device name
// cannot inject markup.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Replaces the page's main view. */
export function view(...children) {
  const main = document.getElementById('view');
  main.replaceChildren(...children.filter(c => c !== null && c !== undefined));
  return main;
}

export function problemsBox(errors) {
  return h('div', {class: 'notice error', role: 'alert'},
    errors.map(e => h('div', {}, (e.field ? e.field + ': ' : '') + e.message)));
}

export function statusBadge(status) {
  return h('span', {class: 'status ' + status}, status);
}
