"""The crawler itself, on a small site made of known faults: it must find each fault on the page
that has it, and nowhere else. Pages are reused from visit to visit (a page per worker), so a
fault of one page must not be reported against the next one loaded in the same tab; neither
must the browser's note that a 404 page is a 404, which can arrive after the next page began."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import require_chromium
from tests.site.conftest import crawl_in_chromium
from tests.site.crawler import Checks, Crawler, Result, Role, console_error

pytestmark = pytest.mark.browser

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
PAGE = '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{title}</title>' \
       '<meta name="viewport" content="width=device-width, initial-scale=1">{head}</head>' \
       '<body><main>{body}</main></body></html>'
SITE = {
    # Links to every other page, in many tabs' worth: the crawl's workers share them out.
    "/": ("หน้าแรก", "", "<h1>หน้าแรก</h1>" + "".join(f'<p><a href="{p}">หน้า {i}</a></p>' for i, p in enumerate((
        "/clean/1", "/console", "/clean/2", "/wide", "/clean/3", "/no-alt", "/clean/4", "/english",
        "/clean/5", "/low-contrast", "/clean/6", "/dossier.pdf", "/gone/1", "/clean/7", "/gone/2",
        "/clean/8", "/gone/3", "/clean/9")))),
    "/console": ("คอนโซล", '<script src="/boom.js"></script>', "<h1>มีข้อผิดพลาด</h1>"),
    "/wide": ("กว้าง", '<link rel="stylesheet" href="/wide.css">', '<h1>กว้างเกินจอ</h1><div class="wide">x</div>'),
    "/no-alt": ("รูป", "", '<h1>รูปไม่มีคำอธิบาย</h1><img src="/dot.svg" width="20" height="20">'),
    "/english": ("ภาษา", "", "<h1>ภาษาปน</h1><p>Please wait here</p>"),
    # Contrast 1.3:1 at the laptop size only (a layout rule there; every rule at 360 px).
    "/low-contrast": ("สี", '<link rel="stylesheet" href="/contrast.css">', '<h1>สีจาง</h1><p class="pale">ข้อความจาง</p>'),
}
FILES = {
    "/boom.js": ("text/javascript", "throw new Error('boom from the page');"),
    "/wide.css": ("text/css", ".wide { width: 900px; }"),
    "/contrast.css": ("text/css", "@media (min-width: 48rem) { .pale { color: #ddd; } }"),
    "/favicon.ico": ("image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg"/>'),
    "/dot.svg": ("image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>'),
}


HITS: Counter[str] = Counter()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        HITS[self.path] += 1
        if self.path == "/dossier.pdf":  # a download, costly to make (a case dossier's PDF)
            data = b"%PDF-1.4 not really"
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Disposition", 'attachment; filename="dossier.pdf"')
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        status = 200
        if self.path.startswith("/gone/"):  # the site's own 404 page: the browser notes the 404
            status, kind = 404, "text/html; charset=utf-8"
            body = PAGE.format(title="ไม่พบ", head="", body="<h1>ไม่พบหน้านี้</h1>")
        elif self.path in FILES:
            kind, body = FILES[self.path]
        elif self.path in SITE or self.path.startswith("/clean/"):
            title, head, main = SITE.get(self.path, ("เรียบร้อย", "", "<h1>หน้าปกติ</h1><p>ไม่มีปัญหา</p>"))
            kind, body = "text/html; charset=utf-8", PAGE.format(title=title, head=head, body=main)
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def crawl(base: str) -> Result:
    checks = Checks(latin_on_thai=[], thai_on_english=[], weight_budget=lambda _p: 400 * 1024, allowed=[])
    # The route pattern is the path: every page is its own pattern, none is left out.
    crawler = Crawler(base, [Role("anonymous", ["/"])], checks, lambda path: path, languages=["th"],
                      axe_languages=["th"], workers=2, per_pattern=1)
    return crawl_in_chromium(crawler)


def test_each_fault_found_on_its_own_page_only(site: str) -> None:
    require_chromium()
    result = crawl(site)
    assert len(result.pages["anonymous"]) == 18, sorted(result.pages["anonymous"])
    found = {(f.kind, f.path, f.viewport) for f in result.findings}
    kinds_by_path: dict[str, set[str]] = {}
    for kind, path, _vp in found:
        kinds_by_path.setdefault(path, set()).add(kind)
    assert kinds_by_path == {
        "/console": {"console-error"},
        "/wide": {"overflow"},
        "/no-alt": {"axe"},
        "/english": {"wrong-language"},
        "/low-contrast": {"axe"},
    }, sorted(found)
    assert HITS["/dossier.pdf"] == 1, "a download was made more than once (a dossier's PDF costs a second)"
    assert ("axe", "/low-contrast", "1366x768") in found, "the laptop size's contrast went unchecked"
    assert any("image-alt" in f.detail for f in result.findings if f.path == "/no-alt")


def test_a_late_note_of_an_earlier_404_page_is_not_the_next_page_s_error() -> None:
    shown = {"http://t/gone/1", "http://t/clean/7"}  # the tab showed /gone/1, then /clean/7
    note = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert not console_error("error", note, "http://t/gone/1", shown)
    assert console_error("error", note, "http://t/site.css", shown), "a missing style sheet is an error"
    assert console_error("error", "Uncaught TypeError: x is undefined", "http://t/clean/7", shown)
    assert not console_error("warning", "deprecated", "http://t/clean/7", shown)
