/* weishop join.js (/join/, become a reseller): the visitor picks a code, it is kept like a ?ref= visit (shop.js), and
   they get their personal link with its QR code, ready-to-post texts with that link, and a poster of any product
   carrying their code. A named reseller (shop.yml `resellers:`) arriving at /join/?ref=CODE is greeted by name.
   Codes are checked against shop.js's rule before anything is shown; all text goes into textContent and form values. */
(function () {
  'use strict';
  var REF = /^[A-Za-z0-9_-]{1,32}$/, MINE = 'weishop.mine';
  function $(s, r) { return (r || document).querySelector(s); }
  function own(o, k) { return o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) && typeof o[k] === 'string' ? o[k] : ''; }
  function kept() { try { var m = JSON.parse(localStorage.getItem(MINE)); return m && REF.test(m.code) ? m.code : ''; } catch (e) { return ''; } }
  function keep(code) {
    try { localStorage.setItem(MINE, JSON.stringify({ code: code })); } catch (e) { }
    if (window.weishop) window.weishop.setRef(code);  // their own orders name their code, as after a ?ref= visit
  }

  function setup(root) {
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
      window.weishopProduct(pick.value).then(function (data) { window.weishopShowPoster(data, link(data.u)); });
    });
    var given = new URLSearchParams(location.search).get('ref');
    code = given && REF.test(given) ? given : kept();
    if (code) { input.value = code; greet(code); show(); }
  }
  function start() { var root = $('[data-join]'); if (root) setup(root); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
