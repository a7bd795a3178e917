// The page is built from /metadata: no archetype or property is named here. Generate is the form's own POST, so
// the download is the browser's; the script only checks first (to show the server's problems at their fields).
'use strict';
(async function () {
  const form = document.getElementById('starter');
  const select = document.getElementById('archetype');
  const fields = document.getElementById('fields');
  const status = document.getElementById('status');
  let metadata;
  try {
    const response = await fetch('/metadata', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error('GET /metadata answered ' + response.status);
    metadata = await response.json();
  } catch (e) {
    // The form stays hidden (it would be empty): the message goes where it is seen.
    document.querySelector('main').prepend(el('p', { class: 'problem', role: 'alert' },
      'Cannot load the archetypes (' + e.message + '); reload the page.'));
    return;
  }
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

  // A default that names another property (e.g. ${groupId}) is the engine's to work out: the field stays blank.
  function literalDefault(property) {
    return property.default !== null && !String(property.default).includes('${') ? property.default : null;
  }

  // What the field's help says: the description, then the default and the constraint, all from /metadata.
  function help(property) {
    const parts = [property.description || ''];
    const dflt = property.default;
    if (property.required) parts.push('Required.');
    else if (dflt !== null) parts.push('Default: ' + dflt + '.');
    else parts.push('Optional.');
    if (property.allowed) parts.push('Allowed: ' + property.allowed + '.');
    else if (property.pattern) parts.push('Pattern: ' + property.pattern);
    return parts.join(' ');
  }

  function render(values) {
    const archetype = byId.get(select.value);
    document.getElementById('archetype-description').textContent = archetype.description || '';
    document.getElementById('explorer').hidden = true;
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
        input = el('input', { id, name: property.name, type: 'text', autocomplete: 'off', spellcheck: 'false' });
        input.value = literalDefault(property) || '';
        if (property.type === 'integer') input.setAttribute('inputmode', 'numeric');
      }
      // Not the HTML required/pattern attributes: the server's own problems are the ones shown, at the field.
      if (property.required) input.setAttribute('aria-required', 'true');
      if (values && values.has(property.name)) input.value = values.get(property.name);
      input.setAttribute('aria-describedby', id + '-help ' + id + '-problem');
      p.append(input);
      p.append(el('small', { id: id + '-help' }, help(property)));
      p.append(el('span', { id: id + '-problem', class: 'problem', role: 'alert' }));
      fields.append(p);
    }
    update();
  }

  // The fields the form POSTs, less the blank ones (the server counts a blank field as not given).
  function params() {
    const data = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v !== '') data.append(k, v);
    return data;
  }

  function shellQuote(s) { return /^[A-Za-z0-9._\/:=@%+-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'"; }

  // The form's own request as curl sends it: the same POST, the same fields, the same file name.
  function curlCommand() {
    const words = ['curl', '-fsSL', '-o', shellQuote((params().get('artifactId') || 'starter') + '.zip'),
      shellQuote(location.origin + form.getAttribute('action'))];
    for (const [k, v] of params()) words.push('--data-urlencode', shellQuote(k + '=' + v));
    return words.join(' ');
  }

  function shareUrl() {
    return location.origin + '/?' + params();
  }

  function update() {
    document.getElementById('curl').textContent = curlCommand();
    document.getElementById('share-url').textContent = shareUrl();
  }

  function clearProblems() {
    document.querySelectorAll('.problem').forEach(n => { n.textContent = ''; });
    document.querySelectorAll('[aria-invalid]').forEach(n => n.removeAttribute('aria-invalid'));
  }

  // The server's own problems, each shown at its field; the preview when there were none.
  async function check() {
    clearProblems();
    status.textContent = 'Checking…';
    let response, body;
    try {
      response = await fetch('/preview?' + params(), { headers: { Accept: 'application/json' } });
      body = await response.json();
    } catch (e) {
      status.textContent = 'The portal did not answer (' + e.message + ').';
      return null;
    }
    status.textContent = '';
    if (response.ok) return body;
    const formProblem = document.getElementById('form-problem');
    for (const problem of body.problems || []) {
      const target = document.getElementById('field-' + problem.property + '-problem');
      const input = document.getElementById('field-' + problem.property);
      if (target) { target.textContent = problem.message; input.setAttribute('aria-invalid', 'true'); }
      else formProblem.textContent += problem.message + ' ';
    }
    if (!(body.problems || []).length) formProblem.textContent = body.detail || body.title;
    const first = document.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
    return null;
  }

  // The preview's flat paths as nested lists: a directory is a labelled group, a file a button that shows it.
  function buildTree(files, show) {
    const root = { dirs: new Map(), files: [] };
    for (const file of files) {
      const parts = file.path.split('/');
      let node = root;
      for (const dir of parts.slice(0, -1)) {
        if (!node.dirs.has(dir)) node.dirs.set(dir, { dirs: new Map(), files: [] });
        node = node.dirs.get(dir);
      }
      node.files.push([parts[parts.length - 1], file]);
    }
    function list(node) {
      const ul = el('ul');
      for (const [name, child] of [...node.dirs].sort((a, b) => a[0].localeCompare(b[0]))) {
        const li = el('li', { class: 'dir' });
        li.append(el('span', {}, name + '/'), list(child));
        ul.append(li);
      }
      for (const [name, file] of node.files.sort((a, b) => a[0].localeCompare(b[0]))) {
        const button = el('button', { type: 'button', 'data-path': file.path, title: file.path + ' (mode ' + file.mode + ')' },
          name + (file.mode === '0755' ? ' *' : ''));
        button.addEventListener('click', () => show(button, file));
        const li = el('li');
        li.append(button);
        ul.append(li);
      }
      return ul;
    }
    return list(root);
  }

  async function explore() {
    const preview = await check();
    const section = document.getElementById('explorer');
    if (!preview) { section.hidden = true; return; }
    const tree = document.getElementById('tree');
    const content = document.getElementById('file-content');
    const caption = document.getElementById('file-name');
    tree.replaceChildren(buildTree(preview.files, (button, file) => {
      tree.querySelectorAll('[aria-current]').forEach(b => b.removeAttribute('aria-current'));
      button.setAttribute('aria-current', 'true');
      caption.textContent = file.path + '  (mode ' + file.mode + ', ' + file.size + ' bytes)';
      content.textContent = file.text === null ? '(binary, ' + file.size + ' bytes)' : file.text;
    }));
    section.hidden = false;
    const first = tree.querySelector('[data-path="Cargo.toml"]') || tree.querySelector('button');
    if (first) first.click();
  }

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  select.addEventListener('change', () => render(null));
  document.getElementById('explore').addEventListener('click', explore);
  document.getElementById('share').addEventListener('click', async () => {
    history.replaceState(null, '', '/?' + params());
    update();
    try { await navigator.clipboard.writeText(shareUrl()); status.textContent = 'Share URL copied; the address bar holds it too.'; }
    catch (e) { status.textContent = 'The address bar holds the share URL (shown below).'; }
  });
  document.getElementById('copy-curl').addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(curlCommand()); status.textContent = 'curl command copied.'; }
    catch (e) { status.textContent = 'Copy the command shown below (the clipboard is not available here).'; }
  });
  form.addEventListener('submit', async event => {
    // Checked first so problems show at the field; the download itself is the form's plain POST.
    if (form.dataset.checked === 'yes') { form.dataset.checked = ''; return; }
    event.preventDefault();
    if (await check()) { form.dataset.checked = 'yes'; form.requestSubmit(); }
  });

  render(initial);
  form.hidden = false;
  select.focus();
})();
