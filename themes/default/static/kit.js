/* weishop kit.js (the seller's post kit page): copy buttons, and a reseller's referral code put into every
   link of the texts (the poster's QR code keeps the shop's own link). Uses share.js's copy. */
(function () {
  'use strict';
  var REF = /^[A-Za-z0-9_-]{1,32}$/;
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function setupCopy(button) {
    var target = document.querySelector(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('[data-copy-status]');
    button.addEventListener('click', function () {
      window.weishopCopy(target.value).then(function (ok) {
        status.textContent = button.getAttribute(ok ? 'data-copied' : 'data-failed');
        if (!ok) { target.focus(); target.select(); }
      });
    });
  }
  function setupKit(form) {
    var kit = form.closest('[data-kit]'), link = kit.getAttribute('data-link');
    var input = form.querySelector('input[name="ref"]'), status = form.querySelector('[data-ref-status]');
    var texts = kit.querySelectorAll('[data-kit-text]');
    each(texts, function (area) { area.setAttribute('data-original', area.value); });
    function apply(code) {
      var target = link, u;
      if (code) { u = new URL(link); u.searchParams.set('ref', code); target = u.href; }
      each(texts, function (area) { area.value = area.getAttribute('data-original').split(link).join(target); });
      status.textContent = code ? form.getAttribute('data-applied').replace('{code}', code) : '';
    }
    form.addEventListener('submit', function (e) {
      var code = input.value.trim();
      e.preventDefault();
      if (code && !REF.test(code)) { status.textContent = form.getAttribute('data-invalid'); input.focus(); return; }
      apply(code);
    });
    var given = new URLSearchParams(location.search).get('ref');
    if (given && REF.test(given)) { input.value = given; apply(given); }
  }
  function start() {
    each(document.querySelectorAll('[data-copy]'), setupCopy);
    each(document.querySelectorAll('[data-kit-ref]'), setupKit);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
