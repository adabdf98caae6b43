// Form controls shared by the device and site forms: a labelled field with its error slot, and the display of the
// errors the API answers (each next to its field, the rest above the form).
import {h, problemsBox} from './dom.js';

/** A label, the input (named {@code name}, the JSON path the API names in its errors), a hint and an error slot. */
export function field(label, name, input, hint, required) {
  input.name = name;
  return h('label', {'data-field': name}, h('span', {}, label, required ? h('b', {class: 'required', title: 'required'}, ' *') : null),
    input, hint ? h('small', {class: 'muted hint'}, hint) : null, errorSlot(name));
}

export function errorSlot(name) {
  return h('div', {class: 'field-error', 'data-error-for': name});
}

function valueOf(value) {
  return value === undefined || value === null ? '' : value;
}

export function text(value, attrs) {
  return h('input', Object.assign({type: 'text', value: valueOf(value)}, attrs || {}));
}

export function number(value, attrs) {
  return h('input', Object.assign({type: 'number', value: valueOf(value)}, attrs || {}));
}

/**
 * Shows {@code errors} ({field, message}) next to their fields; one with no field of its own goes to the slot
 * {@code fallback} when given (the raw settings editor), otherwise above the form.
 */
export function showFieldErrors(errors, fallback) {
  document.querySelectorAll('[data-error-for]').forEach(e => { e.textContent = ''; });
  const general = [];
  const fallbackSlot = fallback && document.querySelector('[data-error-for="' + CSS.escape(fallback) + '"]');
  for (const e of errors) {
    const slot = document.querySelector('[data-error-for="' + CSS.escape(e.field) + '"]');
    if (slot) slot.textContent = (slot.textContent ? slot.textContent + '; ' : '') + e.message;
    else if (fallbackSlot && e.field) fallbackSlot.textContent += (fallbackSlot.textContent ? '; ' : '') + e.field + ': ' + e.message;
    else general.push(e);
  }
  const box = document.getElementById('form-errors');
  if (box) box.replaceChildren(general.length ? problemsBox(general) : '');
}
