/* weishop search (issue 19): shop.js loads this file (and search.css) when the header field is first focused or
   tapped. Pagefind's script and the index fragments a query needs come from <base>pagefind/ only then.
   Results are built from text (never HTML from the index): product cards like the shop's, stories as a list.
   Keys: type to search, ArrowDown to the first result, ArrowUp/Down between results, Escape closes. */
(() => {
  'use strict';
  const D = document, form = D.querySelector('form.search'), shop = D.querySelector('script[data-base]');
  if (!form || form.hasAttribute('data-ready')) return;
  form.setAttribute('data-ready', '');
  const input = form.querySelector('input'), base = (shop && shop.getAttribute('data-base')) || '/', PAGE = 12;
  fetch(base + 'search/strings.json').then(r => r.json()).catch(() => ({})).then(T => start(T || {}));
  const start = T => {
    const el = (tag, cls, text) => { const n = D.createElement(tag); if (cls) n.className = cls; if (text != null) n.textContent = text; return n; };
    const pick = (label, name, any) => {
      const s = el('select'); s.name = name; s.setAttribute('aria-label', label); s.appendChild(new Option(any, '')); return s;
    };

    const panel = el('div', 'search-panel'), wrap = el('div', 'wrap'), bar = el('div', 'search-bar');
    panel.id = 'search-panel'; panel.hidden = true; panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', input.getAttribute('aria-label') || '');
    const category = pick(T.category, 'category', T.any_category), tag = pick(T.tag, 'tag', T.any_tag);
    const price = pick(T.price, 'price', T.any_price), sort = pick(T.sort, 'sort', T.relevance);
    sort.appendChild(new Option(T.price_asc, 'asc')); sort.appendChild(new Option(T.price_desc, 'desc'));
    const check = el('label', 'search-check'), stock = el('input');
    stock.type = 'checkbox'; stock.name = 'stock'; check.appendChild(stock); check.appendChild(D.createTextNode(T.in_stock || ''));
    const closeBtn = el('button', 'search-close', '✕'); closeBtn.type = 'button'; closeBtn.setAttribute('aria-label', T.close || '');
    const box = el('details', 'search-filters'), summary = el('summary', '', T.filters), inner = el('div', 'search-filter-list');
    [category, tag, price, check].forEach(n => inner.appendChild(n));
    box.appendChild(summary); box.appendChild(inner);  /* folded on a phone: the results come first */
    [box, sort, closeBtn].forEach(n => bar.appendChild(n));
    const status = el('p', 'search-status'); status.setAttribute('role', 'status');
    const grid = el('ul', 'grid'), stories = el('ul', 'search-stories'), moreBtn = el('button', 'btn btn-ghost search-more', T.more);
    moreBtn.type = 'button'; moreBtn.hidden = true;
    [bar, status, grid, stories, moreBtn].forEach(n => wrap.appendChild(n));
    panel.appendChild(wrap);
    input.setAttribute('aria-controls', panel.id);
    form.insertAdjacentElement('afterend', panel);  // right after the field: Tab goes on into the filters and results

    let pf = null, failed = false, seq = 0, results = [], shown = 0;
    const place = () => { const header = form.closest('header'); panel.style.top = (header ? header.getBoundingClientRect().bottom : 0) + 'px'; };
    const open = () => { place(); panel.hidden = false; };
    const close = () => { panel.hidden = true; };
    /* every filter is a value of Pagefind's one filter "f": type:…, category:…, tag:…, stock:in, price:<band> */
    const options = () => {
      const all = [category.value && 'category:' + category.value, tag.value && 'tag:' + tag.value,
        price.value && 'price:' + price.value, stock.checked && 'stock:in'].filter(Boolean);
      const o = { filters: all.length ? { f: { all } } : {} };
      if (sort.value) o.sort = { price: sort.value };
      return o;
    };
    const facets = (d, name) => (((d.filters || {}).f) || []).filter(v => v.indexOf(name + ':') === 0).map(v => v.slice(name.length + 1));
    const isStory = d => facets(d, 'type')[0] === 'story';

    const next = v => { const s = String(v), p = 10 ** (s.length - 1); return v < 1 ? 1 : s[0] === '1' ? 2 * p : s[0] === '2' ? 5 * p : 10 * p; };
    let nf;
    try { nf = new Intl.NumberFormat(D.documentElement.lang || undefined, { style: 'currency', currency: T.currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }); } catch (e) { nf = new Intl.NumberFormat(); }
    const fill = (select, counts, name, label) => {
      const keys = Object.keys(counts || {}).filter(k => k.indexOf(name + ':') === 0).map(k => k.slice(name.length + 1));
      (label ? keys.sort((a, b) => a - b) : keys.sort((a, b) => a.localeCompare(b)))
        .forEach(k => select.appendChild(new Option((label ? label(k) : k) + ' (' + counts[name + ':' + k] + ')', k)));
      select.hidden = !keys.length;
    };

    const item = d => {
      const m = d.meta || {}, story = isStory(d), sold = !!m.sold_out;
      const li = el('li', story ? 'search-story' : 'card' + (sold ? ' is-sold-out' : '')), a = el('a'), box = el('span', 'card-img');
      a.href = /^\//.test(d.url) ? d.url : base; a.setAttribute('data-result', '');
      if (m.thumb && /^\//.test(m.thumb)) { const img = el('img'); img.src = m.thumb; img.alt = ''; img.loading = 'lazy'; img.decoding = 'async'; box.appendChild(img); }
      else { const ph = el('span', 'ph', (m.title || '').slice(0, 1)); ph.setAttribute('aria-hidden', 'true'); box.appendChild(ph); }
      if (sold) box.appendChild(el('span', 'badge', T.sold_out));
      a.appendChild(box);
      const title = el('span', 'card-title', m.title || d.url);
      if (story) { const text = el('span'); text.appendChild(title); text.appendChild(el('span', 'small muted', ' · ' + T.story)); a.appendChild(text); }
      else a.appendChild(title);
      li.appendChild(a);
      if (!story && m.price) { const p = el('span', 'price'); p.appendChild(el('span', 'now', m.price)); li.appendChild(p); }
      return li;
    };

    /* the next PAGE results; `fresh`: they replace the list, in one step once their data is in (no flicker) */
    const more = async (my, fresh) => {
      const batch = results.slice(shown, shown + PAGE);
      const data = await Promise.all(batch.map(r => r.data()));
      if (my !== seq) return;
      if (fresh) {
        grid.textContent = stories.textContent = '';
        status.textContent = results.length ? (T.results || '{count}').replace('{count}', results.length) : T.none;
        open();
      }
      shown += batch.length;
      data.forEach(d => (isStory(d) ? stories : grid).appendChild(item(d)));
      moreBtn.hidden = shown >= results.length;
    };

    const run = async now => {
      const q = input.value.trim(), o = options(), my = ++seq;
      if (!q && !Object.keys(o.filters).length) { results = []; grid.textContent = stories.textContent = status.textContent = ''; moreBtn.hidden = true; return; }
      if (failed) { status.textContent = T.failed; open(); return; }
      if (!pf) return;  // still loading: `ready` runs the search
      if (!now) await new Promise(done => setTimeout(done, 180));  // typing: wait for a pause
      if (my !== seq) return;  // a newer query is on its way
      const found = await pf.search(q || null, o);
      if (my !== seq) return;
      results = found.results; shown = 0;
      await more(my, true);
    };

    const links = () => Array.from(panel.querySelectorAll('a[data-result]'));
    input.addEventListener('input', () => run(false));
    input.addEventListener('focus', () => { if (results.length || status.textContent) open(); });
    input.addEventListener('keydown', e => {
      if (e.key === 'ArrowDown' && !panel.hidden) { const l = links(); if (l.length) { e.preventDefault(); l[0].focus(); } }
      else if (e.key === 'Escape') close();
    });
    panel.addEventListener('keydown', e => {
      if (e.key === 'Escape') { e.preventDefault(); close(); input.focus(); return; }
      const l = links(), i = l.indexOf(D.activeElement);
      if (i < 0 || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
      e.preventDefault();
      const j = i + (e.key === 'ArrowDown' ? 1 : -1);
      (j < 0 ? input : l[Math.min(j, l.length - 1)]).focus();
    });
    [category, tag, price, stock, sort].forEach(n => n.addEventListener('change', () => run(true)));
    closeBtn.addEventListener('click', () => { close(); input.focus(); });
    moreBtn.addEventListener('click', () => { moreBtn.disabled = true; more(seq, false).then(() => { moreBtn.disabled = false; }); });
    form.addEventListener('submit', e => { e.preventDefault(); run(true); });
    addEventListener('resize', () => { if (!panel.hidden) place(); });

    const hint = D.querySelector('[data-search-hint]'), asked = D.body.classList.contains('page-search') && new URLSearchParams(location.search).get('q');
    if (hint) hint.hidden = false;
    if (asked && !input.value) input.value = asked.slice(0, 100);
    import(base + 'pagefind/pagefind.js').then(async m => {
      await m.options({ baseUrl: base });
      await m.init();
      const f = await m.filters();
      fill(category, f.f, 'category'); fill(tag, f.f, 'tag');
      fill(price, f.f, 'price', k => nf.format(+k) + ' – ' + nf.format(next(+k)));
      pf = m;
    }).catch(() => { failed = true; }).then(() => { if (input.value.trim()) run(true); });
  };
})();
