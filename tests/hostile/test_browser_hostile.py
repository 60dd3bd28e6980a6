"""In Chromium: hostile content runs no script, and shop.js composes order links that gain no parameters."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.hostile.hostile_support import make_hostile
from tests.hostile.test_script_injection import LINKS, RAW_HTML
from tests.support import serve

pytestmark = pytest.mark.browser

NASTY = "x&bcc=evil@x.com#y?subject=z</script><img src=x onerror=alert(1)>"
Q = '"x&bcc=evil@x.com#y?subject=z</script><img src=x onerror=alert(1)>"'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    case = make_hostile(tmp_path_factory.mktemp("browser-hostile"))
    body = "\n\n".join(RAW_HTML + LINKS)
    case.write({
        "shop.yml": f"""
            title: {Q}
            base_url: https://shop.example.com/
            language: en
            currency: USD
            seller: {{name: {Q}, bio: {Q}}}
            order:
              channels:
                - {{type: whatsapp, phone: "+1 555-123-4567"}}
                - {{type: email, address: ann@example.com}}
            """,
        "content/products/tea.md": f"---\ntitle: {Q}\nprice: 12\noptions:\n  - name: {Q}\n    values: [plain, {Q}]\n"
                                   f"reviews:\n  - {{name: {Q}, text: {Q}}}\n---\n{body}\n",
    })
    case.succeeds()
    server, base = serve(case.out)
    yield base
    server.shutdown()
    server.server_close()


def _watch_dialogs(phone) -> list[str]:
    fired: list[str] = []
    phone.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    return fired


@pytest.mark.parametrize("path", ["", "products/tea/", "cart/", "about/"])
def test_no_script_runs_from_content(phone, site, path):
    fired = _watch_dialogs(phone)
    phone.goto(site + path)
    phone.wait_for_load_state("load")
    # As Chromium parses them: the scheme of every link and image, and any on* attribute anywhere.
    schemes = phone.evaluate("""() => [...document.querySelectorAll('a[href], img[src], area[href]')]
        .map(el => new URL(el.getAttribute('href') ?? el.getAttribute('src'), document.baseURI).protocol)""")
    assert set(schemes) <= {"http:", "https:", "mailto:", "tel:", "sms:", "data:"}, schemes
    handlers = phone.evaluate("""() => [...document.querySelectorAll('*')]
        .flatMap(el => el.getAttributeNames().filter(n => n.startsWith('on')).map(n => el.tagName + ' ' + n))""")
    assert handlers == []
    data_urls = phone.evaluate("() => [...document.querySelectorAll('[src^=\"data:\"], [href^=\"data:\"]')].map(el => el.tagName)")
    assert set(data_urls) <= {"IMG"}
    assert fired == []
    assert phone.evaluate("document.querySelectorAll('.prose script, .prose iframe, .prose img[onerror]').length") == 0


def test_shop_js_links_for_a_hostile_option_gain_no_parameters(phone, site):
    fired = _watch_dialogs(phone)
    phone.goto(site + "products/tea/")
    phone.click("label.choice:has-text('onerror')")
    whatsapp = phone.get_attribute("[data-order] a.ch-whatsapp", "href")
    email = phone.get_attribute("[data-order] a.ch-email", "href")
    wa_parts, mail_parts = urlsplit(whatsapp), urlsplit(email)
    assert wa_parts.fragment == "" and [k for k, _ in parse_qsl(wa_parts.query)] == ["text"]
    assert mail_parts.fragment == "" and mail_parts.path == "ann@example.com"
    assert [k for k, _ in parse_qsl(mail_parts.query)] == ["subject", "body"]
    assert NASTY in dict(parse_qsl(wa_parts.query))["text"]  # the option label arrives whole, as text
    assert fired == []
