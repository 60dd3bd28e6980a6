/* weishop kit.js: the seller's post kit (/kit/, one page for all products, not linked, noindex). Pick a product
   (the list comes from catalog.json), get a ready-to-post text for each channel, its share image, photos and poster,
   with a reseller's code in every link and in the poster's QR code. A product's data is read from its own page
   ([data-poster-data], through share.js), so the kit needs no file per product. Texts only go into form values and textContent.

   Each channel has its own rules, so one text does not fit all: WeChat Moments folds after six lines and has no
   hashtags; Weibo shows 140 characters before "展开" and writes topics as #话题#; Xiaohongshu titles stop at 20
   characters and notes cannot carry links; Instagram captions stop at 2,200 characters and 30 hashtags; X counts
   280 with Chinese/Japanese characters as two and every link as 23. */
(function () {
  'use strict';
  var REF = /^[A-Za-z0-9_-]{1,32}$/, URLS = /https?:\/\/\S+/g, ELL = '…';
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
    a.href = href; a.setAttribute('download', ''); img.src = src; img.alt = label; img.loading = 'lazy';
    li.appendChild(document.createElement('span')).textContent = label;
    return li;
  }

  function setupKit(kit) {
    var pick = kit.querySelector('[data-kit-product]'), form = kit.querySelector('[data-kit-ref]'), input = form.querySelector('input[name="ref"]');
    var status = form.querySelector('[data-ref-status]'), box = kit.querySelector('[data-kit-body]'), gallery = kit.querySelector('[data-kit-gallery]');
    var words = { price: kit.getAttribute('data-price-line'), link: kit.getAttribute('data-link-line') }, code = '', data = null;
    var given = new URLSearchParams(location.search).get('ref');
    function link() { var u = new URL(data.u); if (code) u.searchParams.set('ref', code); return u.href; }
    function fill() {
      channelTexts(data.t, data.d || '', data.p, data.tags || [], link(), words).forEach(function (c) {
        kit.querySelector('#kit-' + c.key + '-text').value = c.text;
        var count = kit.querySelector('#kit-' + c.key + ' [data-kit-count]');
        if (count) count.textContent = kit.getAttribute('data-count').replace('{count}', c.length).replace('{limit}', c.limit);
      });
    }
    function show(slug) {
      var P = slug && kit.catalog[slug];
      if (!P) return;
      window.weishopProduct(P.h).then(function (d) {
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
      var wanted = decodeURIComponent(location.hash.slice(1));
      if (Object.prototype.hasOwnProperty.call(kit.catalog, wanted)) pick.value = wanted;
      pick.disabled = false;
      show(pick.value);
    });
    pick.addEventListener('change', function () { history.replaceState(null, '', '#' + pick.value); show(pick.value); });
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
  function start() { each(document.querySelectorAll('[data-kit]'), setupKit); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
