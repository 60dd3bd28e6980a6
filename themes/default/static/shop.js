/* weishop: referral codes, options, quantity, cart, order links. ES2017, no modules; data goes in as text, never HTML.
   run/money/fill mirror ordermessage.py and orders.py, so the links equal the build's. */
(() => {
  'use strict';
  const D = document, REF = /^[A-Za-z0-9_-]{1,32}$/, me = D.currentScript;
  const base = (me && me.getAttribute('data-base')) || '/', KEY = 'weishop.cart:' + base;
  const $ = (s, r) => (r || D).querySelector(s), $$ = (s, r) => Array.from((r || D).querySelectorAll(s));
  const load = k => { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } };
  const save = (k, v) => { try { v == null ? localStorage.removeItem(k) : localStorage.setItem(k, JSON.stringify(v)); } catch (e) { } };
  const json = s => { const n = $(s); try { return n && JSON.parse(n.textContent); } catch (e) { return null; } };
  const own = (o, k) => (o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
  const el = (tag, cls, text) => { const n = D.createElement(tag); n.className = cls || ''; if (text != null) n.textContent = text; return n; };
  const on = (n, ev, f) => n && n.addEventListener(ev, f);

  /* referral code: one level (the last valid ?ref= wins), 30 days; share.js uses window.weishop */
  const ref = () => { const r = load('weishop.ref'); return r && typeof r.code === 'string' && REF.test(r.code) && r.until > Date.now() ? r.code : null; };
  const got = new URLSearchParams(location.search).get('ref');
  const setRef = c => typeof c === 'string' && REF.test(c) && (save('weishop.ref', { code: c, until: Date.now() + 30 * 864e5 }), true);
  if (got) setRef(got);
  const withCode = (url, c) => { if (!c) return url; const u = new URL(url, location.href); u.searchParams.set('ref', c); return u.href; };
  /* share.js and resell.js use these; resell.js sets the code a reseller picks on /join/ */
  window.weishop = { ref, setRef, withCode, withRef: url => withCode(url, ref()) };

  const cart = () => { const c = load(KEY); return Array.isArray(c) ? c.filter(i => i && typeof i.s === 'string' && Array.isArray(i.o) && i.q >= 1 && i.q <= 99) : []; };
  const badge = () => { const n = cart().reduce((a, i) => a + i.q, 0); $$('[data-cart-count]').forEach(b => { b.textContent = n; b.hidden = !n; }); };
  const setCart = c => { save(KEY, c.length ? c : null); badge(); };
  badge();

  /* search (search.js): its script and CSS only once the field is focused or tapped, or on /search/ itself */
  const sf = $('form.search');
  let asked = 0;
  const go = () => {
    if (asked++) return;
    const css = el('link'), js = el('script');
    css.rel = 'stylesheet'; css.href = sf.getAttribute('data-style'); js.src = sf.getAttribute('data-script');
    D.head.append(css, js);
  };
  if (sf) ['focusin', 'pointerdown'].forEach(e => on(sf, e, go));
  if (sf && D.body.classList.contains('page-search')) go();

  const C = json('#weishop-order'), T = (C && C.t) || {};
  if (!C) return;
  const named = r => (r && typeof own(C.names, r) === 'string' ? C.names[r] + ' (' + r + ')' : r || '');  /* 推荐人：小林 (xiaolin) */

  const parts = (c, d) => {
    if (d >= 2) return [Math.floor(c / 100), String(c % 100).padStart(2, '0') + '0'.repeat(d - 2)];
    const u = 10 ** (2 - d), p = 10 ** d, h = (c % u) * 2;
    const r = Math.floor(c / u) + (h > u || (h === u && Math.floor(c / u) % 2) ? 1 : 0);
    return [Math.floor(r / p), d ? String(r % p).padStart(d, '0') : ''];
  };
  const fmt = cur => C.money[cur] || { pre: '', suf: ' ' + cur, grp: ',', dec: '.', digits: 2 };
  const money = (c, cur) => { const f = fmt(cur), x = parts(c, f.digits); return f.pre + String(x[0]).replace(/\B(?=(\d{3})+(?!\d))/g, f.grp) + (x[1] ? f.dec + x[1] : '') + f.suf; };
  const plain = (c, cur) => { const x = parts(c, fmt(cur).digits); return x[0] + (x[1] ? '.' + x[1] : '') + cur; };

  const str = v => (v === undefined ? '' : v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : String(v));
  const yes = v => (Array.isArray(v) ? v.length > 0 : !!v);
  const has = (b, a) => b != null && b.indexOf(a) >= 0;
  const CMP = { eq: (a, b) => a === b, ne: (a, b) => a !== b, lt: (a, b) => a < b, gt: (a, b) => a > b, lteq: (a, b) => a <= b, gteq: (a, b) => a >= b, in: (a, b) => has(b, a), notin: (a, b) => !has(b, a) };
  const ev = (e, s) => {
    const x = i => ev(e[i], s);
    switch (e[0]) {
      case 'v': return own(s, e[1]);
      case 'c': return e[1];
      case 'a': return own(x(1), e[2]);
      case '!': return !yes(x(1));
      case '&&': { const a = x(1); return yes(a) ? x(2) : a; }
      case '||': { const a = x(1); return yes(a) ? a : x(2); }
      case '?': return yes(x(1)) ? x(2) : x(3);
      case '~': return e[1].map(n => str(ev(n, s))).join('');
      case 'cmp': { let a = x(1); return e[2].every(([op, n]) => { const b = ev(n, s), ok = CMP[op](a, b); a = b; return ok; }); }
    }
    const a = x(2), f = e[1];
    if (f === 'default') return a === undefined ? (e[3][0] ? ev(e[3][0], s) : '') : a;
    if (f === 'length') return a == null ? 0 : a.length;
    return f === 'upper' ? str(a).toUpperCase() : f === 'lower' ? str(a).toLowerCase() : str(a).trim();
  };
  const run = (p, s, out) => p.forEach(n => {
    if (typeof n === 'string') return out.push(n);
    if (n[0] === 'o') return out.push(str(ev(n[1], s)));
    if (n[0] === 'if') { const hit = n[1].find(b => yes(ev(b[0], s))); return run(hit ? hit[1] : n[2], s, out); }
    const list = ev(n[2], s) || [];
    if (!list.length) run(n[4], s, out);
    list.forEach((v, k) => run(n[3], Object.assign({}, s, { [n[1]]: v, loop: { index: k + 1, index0: k, first: !k, last: k === list.length - 1, length: list.length } }), out));
  });
  const tidy = t => t.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  const sub = (t, v) => t.replace(/\{(\w+)\}/g, (m, k) => (k in v ? String(v[k]) : m));

  const unit = (P, o) => { const v = P.o.map((opt, i) => opt[1][o[i]]).find(v => v && v[1] !== P.p); return v ? v[1] : P.p; };
  const label = (P, o) => P.o.map((opt, i) => (opt[1][o[i]] || opt[1][0])[0]).join(' / ');
  const fits = (P, o) => P.o.length === o.length && o.every((k, i) => k >= 0 && k < P.o[i][1].length);
  const compose = (lines, r) => {
    const tot = {}, out = [];
    let n = 0;
    const items = lines.map(l => {
      const u = unit(l.p, l.o);
      tot[l.p.c] = (tot[l.p.c] || 0) + u * l.q;
      n += l.q;
      return { title: l.p.t, option: label(l.p, l.o), quantity: l.q, price: money(u, l.p.c), total: money(u * l.q, l.p.c), url: l.p.u };
    });
    const cur = Object.keys(tot), total = cur.map(c => money(tot[c], c)).join(' + ');
    run(C.msg, Object.assign({}, C.ctx, { items, total, ref: named(r) }), out);
    const frag = ['1', r || ''].concat(lines.map(l => [l.p.s, l.q, l.o.join('-'), unit(l.p, l.o)].join('_'))).join('.');
    const short = sub(C.short, { seller: C.ctx.seller.name || '', count: n, total, link: C.order + '#' + frag });
    return { m: tidy(out.join('')), sh: r ? short + '\n' + sub(C.refLine, { ref: named(r) }) : short, total, amt: cur.length === 1 ? plain(tot[cur[0]], cur[0]) : '' };
  };
  const fill = (p, m, a) => p.replace(/\{([msa])\}/g, (x, k) => encodeURIComponent(k === 'm' ? m : k === 's' ? C.subject : a));
  const setLinks = (box, r) => {
    $$('a[data-ch]', box).forEach(a => {
      const ch = C.ch[a.getAttribute('data-ch')];
      if (!ch || !ch[1]) return;
      const u = fill(ch[1], r.m, r.amt);
      a.setAttribute('href', u.length <= C.limit ? u : fill(ch[1], r.sh, r.amt));
      if (ch[0] === 'paypal') a.parentNode.hidden = !r.amt;
    });
    $$('[data-message]', box).forEach(t => { t.value = r.m; });
    box.weishopMessage = r.m;
  };

  const copy = (text, box) => {
    const st = box && $('[data-copied]', box), done = ok => { if (st) st.textContent = ok ? T.order_copied : T.order_copy_failed; };
    const old = () => {
      const t = el('textarea');
      let ok = false;
      t.value = text; t.readOnly = true; t.style.cssText = 'position:fixed;opacity:0';
      D.body.appendChild(t); t.select();
      try { ok = D.execCommand('copy'); } catch (e) { ok = false; }
      t.remove(); done(ok);
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(() => done(true), old); else old();
  };
  on(D, 'click', e => {
    const b = e.target.closest('[data-copy],[data-copy-message],[data-ch]');
    if (!b) return;
    const h = b.closest('[data-order],[data-cart-send]'), m = (h && h.weishopMessage) || '';
    if (b.hasAttribute('data-copy')) return copy(b.getAttribute('data-copy'), b.closest('li'));
    if (b.hasAttribute('data-copy-message') || b.tagName === 'SUMMARY') copy(m, b.closest('li'));
    else if ((C.ch[b.getAttribute('data-ch')] || [])[0] === 'telegram') copy(m);
    D.dispatchEvent(new CustomEvent('weishop:sent'));
  });

  if (/MicroMessenger/i.test(navigator.userAgent)) {
    D.documentElement.classList.add('in-wechat');
    $$('[data-channels]').forEach(ul => {
      const w = $('[data-wechat]', ul), h = ul.nextElementSibling;
      if (w) { ul.insertBefore(w, ul.firstChild); $('details', w).open = true; }
      if (h && h.hasAttribute('data-wechat-hint')) h.hidden = false;
    });
  }

  const P = json('[data-product]'), box = $('[data-order]'), q = $('[data-qty]');
  if (P && box && q) {
    const form = $('[data-options]'), price = $('.buy [data-price]'), sum = $('[data-line-total]', box), max = +q.max || 99;
    const choice = () => P.o.map((x, i) => Math.max(0, $$(`input[name="opt${i}"]`, form || box).findIndex(n => n.checked)));
    const qty = () => { const n = parseInt(q.value, 10); return isNaN(n) ? 1 : Math.min(Math.max(n, 1), max); };
    const update = () => {
      const o = choice(), r = compose([{ p: P, o, q: qty() }], ref());
      if (price && P.o.length) price.textContent = money(unit(P, o), P.c);
      if (sum) { sum.hidden = qty() < 2; $('strong', sum).textContent = r.total; }  /* ¥1,456.00 for 2 × ¥728 */
      setLinks(box, r);
    };
    $$('[data-qty-box],[data-add-box]', box).forEach(n => { n.hidden = false; });
    on(form, 'change', update);
    on(q, 'input', update);
    on(q, 'change', () => { q.value = qty(); update(); });
    $$('[data-step]', box).forEach(b => on(b, 'click', () => { q.value = Math.min(Math.max(qty() + +b.getAttribute('data-step'), 1), max); update(); }));
    on($('[data-add]', box), 'click', () => {
      const c = cart(), o = choice(), hit = c.find(i => i.s === P.s && i.o.join() === o.join()), st = $('[data-added]', box), a = el('a', '', T.order_view_cart);
      if (hit) hit.q = Math.min(99, hit.q + qty()); else c.push({ s: P.s, o, q: qty(), p: unit(P, o), t: P.t });
      setCart(c);
      a.href = base + 'cart/';
      st.textContent = T.order_added + ' ';
      st.appendChild(a);
    });
    update();
  }

  const line = (P, o, n, u, title) => {
    const li = el('li', 'cart-item'), a = li.appendChild(el('a', 'cart-title', title));
    if (P) a.href = P.h;
    if (P && P.o.length) li.appendChild(el('span', 'cart-opt', label(P, o)));
    li.appendChild(el('span', 'cart-sum', '× ' + n + (P ? ' = ' + money(u * n, P.c) : '')));
    return li;
  };
  /* cart and order pages read the products from catalog.json: in the page it would weigh 230 KB at 1,000 products */
  const cartRoot = $('[data-cart]'), orderRoot = $('[data-order-view]'), catalogAt = (cartRoot || orderRoot || D.body).getAttribute('data-catalog');
  let cat = null;

  const startCart = () => {
    const list = $('[data-cart-items]'), send = $('[data-cart-send]'), asked = $('[data-cart-sent]');
    const button = (cls, text, act, aria) => { const b = el('button', cls, text); b.type = 'button'; b.setAttribute('data-act', act); if (aria) b.setAttribute('aria-label', aria); return b; };
    const draw = () => {
      const c = cart(), lines = [];
      list.textContent = '';
      c.forEach((i, k) => {
        const P = own(cat, i.s), ok = P && !P.x && fits(P, i.o), u = ok ? unit(P, i.o) : 0;
        const li = list.appendChild(line(ok && P, i.o, i.q, u, P ? P.t : i.t || i.s));
        if (ok) {
          lines.push({ p: P, o: i.o, q: i.q });
          if (i.p !== u) li.appendChild(el('span', 'cart-note', T.order_price_changed));
          const s = li.appendChild(el('span', 'stepper'));
          s.append(button('step', '−', k + ':-1', T.order_less), el('output', 'cart-q', i.q), button('step', '+', k + ':1', T.order_more));
        } else li.appendChild(el('span', 'cart-note', P && P.x ? T.sold_out : T.order_unavailable));
        li.appendChild(button('btn-link', T.order_remove, k + ':0'));
      });
      $('[data-cart-empty]').hidden = c.length > 0;
      send.hidden = !lines.length;
      if (lines.length) { const r = compose(lines, ref()); $('[data-cart-total]').textContent = r.total; setLinks(send, r); }
    };
    on(list, 'click', e => {
      const b = e.target.closest('[data-act]'), c = cart();
      if (!b) return;
      const [k, d] = b.getAttribute('data-act').split(':').map(Number);
      if (!c[k]) return;
      if (d) c[k].q = Math.min(99, Math.max(1, c[k].q + d)); else c.splice(k, 1);
      setCart(c); draw();
    });
    on(D, 'weishop:sent', () => { if (!send.hidden) asked.hidden = false; });
    on($('[data-cart-clear]'), 'click', () => { setCart([]); asked.hidden = true; draw(); });
    on($('[data-cart-keep]'), 'click', () => { asked.hidden = true; });
    draw();
  };

  const showOrder = () => {
    const seg = location.hash.slice(1).replace(/%([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))).split('.');
    const list = $('[data-order-items]'), tot = {}, r = $('[data-order-ref]');
    let found = 0;
    list.textContent = '';
    if (seg[0] === '1') seg.slice(2).forEach(s => {
      const m = /^([a-z0-9-]+)_(\d{1,2})_([\d-]*)_(\d{1,9})$/.exec(s);
      if (!m) return;
      const o = m[3] ? m[3].split('-').map(Number) : [], n = +m[2], u = +m[4];
      let P = own(cat, m[1]);
      if (P && !fits(P, o)) P = null;
      const li = list.appendChild(line(P, o, n, u, P ? P.t : m[1]));
      if (P) tot[P.c] = (tot[P.c] || 0) + u * n; else li.appendChild(el('span', 'cart-note', T.order_unavailable));
      found++;
    });
    $('[data-order-none]').hidden = found > 0;
    $('[data-order-intro]').hidden = $('[data-order-total-box]').hidden = !found;
    $('[data-order-total]').textContent = Object.keys(tot).map(c => money(tot[c], c)).join(' + ');
    r.textContent = sub(C.refLine, { ref: named(seg[1]) });
    r.hidden = !(found && REF.test(seg[1] || ''));
  };
  if (catalogAt) fetch(catalogAt, { cache: 'no-cache' }).then(r => (r.ok ? r.json() : null)).then(c => {
    cat = c && typeof c === 'object' ? c : null;
    if (!cat) return;
    if (cartRoot) startCart();
    if (orderRoot) { on(window, 'hashchange', showOrder); showOrder(); }
  }).catch(() => { });
})();
