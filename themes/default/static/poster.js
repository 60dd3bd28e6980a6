/* weishop poster.js: the product poster drawn in the buyer's browser, loaded by share.js only when a poster is asked for.
   Photo, title, price (and the old one struck through), seller and shop, and a QR code (vendor/qrcode.js) of the product's
   address carrying the visitor's referral code. Text is drawn in the phone's own fonts (Chinese phones have them), so the
   build needs no CJK font for posters. Layout in 750×1334 units (the classic poster) drawn at 1.5×: crisp on a 3× screen. */
(function () {
  'use strict';
  /* the dialog's look comes with the poster: a product page before the tap carries none of it (page budget) */
  var style = document.createElement('style');
  style.textContent = '.poster-dialog { width: min(92vw, 420px); max-height: 94vh; padding: 12px; border: 0; border-radius: var(--radius); background: var(--card); color: var(--text); text-align: center; overflow: auto; } .poster-dialog::backdrop { background: rgba(0, 0, 0, .72); } .poster-dialog img { display: block; width: 100%; height: auto; margin: 0 auto 12px; border-radius: 8px; -webkit-touch-callout: default; user-select: auto; } .poster-hint { margin: 0 0 10px; font-size: .92rem; } .poster-dialog [hidden] { display: none; } .poster-frame:empty { min-height: 200px; }';
  document.head.appendChild(style);
  var W = 750, H = 1334, S = 1.5, M = 48, QR = 216, DARK = '#1a1a1a', GREY = '#666', ELL = '…';
  var NO_START = '，。、；：？！）」』】》〉,.;:?!)]}…%';

  function font(px, bold) { return (bold ? '700 ' : '400 ') + px + 'px ' + (getComputedStyle(document.body).fontFamily || 'sans-serif'); }
  function wide(c) { return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud840-\ud87f][\udc00-\udfff]/.test(c); }
  /* units a line may break between, as drawing.py `tokens`: Latin words, single wide characters, spaces */
  function tokens(text) {
    var out = [], word = '';
    Array.from(String(text || '').split(/\s+/).join(' ').trim()).forEach(function (c) {
      if (c === ' ') { if (word) out.push(word); word = ''; out.push(' '); }
      else if (NO_START.indexOf(c) >= 0 && (word || (out.length && out[out.length - 1] !== ' '))) { if (word) word += c; else out[out.length - 1] += c; }
      else if (wide(c)) { if (word) out.push(word); word = ''; out.push(c); }
      else word += c;
    });
    if (word) out.push(word);
    return out;
  }
  function ellipsize(ctx, text, width) {
    var chars = Array.from(text.replace(/\s+$/, ''));
    while (chars.length && ctx.measureText(chars.join('') + ELL).width > width) chars.pop();
    return chars.join('').replace(/\s+$/, '') + ELL;
  }
  /* at most `max` lines no wider than `width`; the last ends with "…" when text was left out */
  function wrap(ctx, text, width, max) {
    var lines = [], line = '', over = false, list = tokens(text);
    for (var i = 0; i < list.length; i++) {
      var tok = list[i];
      if (tok === ' ') { line += line ? ' ' : ''; continue; }
      if (ctx.measureText((line + tok).replace(/\s+$/, '')).width <= width) { line += tok; continue; }
      if (line.trim()) lines.push(line.replace(/\s+$/, ''));
      while (ctx.measureText(tok).width > width && Array.from(tok).length > 1) {  // a word longer than the line
        var chars = Array.from(tok), cut = chars.length - 1;
        while (cut > 1 && ctx.measureText(chars.slice(0, cut).join('')).width > width) cut--;
        lines.push(chars.slice(0, cut).join(''));
        tok = chars.slice(cut).join('');
      }
      line = tok;
      if (lines.length >= max) { over = true; break; }
    }
    if (line.trim() && !over) lines.push(line.replace(/\s+$/, ''));
    if (lines.length > max) over = true;
    if (over) { lines = lines.slice(0, max); lines[max - 1] = ellipsize(ctx, lines[max - 1], width); }
    return lines;
  }
  function block(ctx, x, y, text, px, bold, color, width, max, spacing) {
    ctx.font = font(px, bold); ctx.fillStyle = color; ctx.textBaseline = 'top'; ctx.textAlign = 'left';
    wrap(ctx, text, width, max).forEach(function (l) { ctx.fillText(l, x, y); y += Math.round(px * spacing); });
    return y;
  }
  function picture(src) {
    return new Promise(function (ok) {
      if (!src) return ok(null);
      var img = new Image();
      img.onload = function () { ok(img.naturalWidth ? img : null); };
      img.onerror = function () { ok(null); };
      img.src = src;
    });
  }
  function cover(ctx, img, x, y, w, h) {  // centre crop to fill
    var k = Math.max(w / img.naturalWidth, h / img.naturalHeight), sw = w / k, sh = h / k;
    ctx.drawImage(img, (img.naturalWidth - sw) / 2, (img.naturalHeight - sh) / 2, sw, sh, x, y, w, h);
  }
  /* the QR code's modules as a canvas of whole pixels (no blur), with a 2-module quiet zone */
  function qrCanvas(text, px) {
    var q = window.qrcode(0, 'M');
    q.addData(text); q.make();
    var n = q.getModuleCount(), cell = Math.max(1, Math.floor(px / (n + 4))), c = document.createElement('canvas'), g = c.getContext('2d');
    c.width = c.height = cell * (n + 4);
    g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height); g.fillStyle = '#000';
    for (var r = 0; r < n; r++) for (var k = 0; k < n; k++) if (q.isDark(r, k)) g.fillRect((k + 2) * cell, (r + 2) * cell, cell, cell);
    return c;
  }
  /* the product's QR code; an address too long for one falls back to the shop's home (with the same code), then to none,
     as the build's share cards do */
  function qrFor(url, home) {
    var ref = new URL(url).searchParams.get('ref'), h = home && new URL(home);
    if (h && ref) h.searchParams.set('ref', ref);
    for (var list = [url, h && h.href], i = 0; i < list.length; i++) {
      try { if (list[i]) return qrCanvas(list[i], QR * S); } catch (e) { }  // qrcode-generator: "code length overflow"
    }
    return null;
  }
  function roundRect(ctx, x, y, w, h, r) {
    ctx.beginPath(); ctx.moveTo(x + r, y); ctx.arcTo(x + w, y, x + w, y + h, r); ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r); ctx.arcTo(x, y, x + w, y, r); ctx.closePath();
  }

  /* data: {t title, p price, w old price, s summary, i photo URL, a avatar URL, seller, shop, hint, accent, on, text}; url: what the QR opens */
  function draw(data, url) {
    return Promise.all([picture(data.i), picture(data.a)]).then(function (pics) {
      var c = document.createElement('canvas'), ctx = c.getContext('2d'), inner = W - 2 * M;
      c.width = W * S; c.height = H * S;
      ctx.scale(S, S);
      ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H);
      if (pics[0]) cover(ctx, pics[0], 0, 0, W, W);
      else {
        ctx.fillStyle = data.accent; ctx.fillRect(0, 0, W, W);
        ctx.font = font(360, true); ctx.fillStyle = data.on; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
        ctx.fillText(Array.from(data.t || ' ')[0], W / 2, W / 2);
      }
      var y = block(ctx, M, W + 36, data.t, 46, true, DARK, inner, 2, 1.25);
      if (data.p) {
        var base = y + 66, price;
        ctx.font = font(58, true); ctx.textBaseline = 'alphabetic'; ctx.textAlign = 'left'; ctx.fillStyle = data.text;
        price = ctx.measureText(data.p).width <= inner ? data.p : ellipsize(ctx, data.p, inner);
        ctx.fillText(price, M, base);
        var right = M + ctx.measureText(price).width + 20;
        ctx.font = font(30);
        if (data.w && right + ctx.measureText(data.w).width <= W - M) {
          ctx.fillStyle = GREY; ctx.fillText(data.w, right, base);
          ctx.fillRect(right, base - 11, ctx.measureText(data.w).width, 2);
        }
        y = base + 20;
      }
      var divider = H - M - QR - 28, room = Math.max(0, Math.floor((divider - 16 - y) / Math.floor(28 * 1.4)));
      if (data.s && room) block(ctx, M, y + 4, data.s, 28, false, GREY, inner, Math.min(2, room), 1.4);
      ctx.fillStyle = '#e6e6e6'; ctx.fillRect(M, divider - 1, inner, 2);
      footer(ctx, data, url, divider, pics[1]);
      return c.toDataURL('image/jpeg', 0.92);
    });
  }
  /* seller (avatar, name, shop) on the left, the QR code and its hint on the right, as posters.py drew them */
  function footer(ctx, data, url, divider, avatar) {
    var code = qrFor(url, data.home), size = QR + 16, qx = W - M - size + 8, qy = divider + 20, y = divider + 36, x = M;
    if (code) {
      size = code.width / S; qx = W - M - size + 8;
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(code, qx, qy, size, size);
      ctx.imageSmoothingEnabled = true;
    }
    if (avatar) {
      ctx.save(); ctx.beginPath(); ctx.arc(M + 44, y + 44, 44, 0, 2 * Math.PI); ctx.clip();
      cover(ctx, avatar, M, y, 88, 88); ctx.restore();
      x = M + 88 + 20;
    }
    block(ctx, x, y + 4, data.seller, 34, true, DARK, qx - x - 24, 1, 1.3);
    block(ctx, x, y + 52, data.shop, 26, false, GREY, qx - x - 24, 1, 1.3);
    var left = qx - M - 24, top = y + 88 + 36;
    ctx.fillStyle = data.accent; roundRect(ctx, M, top, left, 64, 32); ctx.fill();
    if (data.hint) {
      ctx.font = font(26, true); ctx.fillStyle = data.on; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      var hint = ctx.measureText(data.hint).width > left - 40 ? ellipsize(ctx, data.hint, left - 40) : data.hint;
      ctx.fillText(hint, M + left / 2, top + 32);
      ctx.textAlign = 'left';
    }
  }

  /* the poster into share.js's open dialog: an <img> to press and hold (WeChat saves images that way), and a download link */
  function show(dialog, data, url) {
    var frame = dialog.querySelector('[data-poster-frame]'), save = dialog.querySelector('[data-poster-save]');
    if (!save) {  // made here: a link without an address in the page would be an uncrawlable link
      save = document.createElement('a');
      save.className = 'btn btn-ghost'; save.setAttribute('data-poster-save', ''); save.textContent = dialog.getAttribute('data-save');
      dialog.querySelector('[data-close]').before(save, ' ');
    }
    frame.textContent = ''; save.hidden = true;
    return draw(data, url).then(function (src) {
      var img = new Image();
      img.width = 750; img.height = 1334; img.alt = dialog.getAttribute('data-alt').replace('{title}', data.t); img.src = src;
      frame.appendChild(img);
      save.href = src; save.download = data.slug + '-poster.jpg';
      save.hidden = /MicroMessenger/i.test(navigator.userAgent);  // WeChat's browser cannot download: press and hold instead
      dialog.querySelector('[data-poster-status]').textContent = '';
    });
  }

  window.weishopPoster = { draw: draw, show: show, qr: function (text, px) { return qrCanvas(text, px).toDataURL('image/png'); } };
})();
