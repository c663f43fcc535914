"""The site quality gate's crawler: headless Chromium walks every page a role can reach, and
records what a person would trip over.

It starts from each role's start pages (and, for a citizen, from submitting a receipt), follows
every same-origin link and every form with method GET, and checks each page in Thai and in
English at 360x740; the same loaded page is then widened to 1366x768 and checked for what width
changes: overflow, axe's layout rules (AXE_LAYOUT_RULES) and what it loads besides. Pages are deduplicated by route
pattern (Django's URL pattern plus the query's keys) and capped per pattern, so the crawl stays
bounded however much data there is. axe-core runs in the languages it is asked to
(``axe_languages``): the markup it inspects is one template whatever the language.

This module knows nothing about Phalang's data: the test (`test_site_gate.py`) gives it roles,
the route-pattern function and the allowlists. A crawler checks the languages it is given (both
by default); the gate runs one crawl per language, so parallel test workers can share the work.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from playwright.async_api import BrowserContext, Page

AXE_JS = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")

KINDS = ("http-5xx", "crawl-error", "console-error", "csp-violation", "overflow", "foreign-request",
         "wrong-language", "no-h1", "weight", "axe", "aria-ref")
VIEWPORTS = {"360x740": (360, 740), "1366x768": (1366, 768)}
# axe-core runs every rule at the phone size. Widened to the laptop size, the page is the same
# markup; what can change is layout: what lies behind a text (its contrast) and how far apart the
# targets are. site.css's media queries change only columns and widths, and
# tests/site/test_layout_only_media.py keeps it so (a query that hides, shows or recolours would
# need every rule at both sizes).
AXE_LAYOUT_RULES = ["color-contrast", "target-size"]
LANGUAGES = ("th", "en")
THAI = re.compile(r"[\u0E00-\u0E7F]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")

# Installed in every page before its own scripts: CSP violations are events, not console text
# alone, and axe-core must be in the page to inspect it. (CDP-injected scripts are not subject
# to the page's CSP, so the site's policy stays exactly as strict as it is for people.)
LISTEN_JS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
    (e.sourceFile ? ' at ' + e.sourceFile + ':' + e.lineNumber : ''));
});
"""

# What one loaded page tells: headings, overflow, links, GET forms, visible text, weight.
PROBE_JS = r"""
() => {
  const root = document.documentElement;
  const pageLang = (root.getAttribute('lang') || '').toLowerCase();
  const SKIP = 'script,style,noscript,template,code,kbd,samp,pre,svg';
  const visible = (el) => el && (el.checkVisibility ? el.checkVisibility({checkOpacity: true,
      checkVisibilityCSS: true}) : el.offsetParent !== null);
  const otherLanguage = (el) => {
    const tagged = el.closest('[lang]');
    if (tagged && (tagged.getAttribute('lang') || '').toLowerCase() !== pageLang) return true;
    return !!el.closest('[translate="no"]');
  };
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let p = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(p + '#' + e.id); break; }
      if (e.classList.length) p += '.' + [...e.classList].slice(0, 2).join('.');
      parts.unshift(p);
    }
    return parts.join(' > ');
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue.replace(/\s+/g, ' ').trim();
    const el = n.parentElement;
    if (!t || !el || el.closest(SKIP) || otherLanguage(el) || !visible(el)) continue;
    texts.push([t, where(el)]);
  }
  for (const el of document.querySelectorAll('[placeholder],[aria-label],[title],img[alt],input[type=submit][value],input[type=button][value]')) {
    if (el.closest(SKIP) || otherLanguage(el) || !visible(el)) continue;
    for (const a of ['placeholder', 'aria-label', 'title', 'alt', 'value']) {
      if (a === 'value' && !(el.type === 'submit' || el.type === 'button')) continue;
      const v = (el.getAttribute(a) || '').trim();
      if (v) texts.push([v, where(el) + '@' + a]);
    }
  }
  const links = [...document.querySelectorAll('a[href]')].map((a) => a.href);
  const forms = [];
  for (const f of document.querySelectorAll('form')) {
    if ((f.getAttribute('method') || 'get').toLowerCase() !== 'get') continue;
    const params = [];
    for (const [k, v] of new FormData(f)) if (typeof v === 'string') params.push([k, v]);
    forms.push([f.action, params]);
  }
  // aria-describedby / aria-labelledby naming an element that is not there: a field whose
  // error or hint a screen reader never reads.
  const refs = [];
  for (const el of document.querySelectorAll('[aria-describedby],[aria-labelledby]')) {
    for (const a of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (el.getAttribute(a) || '').split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) refs.push(a + '="' + id + '" on ' + where(el) + ' names no element');
      }
    }
  }
  const nav = performance.getEntriesByType('navigation')[0];
  let bytes = nav ? nav.encodedBodySize : 0;
  for (const r of performance.getEntriesByType('resource')) bytes += r.encodedBodySize || 0;
  return {lang: pageLang, h1: document.querySelectorAll('h1').length, texts, links, forms, bytes, refs,
          csp: window.__cspViolations || []};
}
"""

# What a page has loaded and blocked so far: after widening, lazy images may have come in.
LOADED_JS = r"""
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  let bytes = nav ? nav.encodedBodySize : 0;
  for (const r of performance.getEntriesByType('resource')) bytes += r.encodedBodySize || 0;
  return {bytes, csp: window.__cspViolations || []};
}
"""

OVERFLOW_JS = r"""
() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width + 1) return null;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.classList.length ? '.' + [...el.classList].join('.') : '') + ' (' + Math.round(r.right) + ' px)');
      if (wide.length >= 3) break;
    }
  }
  return 'page is ' + root.scrollWidth + ' px wide in a ' + width + ' px window: ' + wide.join(', ');
}
"""

# axe-core is put into a page only when it is to run there (evaluated over CDP, so the page's
# CSP does not apply), not into every document the crawl opens: parsing its 500 KB was a third of
# the Thai crawl's time. `rules` null: every WCAG A/AA rule; else only the rules named.
AXE_RUN_JS = """
async (rules) => {
  const result = await axe.run(document, {
    runOnly: rules ? {type: 'rule', values: rules}
                   : {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    resultTypes: ['violations'],
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
}
"""


def console_error(kind: str, text: str, url: str, documents: set[str]) -> bool:
    """Whether a console message is an error of the page. CSP violations are counted from the
    securitypolicyviolation event instead. The browser's note that a page itself is a 403 or 404
    is no error of that page; as tabs are reused, it can arrive after the next page began, so it
    is recognised by its URL being one of the pages the tab has shown, not only the current one."""
    if kind != "error" or "Content Security Policy" in text:
        return False
    return not (text.startswith("Failed to load resource") and url in documents)


@dataclass(frozen=True)
class Finding:
    kind: str
    path: str
    role: str
    lang: str
    viewport: str
    detail: str

    def line(self) -> str:
        return f"[{self.kind}] {self.path} ({self.role}, {self.lang}, {self.viewport}): {self.detail}"


@dataclass
class Role:
    """Who crawls: the cookies of their session, and where they start."""

    name: str
    start: list[str]
    cookies: list[dict[str, Any]] = field(default_factory=list)
    # Steps that end on a page worth checking and crawling from (a citizen submitting a
    # receipt: the status page is a POST, so no link reaches it).
    actions: list[Callable[[Page, str], Awaitable[None]]] = field(default_factory=list)


@dataclass(frozen=True)
class Allowed:
    """One accepted finding: its kind ("*": any), a regex on the path and one on the detail, and why."""

    kind: str
    path: str
    detail: str
    reason: str

    def matches(self, f: Finding) -> bool:
        return (self.kind in (f.kind, "*") and re.search(self.path, f.path) is not None
                and re.search(self.detail, f.detail) is not None)


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    allowed: list[tuple[Finding, Allowed]] = field(default_factory=list)
    pages: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # role -> paths
    visits: int = 0
    patterns: set[str] = field(default_factory=set)

    def table(self, roles: Iterable[str], languages: Iterable[str] = LANGUAGES) -> str:
        """The summary CI prints: pages per role, viewports, and findings by kind."""
        roles = list(roles)
        unique = set().union(*self.pages.values()) if self.pages else set()
        lines = [
            "site quality gate",
            f"  pages (unique paths)   {len(unique)}",
            f"  route patterns         {len(self.patterns)}",
            f"  page loads             {self.visits} (each checked at {' and '.join(VIEWPORTS)})",
            f"  roles                  {len(roles)}",
            f"  languages              {', '.join(languages)}",
            "",
            f"  {'role':<22}{'pages':>6}",
        ]
        lines += [f"  {r:<22}{len(self.pages.get(r, ())):>6}" for r in roles]
        failing = Counter(f.kind for f in self.findings)
        allowed = Counter(f.kind for f, _ in self.allowed)
        lines += ["", f"  {'finding':<22}{'failing':>8}{'allowed':>9}"]
        lines += [f"  {k:<22}{failing.get(k, 0):>8}{allowed.get(k, 0):>9}" for k in KINDS]
        lines.append(f"  {'total':<22}{sum(failing.values()):>8}{sum(allowed.values()):>9}")
        return "\n".join(lines)


@dataclass
class Checks:
    """What the test configures: languages' allowlists, weight budgets, other findings allowed."""

    # Regexes removed from a Thai page's text before looking for English words (brand names,
    # acronyms...), each with its reason in the test.
    latin_on_thai: list[str]
    # Regexes removed from an English page's text before looking for Thai letters.
    thai_on_english: list[str]
    weight_budget: Callable[[str], int]  # route pattern -> bytes
    allowed: list[Allowed]

    def __post_init__(self) -> None:
        self._latin = re.compile("|".join(f"(?:{p})" for p in self.latin_on_thai) or "(?!)")
        self._thai = re.compile("|".join(f"(?:{p})" for p in self.thai_on_english) or "(?!)")

    def wrong_language(self, lang: str, texts: list[list[str]]) -> list[str]:
        bad = []
        for text, where in texts:
            if lang == "th":
                rest = self._latin.sub(" ", text)
                words = LATIN_WORD.findall(rest)
                if words:
                    bad.append(f"{' '.join(words)[:60]!r} in {where}")
            elif lang == "en":
                rest = self._thai.sub(" ", text)
                if THAI.search(rest):
                    bad.append(f"{rest.strip()[:60]!r} in {where}")
        return bad


class Crawler:
    def __init__(self, base_url: str, roles: list[Role], checks: Checks, pattern_of: Callable[[str], str | None],
                 *, per_pattern: int = 2, workers: int = 3, skip: Callable[[str], bool] = lambda p: False,
                 shots: Path | None = None, languages: Iterable[str] = LANGUAGES,
                 axe_languages: Iterable[str] = LANGUAGES) -> None:
        self.base = base_url.rstrip("/")
        self.host = urlsplit(self.base).netloc
        self.roles = roles
        self.checks = checks
        self.pattern_of = pattern_of
        self.per_pattern = per_pattern
        self.workers = workers
        self.skip = skip
        self.shots = shots
        self.languages = tuple(languages)
        # axe-core inspects the markup, which is the same template in every language; where it
        # is not run, it is not loaded into the page either.
        self.axe_languages = frozenset(axe_languages)
        assert self.languages and set(self.languages) <= set(LANGUAGES), self.languages
        self.result = Result()
        self._seen: set[tuple[str, str]] = set()
        self._per_pattern: Counter[tuple[str, str]] = Counter()
        self._public_patterns: set[str] = set()
        self._raw: list[Finding] = []
        self._idle: dict[int, list[tuple[Page, dict[str, list[str]]]]] = {}  # id(context) -> pages

    # --- which pages -------------------------------------------------------------------------
    def _normalise(self, url: str, current: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != self.host:
            return None
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        path = urlunsplit(("", "", parts.path, query, ""))
        return None if self.skip(path) else path

    def _accept(self, role: str, path: str) -> bool:
        if (role, path) in self._seen:
            return False
        pattern = self.pattern_of(urlsplit(path).path)
        if pattern is None:  # not one of our routes: a 404 is still worth one look
            pattern = "<404>"
        key = pattern + "?" + ",".join(sorted({k for k, _ in parse_qsl(urlsplit(path).query, keep_blank_values=True)}))
        # Public pages look the same to everyone but the header: the anonymous crawl covers them.
        if role != "anonymous" and key in self._public_patterns:
            return False
        if self._per_pattern[(role, key)] >= self.per_pattern:
            return False
        self._per_pattern[(role, key)] += 1
        self._seen.add((role, path))
        self.result.patterns.add(key)
        if role == "anonymous":
            self._public_patterns.add(key)
        return True

    # --- one page ----------------------------------------------------------------------------
    async def _check(self, page: Page, role: str, lang: str, path: str, status: int | None,
                     events: dict[str, list[str]]) -> dict[str, Any]:
        """Everything at 360x740, then the same loaded page widened to 1366x768 and checked for
        what width can change (overflow, axe's layout rules, what else it loads). A finding seen
        at both sizes is counted once, at the first."""
        found: set[tuple[str, str]] = set()

        def add(kind: str, detail: str, vp: str = "360x740") -> None:
            if (kind, detail) not in found:
                found.add((kind, detail))
                self._raw.append(Finding(kind, path, role, lang, vp, detail))

        if status is not None and status >= 500:
            add("http-5xx", f"status {status}")
        links: list[str] = []
        forms: list[Any] = []
        probe: dict[str, Any] = {}
        for vp, (w, h) in VIEWPORTS.items():  # pages are opened (and reused) at 360x740
            if w != 360:
                await page.set_viewport_size({"width": w, "height": h})
                # The markup and what is visible are the same at both sizes (site.css's media
                # queries change only layout: tests/site/test_layout_only_media.py), so text,
                # headings and references are read once; what the laptop size can change is
                # overflow, contrast and spacing, and what it loads besides (lazy images).
                probe |= await page.evaluate(LOADED_JS)
            else:
                if self.shots is not None:
                    await self._shot(page, role, lang, path)
                probe = await page.evaluate(PROBE_JS)
                if probe["lang"] != lang:
                    add("wrong-language", f"<html lang={probe['lang']!r}> on a {lang} page", vp)
                if probe["h1"] == 0:
                    add("no-h1", "the page has no <h1>", vp)
                for text in self.checks.wrong_language(lang, probe["texts"]):
                    add("wrong-language", text, vp)
                for ref in probe["refs"]:
                    add("aria-ref", ref, vp)
                links += probe["links"]
                forms += probe["forms"]
            if lang in self.axe_languages:
                if w == 360:
                    await page.evaluate(AXE_JS + "\n;0")
                for v in await page.evaluate(AXE_RUN_JS, None if w == 360 else AXE_LAYOUT_RULES):
                    add("axe", v, vp)
            overflow = await page.evaluate(OVERFLOW_JS)
            if overflow:
                add("overflow", overflow, vp)
        # Weight and CSP once, after both sizes: what the page loaded and blocked in all.
        budget = self.checks.weight_budget(self.pattern_of(urlsplit(path).path) or "")
        if probe["bytes"] > budget:
            add("weight", f"{probe['bytes'] // 1024} KiB > budget {budget // 1024} KiB")
        for v in set(probe["csp"]):
            add("csp-violation", v)
        for msg in events["console"]:
            add("console-error", msg[:200])
        for url in events["foreign"]:
            add("foreign-request", url[:200])
        for url in events["5xx"]:
            add("http-5xx", url[:200])
        return {"links": links, "forms": forms}

    async def _shot(self, page: Page, role: str, lang: str, path: str) -> None:
        """A full-page screenshot at 360 px, for people to look at (PHALANG_GATE_SHOTS)."""
        assert self.shots is not None
        name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")[:80] or "home"
        self.shots.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(self.shots / f"{role}-{lang}-{name}.png"), full_page=True)

    def _listen(self, page: Page, events: dict[str, list[str]]) -> None:
        """What a page reports as it loads: console errors, requests to other hosts, 5xx answers."""
        documents: set[str] = set()  # every page this tab has shown

        def on_navigated(frame: Any) -> None:
            if frame == page.main_frame:
                documents.add(frame.url)

        def on_console(msg: Any) -> None:
            url = msg.location.get("url", "")
            if console_error(msg.type, msg.text, url, documents):
                # Which resource failed, or which script erred: the text alone does not say.
                events["console"].append(f"{msg.text} ({url})" if url and url not in msg.text else msg.text)

        def on_request(req: Any) -> None:
            parts = urlsplit(req.url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
                events["foreign"].append(req.url)

        def on_response(resp: Any) -> None:
            if resp.status >= 500 and resp.request.resource_type != "document":
                events["5xx"].append(f"{resp.status} from {resp.url}")

        page.on("framenavigated", on_navigated)
        page.on("console", on_console)
        page.on("pageerror", lambda exc: events["console"].append(f"uncaught: {exc}"))
        page.on("request", on_request)
        page.on("response", on_response)

    async def _visit(self, ctx: BrowserContext, role: Role, lang: str, path: str,
                     action: Callable[[Page, str], Awaitable[None]] | None = None) -> list[str]:
        # A page per worker and context is reused from visit to visit: a new page is a new
        # renderer, which cost about half a second of CPU each. Navigation clears its document;
        # its listeners write to `events`, emptied here.
        pool = self._idle.setdefault(id(ctx), [])
        if pool:
            page, events = pool.pop()
            for found in events.values():
                found.clear()
            await page.set_viewport_size({"width": 360, "height": 740})
        else:
            page = await ctx.new_page()
            events = {"console": [], "foreign": [], "5xx": []}
            self._listen(page, events)
        reusable = True
        links: list[str] = []
        try:
            status: int | None
            if action is not None:
                await action(page, self.base)
                status = None
                path = urlunsplit(("", "", urlsplit(page.url).path, urlsplit(page.url).query, "")) + " (after " + \
                    getattr(action, "__name__", "action") + ")"
            else:
                try:
                    response = await page.goto(self.base + path, wait_until="load", timeout=30_000)
                except Exception as exc:
                    if "Download is starting" not in str(exc):
                        raise
                    # The server answered with an attachment (a CSV, a case dossier's PDF): not
                    # a page to check, and not a 5xx, whose answer is the error page. Asking
                    # again for its status made each dossier's PDF twice.
                    return []
                status = response.status if response else None
                kind = (response.headers.get("content-type", "") if response else "")
                if response is not None and "html" not in kind:
                    if status is not None and status >= 500:
                        self._raw.append(Finding("http-5xx", path, role.name, lang, "-", f"status {status}"))
                    return []
            self.result.visits += 1
            self.result.pages[role.name].add(path)
            probe = await self._check(page, role.name, lang, path, status, events)
            links = list(probe["links"])
            for action_url, params in probe["forms"]:
                parts = urlsplit(action_url)
                query = urlencode([(k, v) for k, v in params]) if params else ""
                links.append(urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")))
        except Exception as exc:  # a timeout or a crash is a finding, not the end of the crawl
            self._raw.append(Finding("crawl-error", path, role.name, lang, "-", str(exc).splitlines()[0][:200]))
            reusable = False
        finally:
            if reusable:
                pool.append((page, events))
            else:
                await page.close()
        return links

    # --- the crawl -----------------------------------------------------------------------------
    async def run(self, browser: Any) -> Result:
        contexts: dict[tuple[str, str], BrowserContext] = {}
        for role in self.roles:
            for lang in self.languages:
                ctx = await browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
                await ctx.add_init_script(LISTEN_JS)
                await ctx.add_cookies([*role.cookies, {"name": "phalang_lang", "value": lang, "url": self.base}])
                contexts[(role.name, lang)] = ctx
        # The anonymous crawl first: the public patterns it covers are then skipped by the others.
        anonymous = [r for r in self.roles if r.name == "anonymous"]
        others = [r for r in self.roles if r.name != "anonymous"]
        for group in (anonymous, others):
            if group:
                await self._crawl(group, contexts)
        for ctx in contexts.values():
            await ctx.close()
        for f in sorted(set(self._raw), key=lambda f: (f.kind, f.path, f.role, f.lang, f.viewport)):
            allow = next((a for a in self.checks.allowed if a.matches(f)), None)
            if allow is None:
                self.result.findings.append(f)
            else:
                self.result.allowed.append((f, allow))
        return self.result

    async def _crawl(self, roles: list[Role], contexts: dict[tuple[str, str], BrowserContext]) -> None:
        queue: asyncio.Queue[tuple[Role, str, Any]] = asyncio.Queue()
        for role in roles:
            for action in role.actions:
                queue.put_nowait((role, "", action))
            for path in role.start:
                if self._accept(role.name, path):
                    queue.put_nowait((role, path, None))

        async def worker() -> None:
            while True:
                role, path, action = await queue.get()
                try:
                    found: list[str] = []
                    for lang in self.languages:
                        found = await self._visit(contexts[(role.name, lang)], role, lang, path, action) or found
                    for url in found:
                        nxt = self._normalise(url, path)
                        if nxt and self._accept(role.name, nxt):
                            queue.put_nowait((role, nxt, None))
                finally:
                    queue.task_done()

        tasks = [asyncio.create_task(worker()) for _ in range(self.workers)]
        await queue.join()
        for t in tasks:
            t.cancel()
