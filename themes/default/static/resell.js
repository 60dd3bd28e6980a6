/* weishop resell.js: the seller's post kit (/kit/) and the resellers' page (/join/), one page each for the whole shop.
   Both read the product list from catalog.json and a product's texts and poster data from its own page
   ([data-poster-data]), so neither needs a file per product. Posters and QR codes come from share.js (poster.js,
   loaded on the first one). Codes are checked with shop.js's rule; all text goes into textContent and form values.

   /kit/: pick a product, get a ready-to-post text for each channel, its share image, photos and poster, with a
   reseller's code in every link and in the poster's QR code. Each channel has its own rules: WeChat Moments folds
   after six lines and has no hashtags; Weibo shows 140 characters before "展开" and writes topics as #话题#;
   Xiaohongshu titles stop at 20 characters and notes cannot carry links; Instagram captions stop at 2,200
   characters and 30 hashtags; X counts 280 with Chinese/Japanese characters as two and every link as 23.

   /join/: the visitor picks a code, it is kept like a ?ref= visit (shop.js), and they get their personal link with
   its QR code, texts to post with that link, and a poster of any product carrying their code. A named reseller
   (shop.yml `resellers:`) arriving at /join/?ref=CODE is greeted by name. */
(function () {
  'use strict';
  var REF = /^[A-Za-z0-9_-]{1,32}$/, MINE = 'weishop.mine', URLS = /https?:\/\/\S+/g, ELL = '…';
  var WIDE = /[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6]|[\ud83c-\ud83e][\udc00-\udfff]|[\ud840-\ud87f][\udc00-\udfff]/;
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function chars(text) { return Array.from(text); }
  function links(text) { return (text.match(URLS) || []).length; }

  /* X's weighted count: links 23, CJK and emoji 2, everything else 1 (twitter-text's ranges, simplified) */
  function xLength(text) {
    var n = 0;
    text.split(URLS).forEach(function (part) {
      chars(part).forEach(function (c) {
        var k = c.codePointAt(0);
        n += k <= 0x10ff || (k >= 0x2000 && k <= 0x200d) || (k >= 0x2010 && k <= 0x201f) || (k >= 0x2032 && k <= 0x2037) ? 1 : 2;
      });
    });
    return n + 23 * links(text);
  }
  /* Weibo's count: a Chinese character 1, two Latin characters 1, a link 10 (t.cn) */
  function weiboLength(text) {
    var halves = 0;
    text.split(URLS).forEach(function (part) { chars(part).forEach(function (c) { halves += WIDE.test(c) ? 2 : 1; }); });
    return Math.floor((halves + 1) / 2) + 10 * links(text);
  }
  function hashtag(name) { return name.replace(/[^\p{L}\p{N}\p{M}_]/gu, ''); }  // `maple syrup!` → `maplesyrup`
  function clip(text, limit) { var c = chars(text); return c.length <= limit ? text : c.slice(0, limit - 1).join('').trimEnd() + ELL; }
  function lines() { return Array.prototype.join.call(arguments, '\n').replace(/\n{3,}/g, '\n\n').trim(); }
  /* the longest compose(summary cut short) that measures within limit; no summary at all as the last resort */
  function fit(compose, summary, measure, limit) {
    var text = compose(summary), c = chars(summary), low = 0, high = c.length, cut = function (n) { return c.slice(0, n).join('').trimEnd() + ELL; };
    if (measure(text) <= limit) return text;
    while (low < high) {
      var mid = Math.floor((low + high + 1) / 2);
      if (measure(compose(cut(mid))) <= limit) low = mid; else high = mid - 1;
    }
    return low ? compose(cut(low)) : compose('');
  }
  /* the five texts for one product: [{key, text, limit, length}] */
  function channelTexts(title, summary, price, tags, link, words) {
    var priceLine = words.price.replace('{price}', price), linkLine = words.link.replace('{link}', link), seen = {}, t = [];
    tags.map(hashtag).forEach(function (w) { if (w && !seen[w]) { seen[w] = 1; t.push(w); } });
    var out = [], add = function (key, text, limit, length) { out.push({ key: key, text: text, limit: limit, length: length }); };
    var moments = lines(title, clip(summary, 80), priceLine, linkLine);  // short lines: Moments folds after six
    add('wechat', moments, 0, chars(moments).length);
    var topics = t.slice(0, 3).map(function (w) { return '#' + w + '#'; }).join('');
    var weibo = fit(function (s) { return (topics + '【' + title + '】' + s + ' ' + priceLine + ' ' + link).trim(); }, summary, weiboLength, 140);
    add('weibo', weibo, 140, weiboLength(weibo));
    var xhs = lines(clip(title, 20), '', clip(summary, 800), '', priceLine, '', t.slice(0, 10).map(function (w) { return '#' + w; }).join(' '));
    add('xiaohongshu', xhs, 1000, chars(xhs).length);  // no link: notes cannot carry one
    var ig = t.slice(0, 30).map(function (w) { return '#' + w; }).join(' ');
    var insta = fit(function (s) { return lines(title, '', s, '', priceLine, linkLine, '', ig); }, summary, function (x) { return chars(x).length; }, 2200);
    add('instagram', insta, 2200, chars(insta).length);
    var xt = t.slice(0, 2).map(function (w) { return '#' + w; }).join(' ');
    var tweet = fit(function (s) { return lines(title + ' ' + price, s, (link + ' ' + xt).trim()); }, summary, xLength, 280);
    add('x', tweet, 280, xLength(tweet));
    return out;
  }
  window.weishopKit = { channelTexts: channelTexts, xLength: xLength, weiboLength: weiboLength, hashtag: hashtag };

  function image(href, src, label) {
    var li = document.createElement('li'), a = li.appendChild(document.createElement('a')), img = a.appendChild(document.createElement('img'));
    a.href = href; a.setAttribute('download', ''); img.src = src; img.alt = label;
    li.appendChild(document.createElement('span')).textContent = label;
    return li;
  }

  function setupKit(kit) {
    var pick = kit.querySelector('[data-kit-product]'), form = kit.querySelector('[data-kit-ref]'), input = form.querySelector('input[name="ref"]');
    var status = form.querySelector('[data-ref-status]'), box = kit.querySelector('[data-kit-body]'), gallery = kit.querySelector('[data-kit-gallery]');
    var words = { price: kit.getAttribute('data-price-line'), link: kit.getAttribute('data-link-line') }, code = '', data = null;
    var given = new URLSearchParams(location.search).get('ref'), asked = '';
    function fromHash() { try { return decodeURIComponent(location.hash.slice(1)); } catch (e) { return ''; } }
    function link() { var u = new URL(data.u); if (code) u.searchParams.set('ref', code); return u.href; }
    function fill() {
      channelTexts(data.t, 'd' in data ? data.d : data.s || '', data.p, data.tags || [], link(), words).forEach(function (c) {
        kit.querySelector('#kit-' + c.key + '-text').value = c.text;
        var count = kit.querySelector('#kit-' + c.key + ' [data-kit-count]');
        if (count) count.textContent = kit.getAttribute('data-count').replace('{count}', c.length).replace('{limit}', c.limit);
      });
    }
    function show(slug) {  // the newest choice wins when pages arrive out of order
      var P = kit.catalog && Object.prototype.hasOwnProperty.call(kit.catalog, slug) ? kit.catalog[slug] : null;
      if (!P) return;
      pick.value = asked = slug;
      productData(P.h).then(function (d) {
        if (asked !== slug) return;
        data = d;
        kit.querySelector('[data-kit-page]').href = P.h;
        kit.querySelector('[data-kit-page]').textContent = d.t + ' · ' + d.p;
        fill();
        gallery.textContent = '';
        if (d.card) gallery.appendChild(image(d.card, d.card, kit.getAttribute('data-share-label')));
        d.photos.forEach(function (src, i) { gallery.appendChild(image(src, src, kit.getAttribute('data-photo-label').replace('{n}', i + 1))); });
        box.hidden = false;
      }, function () { box.hidden = true; });
    }
    fetch(kit.getAttribute('data-catalog')).then(function (r) { return r.json(); }).then(function (cat) {
      kit.catalog = cat && typeof cat === 'object' ? cat : {};
      Object.keys(kit.catalog).forEach(function (slug) {
        var o = pick.appendChild(document.createElement('option'));
        o.value = slug; o.textContent = kit.catalog[slug].t;
      });
      pick.disabled = false;
      show(fromHash() || pick.value);
    });
    pick.addEventListener('change', function () { history.replaceState(null, '', '#' + pick.value); show(pick.value); });
    window.addEventListener('hashchange', function () { show(fromHash()); });  // kit/#slug links, opened on this page
    form.addEventListener('submit', function (e) {
      var typed = input.value.trim();
      e.preventDefault();
      if (typed && !REF.test(typed)) { status.textContent = form.getAttribute('data-invalid'); input.focus(); return; }
      code = typed;
      status.textContent = code ? form.getAttribute('data-applied').replace('{code}', code) : '';
      if (data) fill();
    });
    kit.querySelector('[data-kit-poster]').addEventListener('click', function () { if (data) window.weishopShowPoster(data, link()); });
    if (given && REF.test(given)) { input.value = given; code = given; status.textContent = form.getAttribute('data-applied').replace('{code}', code); }
  }
  /* a product's poster data, read from its own page */
  function productData(path) {
    return fetch(path).then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html'), og = doc.querySelector('meta[property="og:image"]');
      var data = JSON.parse(doc.querySelector('[data-poster-data]').textContent);
      data.card = og ? new URL(og.getAttribute('content')).pathname : '';  // this site's copy, wherever it is served
      data.photos = Array.prototype.map.call(doc.querySelectorAll('.gallery img'), function (img) { return img.getAttribute('src'); });
      return data;
    });
  }
  /* copy buttons: data-copy-from names the field whose text they copy (share.js copies) */
  function setupCopy(button) {
    var target = document.querySelector(button.getAttribute('data-copy-from')), status = button.parentNode.querySelector('[data-copy-status]');
    button.addEventListener('click', function () {
      window.weishopCopy(target.value).then(function (ok) {
        status.textContent = button.getAttribute(ok ? 'data-copied' : 'data-failed');
        if (!ok) { target.focus(); target.select(); }
      });
    });
  }

  /* --- /join/ --- */
  function $(s, r) { return (r || document).querySelector(s); }
  function own(o, k) { return o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) && typeof o[k] === 'string' ? o[k] : ''; }
  function kept() { try { var m = JSON.parse(localStorage.getItem(MINE)); return m && REF.test(m.code) ? m.code : ''; } catch (e) { return ''; } }
  function keep(code) {
    try { localStorage.setItem(MINE, JSON.stringify({ code: code })); } catch (e) { }
    if (window.weishop) window.weishop.setRef(code);  // their own orders name their code, as after a ?ref= visit
  }

  function setupJoin(root) {
    var form = $('[data-join-form]', root), input = $('input[name="ref"]', form), status = $('[data-join-status]', root);
    var mine = $('[data-join-mine]', root), field = $('[data-join-link]', root), qr = $('[data-join-qr]', root);
    var pick = $('[data-join-product]', root), names = {}, code = '', catalog = null;
    try { names = JSON.parse($('[data-resellers]').textContent) || {}; } catch (e) { names = {}; }
    function link(url) { var u = new URL(url); u.searchParams.set('ref', code); return u.href; }
    function show() {
      var personal = link(root.getAttribute('data-shop-url'));
      field.value = personal;
      Array.prototype.forEach.call(root.querySelectorAll('[data-join-text]'), function (area) {
        area.value = area.getAttribute('data-template').split('{link}').join(personal).split('{code}').join(code);
      });
      mine.hidden = false;
      window.weishopPosterTools().then(function (P) {
        var img = new Image();
        img.width = img.height = 240; img.alt = root.getAttribute('data-qr-alt'); img.src = P.qr(personal, 720);
        qr.textContent = ''; qr.appendChild(img);
      });
      if (!catalog) catalog = fetch(root.getAttribute('data-catalog')).then(function (r) { return r.json(); }).then(function (cat) {
        Object.keys(cat).forEach(function (slug) {
          if (cat[slug].x) return;  // sold out: nothing to share
          var o = pick.appendChild(document.createElement('option'));
          o.value = cat[slug].h; o.textContent = cat[slug].t;
        });
        pick.disabled = false;
      });
    }
    function greet(c) {
      var name = own(names, c), box = $('[data-join-greet]', root);
      box.hidden = !name;
      box.textContent = name ? root.getAttribute('data-greet').replace('{name}', name) : '';
    }
    form.addEventListener('submit', function (e) {
      var typed = input.value.trim();
      e.preventDefault();
      if (!REF.test(typed)) { status.textContent = form.getAttribute('data-invalid'); mine.hidden = true; input.focus(); return; }
      code = typed; keep(code); greet(code); show();
      status.textContent = form.getAttribute('data-saved').replace('{code}', code);
    });
    $('[data-join-poster]', root).addEventListener('click', function () {
      if (!code || !pick.value) return;
      productData(pick.value).then(function (data) { window.weishopShowPoster(data, link(data.u)); });
    });
    var given = new URLSearchParams(location.search).get('ref');
    code = given && REF.test(given) ? given : kept();
    if (code) { input.value = code; greet(code); show(); }
  }
  function start() {
    each(document.querySelectorAll('[data-copy-from]'), setupCopy);
    each(document.querySelectorAll('[data-kit]'), setupKit);
    each(document.querySelectorAll('[data-join]'), setupJoin);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
