/* weishop: share button, poster viewer, and the post kit's copy buttons and referral field.
   Texts only ever go into textContent or form values, never into HTML. */
(function () {
  'use strict';
  var REF = /^[A-Za-z0-9_-]{1,32}$/;

  /* shop.js (loaded after this file) keeps the visitor's referral code; without it links stay as they are. */
  function withRef(url) {
    var api = window.weishop;
    try { return api && typeof api.withRef === 'function' ? api.withRef(url) : url; } catch (e) { return url; }
  }

  function legacyCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.top = '0';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    area.setSelectionRange(0, text.length);
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  /* Resolves true when the text is on the clipboard. WeChat's browser often lacks the Clipboard API. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function inWeChat() { return /MicroMessenger/i.test(navigator.userAgent); }

  function setupShare(box) {
    var button = box.querySelector('[data-share-button]');
    var status = box.querySelector('[data-share-status]');
    var field = box.querySelector('[data-share-link]');
    if (!button) return;
    function say(text) { if (status) status.textContent = text; }
    function copyFallback(url) {
      copyText(url).then(function (ok) {
        var hint = inWeChat() ? ' ' + box.getAttribute('data-wechat-hint') : '';
        if (ok) { say(box.getAttribute('data-copied') + hint); return; }
        field.hidden = false;  // the browser refused: show the link, selected, to copy by hand
        field.value = url;
        field.focus();
        field.select();
        say(box.getAttribute('data-copy-prompt') + hint);
      });
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      var url = withRef(box.getAttribute('data-url'));
      var data = { title: box.getAttribute('data-title'), text: box.getAttribute('data-text'), url: url };
      if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
        navigator.share(data).catch(function (err) { if (!err || err.name !== 'AbortError') copyFallback(url); });
      } else {
        copyFallback(url);
      }
    });
  }

  function setupPoster(link) {
    var dialog = document.querySelector('[data-poster-dialog]');
    if (!dialog || typeof dialog.showModal !== 'function') return;  // no <dialog>: the link opens the image itself
    link.addEventListener('click', function (event) {
      event.preventDefault();
      dialog.showModal();  // the lazy image inside loads now that it is shown
    });
    dialog.querySelector('[data-close]').addEventListener('click', function () { dialog.close(); });
    dialog.addEventListener('click', function (event) { if (event.target === dialog) dialog.close(); });
  }

  function setupCopy(button) {
    var target = document.querySelector(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('[data-copy-status]');
    button.addEventListener('click', function () {
      copyText(target.value).then(function (ok) {
        if (status) status.textContent = ok ? button.getAttribute('data-copied') : button.getAttribute('data-failed');
        if (!ok) { target.focus(); target.select(); }
      });
    });
  }

  /* Post kit: a reseller types their code and every link in the texts carries it (the poster's QR code does not). */
  function setupKit(form) {
    var kit = form.closest('[data-kit]');
    var link = kit.getAttribute('data-link');
    var input = form.querySelector('input[name="ref"]');
    var status = form.querySelector('[data-ref-status]');
    var texts = kit.querySelectorAll('[data-kit-text]');
    Array.prototype.forEach.call(texts, function (area) { area.setAttribute('data-original', area.value); });
    function apply(code) {
      var target = link;
      if (code) { var u = new URL(link); u.searchParams.set('ref', code); target = u.href; }
      Array.prototype.forEach.call(texts, function (area) {
        area.value = area.getAttribute('data-original').split(link).join(target);
      });
      status.textContent = code ? form.getAttribute('data-applied').replace('{code}', code) : '';
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var code = input.value.trim();
      if (code && !REF.test(code)) { status.textContent = form.getAttribute('data-invalid'); input.focus(); return; }
      apply(code);
    });
    var given = new URLSearchParams(location.search).get('ref');
    if (given && REF.test(given)) { input.value = given; apply(given); }
  }

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }
  function start() {
    each('[data-share]', setupShare);
    each('[data-poster]', setupPoster);
    each('[data-copy]', setupCopy);
    each('[data-kit-ref]', setupKit);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
