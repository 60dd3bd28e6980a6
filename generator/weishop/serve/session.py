"""`weishop serve`: build into a temporary folder, serve it, rebuild on every change, reload browsers.

watcher.py turns file events into one batch per save; `LiveSite.rebuild(batch)` is the one
call that rebuilds, with the session's build state kept in memory: the pages first, then in a
thread of its own what they left for after (share images, the search index), which the next save
stops. http.py serves the last good site with the live-reload script and, while a rebuild fails,
the errors.
"""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import logging
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TextIO

import yaml

from weishop.build.pipeline import BuildOptions, build
from weishop.build.state import BuildState
from weishop.config.shop import ShopConfig
from weishop.utils.l10n import load_strings
from weishop.errors import BuildFailed, Cancelled, UsageError
from weishop.utils.messages import describe, localize, shop_language, tr, tr_n
from weishop.pages.theming import load_theme, packaged_themes

if TYPE_CHECKING:  # imported when serving starts: `weishop build` need not load the server and watchdog
    from weishop.serve.http import DevServer, LiveState
    from weishop.serve.watcher import Batch, Debouncer, ShopWatcher

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one rebuild did, for the terminal and for tests."""

    ok: bool
    seconds: float
    errors: list[str] = field(default_factory=list)
    pages: int = 0
    written: int = 0
    warnings: list[str] = field(default_factory=list)


class LiveSite:
    """Builds the shop for the dev server and publishes each outcome to the live state."""

    def __init__(self, options: BuildOptions, state: LiveState, say: Callable[[str], None] = print):
        self.options = options
        self.state = state
        self.say = say
        self.builds = 0
        self.after: threading.Thread | None = None  # making what the last page build left for after (images, search index)
        self._lock = threading.Lock()
        self._newer = threading.Event()  # a save waits: the work left for after gives way
        self._warned: list[str] = []  # the warnings the terminal showed last

    def rebuild(self, changed: Batch = frozenset()) -> Outcome:
        """Rebuild after `changed` (empty: everything); keeps the last good site when the build fails.

        This is the single entry point for rebuilds: an incremental build only has to use `changed`.
        """
        self._newer.set()  # work left for after by the last build stops; this build leaves it again
        with self._lock:
            self._newer.clear()
            self.builds += 1
            start = time.perf_counter()
            try:
                result = build(self.options)
            except BuildFailed as exc:
                outcome = Outcome(False, time.perf_counter() - start, [describe(e, self.language) for e in exc.errors])
            except UsageError as exc:
                outcome = Outcome(False, time.perf_counter() - start, [localize(exc.args[0] if exc.args else exc, self.language)])
            except Exception as exc:  # a bug must not stop the preview; the overlay names it
                log.debug("build crashed", exc_info=True)
                outcome = Outcome(False, time.perf_counter() - start, [f"internal error: {type(exc).__name__}: {exc}"])
            else:
                outcome = Outcome(True, time.perf_counter() - start, [], result.pages, result.stats.get("written", 0),
                                  [describe(w, self.language) for w in result.warnings])
                self.state.publish([], result.site.config.base_path, built=True, texts=self._texts(result.site.config),
                                   warnings=outcome.warnings)
                self._report(outcome, changed)
                if result.stats.get("deferred"):
                    self.after = threading.Thread(target=self._draw, args=(self.builds,),
                                                  name="weishop-after", daemon=True)
                    self.after.start()
                return outcome
            self.state.publish(outcome.errors)
            self._report(outcome, changed)
            return outcome

    def _draw(self, after_build: int) -> None:
        """The share images (and search index) the page build left out, made now that the pages are served.

        In its own thread, so the next save is not kept waiting: it stops this work (`Cancelled`), and a
        build that began after `after_build` leaves its own."""
        with self._lock:
            if self.builds != after_build or self.state.stopping.is_set():
                return
            self._made_after()

    def _made_after(self) -> None:
        start = time.perf_counter()
        try:
            build(dataclasses.replace(self.options, defer_drawing=False, cancel=self._newer))  # same state: only the drawing is new
        except Cancelled:
            return
        except BuildFailed as exc:
            errors = [describe(e, self.language) for e in exc.errors]
            self.state.publish(errors)
            self.say("\n".join([localize(tr("making the share images or the search index failed:"), self.language), *(f"  {e}" for e in errors)]))
            return
        except Exception as exc:  # a bug must not stop the preview
            log.debug("drawing crashed", exc_info=True)
            self.state.publish([f"internal error: {type(exc).__name__}: {exc}"])
            return
        if not self.state.stopping.is_set():
            seconds = f"{time.perf_counter() - start:.2f}"
            self.say(localize(tr("  then the share images and the search index, made after the pages, in {seconds} s", seconds=seconds),
                              self.language))

    @property
    def language(self) -> str:
        """What the terminal and the overlay say is in the shop's language (read again: shop.yml may have changed)."""
        return shop_language(self.options.shop)

    def close(self, timeout: float = 10.0) -> None:
        """Stops the work left for after and waits for it (the served folder is deleted next)."""
        self._newer.set()
        self.wait(timeout)

    def wait(self, timeout: float | None = 30.0) -> None:
        """Returns once the work the last build left for after is done (tests, and stopping)."""
        if self.after is not None:
            self.after.join(timeout)

    def _texts(self, config: ShopConfig) -> dict[str, str]:
        """The overlay's strings in the shop's language (from the theme's i18n files)."""
        try:
            strings = load_strings(load_theme(self.options.shop.absolute(), config.theme).i18n_dirs, config.language)
        except (OSError, ValueError, yaml.YAMLError):
            return {}
        from weishop.serve.http import OVERLAY_TEXTS

        return {key: value for key, value in strings.items() if key in OVERLAY_TEXTS}

    def _report(self, outcome: Outcome, changed: Batch) -> None:
        if self.state.stopping.is_set():  # a build interrupted by Ctrl-C: nothing worth saying
            return
        what = _changed_names(changed, self.options.shop.absolute())
        language = self.language
        if outcome.ok and outcome.warnings and outcome.warnings == self._warned:  # said after the last save: once is enough
            self.say(localize(tr_n("(the {n} warning above still holds)", "(the {n} warnings above still hold)", len(outcome.warnings)), language))
        else:
            for warning in outcome.warnings:
                self.say(localize(tr("warning: {error}", error=warning), language))
        if outcome.ok:
            self._warned = outcome.warnings
        if outcome.ok:
            seconds = f"{outcome.seconds:.2f}"
            self.say(localize(tr("{changed}built {pages} in {seconds} s ({files})", changed=what, seconds=seconds,
                                 pages=tr_n("{n} page", "{n} pages", outcome.pages),
                                 files=tr_n("{n} file changed", "{n} files changed", outcome.written)), language))
            return
        kept = tr("still showing the last good site") if self.state.have_site else tr("the browser shows these errors until they are fixed")
        self.say(localize(tr("{changed}build failed, {kept}:", changed=what, kept=kept), language))
        for error in outcome.errors:
            self.say(f"  {error}")


def _changed_names(changed: Batch, shop: Path) -> str:
    """The files a save changed, as the terminal names them; an editor's temporary file (gone, no suffix: `sed -i`,
    vim's 4913) is left out."""
    changed = frozenset(p for p in changed if p.suffix or p.exists())
    if not changed:
        return ""
    names = sorted(p.relative_to(shop).as_posix() if p.is_relative_to(shop) else p.name for p in changed)
    shown = ", ".join(names[:3])
    return tr("{names} changed: ", names=tr("{names} and {more} more", names=shown, more=len(names) - 3)
              if len(names) > 3 else shown)


@dataclass
class DevSession:
    """A running preview: server, watcher, rebuild worker. `stop()` ends all of it."""

    site: LiveSite
    server: DevServer
    watcher: ShopWatcher
    debouncer: Debouncer
    workdir: Path
    thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        host = self.server.server_address[0]
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("localhost" if host == "::" else host)
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}{self.site.state.base_path}"

    def stop(self) -> None:
        self.site.state.stop()
        self.watcher.stop()
        self.debouncer.stop(wait=5.0)
        self.site.close()
        if self.thread:  # serve_forever runs in another thread; in the CLI it has already returned
            self.server.shutdown()
        self.server.server_close()
        if self.thread:
            self.thread.join(timeout=10)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start(shop: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False,
          in_thread: bool = True, say: Callable[[str], None] = print, quiet: float = 0.05) -> DevSession:
    """Build once, then serve and watch; with `in_thread` the server runs in a background thread (tests)."""
    from weishop.serve.http import LIVE_SCRIPT, DevServer, LiveState
    from weishop.serve.watcher import watch_shop

    shop = shop.absolute()
    if not (shop / "shop.yml").is_file():
        raise UsageError(tr("no shop.yml in {folder}; run weishop serve in your shop folder or pass --shop DIR", folder=shop))
    workdir = Path(tempfile.mkdtemp(prefix="weishop-serve-"))
    try:
        state = LiveState(root=workdir / "site")
        options = BuildOptions(shop=shop, out=workdir / "site", drafts=drafts, dev_script=LIVE_SCRIPT,
                               state=BuildState(), save_state=False, defer_drawing=True)  # the session's state, in memory
        site = LiveSite(options, state, say)
        site.rebuild()
        site.wait(None)  # the first build's images too, before the server's threads start (its pool may fork)
        try:
            server = DevServer((host, port), state)
        except OSError as exc:
            raise UsageError(tr("cannot listen on {address} ({reason}); try another --port", address=host + ":" + str(port), reason=exc.strerror or exc)) from None
        watcher, debouncer = watch_shop(shop, site.rebuild, [packaged_themes()], quiet)
        debouncer.start()
        watcher.start()
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    session = DevSession(site, server, watcher, debouncer, workdir)
    if in_thread:
        session.thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                          name="weishop-serve", daemon=True)
        session.thread.start()
    return session


def is_exposed(host: str) -> bool:
    """Anything but loopback is reachable from the network."""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def banner(host: str, port: int, base_path: str, out: TextIO, lan: str | None = None, shop: Path | None = None) -> None:
    """The URLs to open; when exposed, a warning and (for all interfaces) the LAN URL as a QR code."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    language = shop_language(shop) if shop else "en"
    print(localize(tr("serving your shop at {url}  (Ctrl-C to stop)", url="http://" + shown + ":" + str(port) + base_path), language), file=out)
    if not is_exposed(host):
        return
    print(localize(tr("warning: the preview is reachable from your network: anyone on it can see unpublished "
                      "products (and drafts with --drafts). Use it on a network you trust."), language), file=out)
    if host in ("0.0.0.0", "::"):
        if lan:
            url = f"http://{lan}:{port}{base_path}"
            print(localize(tr("on your phone (same Wi-Fi): {url}", url=url), language), file=out)
            _print_qr(url, out)
        else:
            print(localize(tr("could not find this computer's network address; use its IP address on your phone"), language), file=out)


def _print_qr(url: str, out: TextIO) -> None:
    import segno

    try:
        segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    except (UnicodeEncodeError, OSError):  # a terminal without block characters: the URL is printed above
        pass


def cmd_serve(args: argparse.Namespace) -> int:
    """The `weishop serve` command: runs until Ctrl-C, then stops cleanly."""
    if args.port < 0 or args.port > 65535:
        raise UsageError(tr("--port must be between 0 and 65535, not {port}", port=args.port))
    session = start(Path(args.shop), args.host, args.port, args.drafts, in_thread=False,
                    say=lambda text: print(text, flush=True))
    previous = _stop_on_sigterm()
    try:
        banner(args.host, session.port, session.site.state.base_path, sys.stdout,
               lan_address() if args.host in ("0.0.0.0", "::") else None, Path(args.shop))
        sys.stdout.flush()
        if args.open:
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(session.url,), daemon=True).start()
        session.server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        try:
            session.stop()
        except KeyboardInterrupt:  # a second Ctrl-C while stopping: just go
            pass
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    print(localize(tr("stopped"), shop_language(Path(args.shop))), flush=True)
    return 0


def _stop_on_sigterm():
    """`kill` stops the server like Ctrl-C does (only possible from the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    sub.add_argument("--host", default="127.0.0.1",
                     help="address to listen on (default: 127.0.0.1, this computer only; 0.0.0.0 to open it on your phone)")
    sub.add_argument("--drafts", action="store_true", help="include products and stories marked draft: true")
    sub.add_argument("--open", action="store_true", help="open the shop in your browser")
