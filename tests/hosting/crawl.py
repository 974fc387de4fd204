#!/usr/bin/env python3
"""Crawls a daybrief site served over HTTP from its sub-path and checks every page and asset.

usage: crawl.py BASE_URL [--auth USER:PASSWORD] [--moved MAP_FILE]

Starting at BASE_URL (e.g. http://127.0.0.1:8080/bantin/), follows every href and src (and meta
refresh) in the HTML pages and every url() in the CSS files. Each internal link and asset must
answer 200 with the MIME type and cache header that docs/nginx.conf promises for its extension;
every link must stay under the sub-path and on the same host. Also checks the redirect from the
sub-path without its slash, that hidden files are not served, and the year-long cache of a file
with a content hash in its name (the test copies assets/style.css to HASHED_ASSET first). With
--auth, also checks that the site refuses a request without the password (401). With --moved (the
site's .daybrief-moved.map), checks that every old address of a chart or CSV file it lists
redirects to its shared file, and that an unknown one is not found. Prints one line
per failure and a summary; exits 1 on any failure. Python standard library only.
"""

import base64
import http.client
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# Extension → (MIME type with parameters, Cache-Control), as docs/nginx.conf serves them.
EXPECTED = {
    ".html": ("text/html; charset=utf-8", "no-cache"),
    ".css": ("text/css; charset=utf-8", "public, max-age=3600"),
    ".js": ("application/javascript; charset=utf-8", "public, max-age=3600"),
    ".svg": ("image/svg+xml; charset=utf-8", "public, max-age=3600"),
    ".csv": ("text/csv; charset=utf-8", "public, max-age=3600"),
    ".xml": ("text/xml; charset=utf-8", "no-cache"),
    ".json": ("application/json", "no-cache"),
}
LINK_ATTRIBUTES = {"href", "src", "poster", "data"}
HASHED_ASSET = "assets/style.0123abcd.css"
# A chart or CSV file named by its content (files/<name>.<16 hex digits>.svg): cached for a year.
SHARED_FILE = re.compile(r"\.[0-9a-f]{16}\.(svg|csv)$")
YEAR = "public, max-age=31536000, immutable"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class Links(HTMLParser):
    """Collects every link-like attribute value of an HTML page (srcset split into its URLs)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        fields = dict(attrs)
        if tag == "meta" and (fields.get("http-equiv") or "").lower() == "refresh":
            # <meta http-equiv="refresh" content="0; url=TARGET">
            target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", fields.get("content") or "", re.I)
            if target:
                self.found.append(target.group(1))
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRIBUTES:
                self.found.append(value)
            elif name == "srcset":
                self.found.extend(part.split()[0] for part in value.split(",") if part.strip())


class Site:
    """One keep-alive connection to the server and the crawl's results."""

    def __init__(self, base, auth):
        self.base = base
        parts = urlsplit(base)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        self.headers = {}
        if auth:
            self.headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
        self.failed = {}
        self.checked = 0

    def get(self, url, headers=None):
        path = url[len(self.origin):]
        self.connection.request("GET", path, headers=self.headers if headers is None else headers)
        response = self.connection.getresponse()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), response.read()

    def fail(self, what, message):
        """Records a failure of the check `what` (a URL or a named check)."""
        self.failed.setdefault(what, []).append(message)
        print(f"FAIL: {what}: {message}")


def extension(url):
    path = urlsplit(url).path
    if path.endswith("/"):
        return ".html"
    name = path.rsplit("/", 1)[-1]
    return name[name.rfind("."):] if "." in name else ""


def links_of(body, kind):
    text = body.decode("utf-8")
    if kind == ".html":
        parser = Links()
        parser.feed(text)
        return parser.found
    if kind == ".css":
        return [a or b for a, b in CSS_URL.findall(text)]
    return []


def crawl(site):
    queue, seen, by_type = [site.base], {site.base}, {}
    while queue:
        url = queue.pop(0)
        status, headers, body = site.get(url)
        kind = extension(url)
        by_type[kind] = by_type.get(kind, 0) + 1
        shown = url[len(site.base):] or "./"
        if status != 200:
            site.fail(shown, f"HTTP {status}")
            continue
        if kind not in EXPECTED:
            site.fail(shown, f"no expected MIME type for '{kind}' files (add it to docs/nginx.conf and EXPECTED)")
            continue
        mime, cache = EXPECTED[kind]
        if SHARED_FILE.search(urlsplit(url).path):
            cache = YEAR
        if headers.get("content-type", "").lower() != mime:
            site.fail(shown, f"Content-Type '{headers.get('content-type')}', expected '{mime}'")
        if headers.get("cache-control") != cache:
            site.fail(shown, f"Cache-Control '{headers.get('cache-control')}', expected '{cache}'")
        if headers.get("x-content-type-options") != "nosniff":
            site.fail(shown, "no 'X-Content-Type-Options: nosniff'")
        for link in links_of(body, kind):
            target = urldefrag(urljoin(url, link.strip())).url
            if not target.startswith(site.origin + "/"):
                site.fail(shown, f"link to another host or scheme: {link}")
            elif not target.startswith(site.base):
                site.fail(shown, f"link leaves the sub-path: {link}")
            elif target not in seen:
                seen.add(target)
                queue.append(target)
    return by_type


def check_server_rules(site):
    sub_path = urlsplit(site.base).path
    status, headers, _ = site.get(site.origin + sub_path.rstrip("/"))
    site.checked += 3
    if (status, headers.get("location")) != (301, sub_path):
        site.fail("redirect", f"{sub_path.rstrip('/')} gave {status} to {headers.get('location')}, expected 301 to {sub_path}")
    status, _, _ = site.get(site.base + ".daybrief-site")
    if status != 404:
        site.fail("hidden files", f".daybrief-site gave HTTP {status}, expected 404")
    status, headers, _ = site.get(site.base + HASHED_ASSET)
    cache = (status, headers.get("cache-control"))
    if cache != (200, "public, max-age=31536000, immutable"):
        site.fail("hashed names", f"{HASHED_ASSET} gave {cache}, expected a year-long immutable cache")


def check_moved(site, map_file):
    """Every old address the site's moved map lists answers 301 with the map's relative Location,
    which leads to the file (200, cached for a year); an address it lacks answers 404."""
    entries = re.findall(r'^"([^"]+)" "([^"]+)";$', open(map_file, encoding="utf-8").read(), re.M)
    if not entries:
        site.fail("moved", f"{map_file} lists no old address")
    for old, new in entries:
        site.checked += 1
        status, headers, _ = site.get(site.base + old)
        if (status, headers.get("location")) != (301, new):
            site.fail("moved", f"{old} gave {status} to {headers.get('location')}, expected 301 to {new}")
            continue
        status, headers, _ = site.get(urljoin(site.base + old, new))
        if (status, headers.get("cache-control")) != (200, YEAR):
            site.fail("moved", f"{old} → {new} gave {status}, {headers.get('cache-control')}")
    status, _, _ = site.get(site.base + "2025/09/22/charts/khong-co.svg")
    site.checked += 1
    if status != 404:
        site.fail("moved", f"an old address the map lacks gave {status}, expected 404")
    print(f"moved: {len(entries)} old addresses of charts and CSV files redirect")


def check_password_required(site):
    status, headers, _ = site.get(site.base, headers={})
    site.checked += 1
    if status != 401 or "www-authenticate" not in headers:
        site.fail("password", f"without a password: HTTP {status}, expected 401 with WWW-Authenticate")


def main():
    args = sys.argv[1:]
    moved = None
    if len(args) >= 3 and args[-2] == "--moved":
        moved, args = args[-1], args[:-2]
    if len(args) not in (1, 3) or (len(args) == 3 and args[1] != "--auth"):
        sys.exit(__doc__)
    site = Site(args[0], args[2] if len(args) == 3 else None)
    if len(args) == 3:
        check_password_required(site)
    check_server_rules(site)
    if moved:
        check_moved(site, moved)
    by_type = crawl(site)
    fetched = sum(by_type.values())
    site.checked += fetched
    counts = ", ".join(f"{n} {k or '(none)'}" for k, n in sorted(by_type.items()))
    print(f"crawled {site.base}: {fetched} URLs ({counts})")
    failed = len(site.failed)
    print(f"nginx-crawl: {site.checked - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
