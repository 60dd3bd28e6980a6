/* weishop share.js: share button (share sheet, else copy the link, with the visitor's referral code from
   shop.js when present) and the poster viewer. Texts only go into textContent and form values. */
(function () {
  'use strict';
  function withRef(url) {
    var w = window.weishop;
    try { return w && typeof w.withRef === 'function' ? w.withRef(url) : url; } catch (e) { return url; }
  }
  function legacyCopy(text) {
    var a = document.createElement('textarea'), ok = false;
    a.value = text; a.setAttribute('readonly', ''); a.style.position = 'fixed'; a.style.opacity = '0';
    document.body.appendChild(a); a.select(); a.setSelectionRange(0, text.length);
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(a);
    return ok;
  }
  /* resolves true once copied; WeChat's browser often lacks the Clipboard API */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }
  window.weishopCopy = copyText;  // for kit.js

  function setupShare(box) {
    var button = box.querySelector('[data-share-button]'), status = box.querySelector('[data-share-status]');
    var field = box.querySelector('[data-share-link]'), attr = box.getAttribute.bind(box);
    function copy(url) {
      copyText(url).then(function (ok) {
        var hint = /MicroMessenger/i.test(navigator.userAgent) ? ' ' + attr('data-wechat-hint') : '';
        status.textContent = attr(ok ? 'data-copied' : 'data-copy-prompt') + hint;
        if (!ok) { field.hidden = false; field.value = url; field.focus(); field.select(); }  // copy by hand
      });
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      var data = { title: attr('data-title'), text: attr('data-text'), url: withRef(attr('data-url')) };
      if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
        navigator.share(data).catch(function (e) { if (!e || e.name !== 'AbortError') copy(data.url); });
      } else copy(data.url);
    });
  }
  function setupPoster(link) {
    var dialog = document.querySelector('[data-poster-dialog]');
    if (!dialog || typeof dialog.showModal !== 'function') return;  // the link opens the image itself
    link.addEventListener('click', function (e) { e.preventDefault(); dialog.showModal(); });  // its lazy image loads now
    dialog.querySelector('[data-close]').addEventListener('click', function () { dialog.close(); });
    dialog.addEventListener('click', function (e) { if (e.target === dialog) dialog.close(); });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-share]'), setupShare);
    Array.prototype.forEach.call(document.querySelectorAll('[data-poster]'), setupPoster);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
