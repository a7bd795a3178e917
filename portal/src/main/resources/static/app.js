// The page is built from /metadata: no archetype or property is named here. Generate is the form's own POST.
'use strict';
(async function () {
  const form = document.getElementById('starter');
  const select = document.getElementById('archetype');
  const fields = document.getElementById('fields');
  const metadata = await (await fetch('/metadata', { headers: { Accept: 'application/json' } })).json();
  const byId = new Map(metadata.archetypes.map(a => [a.id, a]));
  const initial = new URLSearchParams(location.search);

  for (const archetype of metadata.archetypes) {
    select.append(new Option(archetype.id, archetype.id));
  }
  if (byId.has(initial.get('archetype'))) select.value = initial.get('archetype');

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(values) {
    const archetype = byId.get(select.value);
    document.getElementById('archetype-description').textContent = archetype.description || '';
    fields.replaceChildren();
    for (const property of archetype.properties) {
      const id = 'field-' + property.name;
      const p = el('p', { class: 'field' });
      p.append(el('label', { for: id }, property.name + (property.required ? ' (required)' : '')));
      let input;
      const choices = property.choices || [];
      if (choices.length) {
        input = el('select', { id, name: property.name });
        choices.forEach(c => input.append(new Option(c, c, false, c === property.default)));
      } else {
        input = el('input', { id, name: property.name });
        const dflt = property.default && !String(property.default).includes('${') ? property.default : '';
        input.value = dflt;
        if (property.pattern) input.setAttribute('data-pattern', property.pattern);
      }
      if (values && values.has(property.name)) input.value = values.get(property.name);
      input.setAttribute('aria-describedby', id + '-help ' + id + '-problem');
      p.append(input);
      p.append(el('small', { id: id + '-help' }, (property.description || '') +
        (property.pattern ? ' Pattern: ' + property.pattern : '')));
      p.append(el('span', { id: id + '-problem', class: 'problem', role: 'alert' }));
      fields.append(p);
    }
    update();
  }

  function params() {
    const data = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v !== '') data.append(k, v);
    return data;
  }

  function shellQuote(s) { return "'" + s.replace(/'/g, "'\\''") + "'"; }

  function update() {
    const data = params();
    const artifact = data.get('artifactId') || 'starter';
    document.getElementById('curl').textContent = 'curl -fsSL ' + shellQuote(location.origin + '/starter.zip?' + data) +
      ' -o ' + shellQuote(artifact + '.zip');
    document.getElementById('share-url').textContent = location.origin + '/?' + data;
  }

  function clearProblems() {
    document.querySelectorAll('.problem').forEach(n => { n.textContent = ''; });
    document.querySelectorAll('[aria-invalid]').forEach(n => n.removeAttribute('aria-invalid'));
  }

  // The server's own problems, each shown at its field; true when there were none.
  async function check() {
    clearProblems();
    const response = await fetch('/preview?' + params(), { headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (response.ok) return body;
    for (const problem of body.problems || []) {
      const target = document.getElementById('field-' + problem.property + '-problem');
      const input = document.getElementById('field-' + problem.property);
      if (target) { target.textContent = problem.message; input.setAttribute('aria-invalid', 'true'); }
      else document.getElementById('form-problem').textContent += problem.message + ' ';
    }
    if (!(body.problems || []).length) document.getElementById('form-problem').textContent = body.detail || body.title;
    const first = document.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
    return null;
  }

  async function explore() {
    const preview = await check();
    const section = document.getElementById('explorer');
    if (!preview) { section.hidden = true; return; }
    const tree = document.getElementById('tree');
    const content = document.getElementById('file-content');
    tree.replaceChildren();
    for (const file of preview.files) {
      const button = el('button', { type: 'button', 'data-path': file.path }, file.path + '  ' + file.mode);
      button.addEventListener('click', () => {
        tree.querySelectorAll('[aria-current]').forEach(b => b.removeAttribute('aria-current'));
        button.setAttribute('aria-current', 'true');
        content.textContent = file.text === null ? '(binary, ' + file.size + ' bytes)' : file.text;
      });
      const li = el('li');
      li.append(button);
      tree.append(li);
    }
    section.hidden = false;
    const first = tree.querySelector('button');
    if (first) first.click();
  }

  form.addEventListener('input', update);
  select.addEventListener('change', () => render(null));
  document.getElementById('explore').addEventListener('click', explore);
  document.getElementById('share').addEventListener('click', () => {
    history.replaceState(null, '', '/?' + params());
    update();
  });
  document.getElementById('copy-curl').addEventListener('click', async () => {
    const text = document.getElementById('curl').textContent;
    try { await navigator.clipboard.writeText(text); } catch (e) { /* the command stays shown for manual copy */ }
  });
  form.addEventListener('submit', async event => {
    // Checked first so problems show at the field; the download itself is the form's plain POST.
    if (form.dataset.checked === 'yes') { form.dataset.checked = ''; return; }
    event.preventDefault();
    if (await check()) { form.dataset.checked = 'yes'; form.requestSubmit(); }
  });

  render(initial);
  form.hidden = false;
})();
