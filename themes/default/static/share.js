/* weishop share.js: share button (share sheet, else copy the link, with the visitor's referral code from
   shop.js when present) and the poster: poster.js and its QR library load only when a poster is asked for
   (resell.js uses them too, on /kit/ and /join/). Texts only go into textContent and form values. */
(function () {
  'use strict';
  var me = document.currentScript, tools = null;
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
  function script(src) {
    return new Promise(function (ok, fail) {
      var s = document.createElement('script');
      s.src = src; s.onload = ok; s.onerror = fail;
      document.head.appendChild(s);
    });
  }
  /* resolves to poster.js's API, fetching it and the QR library the first time */
  function posterTools() {
    if (!tools) {
      tools = script(me.getAttribute('data-qr')).then(function () { return script(me.getAttribute('data-poster')); })
        .then(function () { return window.weishopPoster; });
      tools.catch(function () { tools = null; });  // offline for a moment: the next tap tries again
    }
    return tools;
  }
  /* the dialog opens at once, poster.js draws `data`'s poster into it with a QR code of `url` (kit and join pages too) */
  function showPoster(data, url) {
    var dialog = document.querySelector('[data-poster-dialog]'), status = dialog.querySelector('[data-poster-status]');
    status.textContent = dialog.getAttribute('data-drawing');
    if (!dialog.open) { if (typeof dialog.showModal === 'function') dialog.showModal(); else dialog.setAttribute('open', ''); }
    return posterTools().then(function (P) { return P.show(dialog, data, url); })
      .catch(function () { status.textContent = dialog.getAttribute('data-failed'); });
  }
  window.weishopCopy = copyText;
  window.weishopPosterTools = posterTools;
  window.weishopShowPoster = showPoster;

  function setupPoster(button) {
    var node = document.querySelector('[data-poster-data]'), data;
    try { data = JSON.parse(node.textContent); } catch (e) { return; }
    button.hidden = false;
    button.addEventListener('click', function () { showPoster(data, withRef(data.u)); });
  }
  function setupDialog(dialog) {
    function close() { if (dialog.open && typeof dialog.close === 'function') dialog.close(); else dialog.removeAttribute('open'); }
    dialog.querySelector('[data-close]').addEventListener('click', close);
    dialog.addEventListener('click', function (e) { if (e.target === dialog) close(); });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-share]'), setupShare);
    Array.prototype.forEach.call(document.querySelectorAll('button[data-poster]'), setupPoster);
    Array.prototype.forEach.call(document.querySelectorAll('[data-poster-dialog]'), setupDialog);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
