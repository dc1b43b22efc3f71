"""The documentation site (`make docs`): it builds strictly from docs/ with mkdocs.yml, a broken
link or anchor fails the build, and no page loads anything from the network (no web font, no
CDN script or style sheet): the site reads the same offline."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from vidmock.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
# Material's notice about its successor is not a problem of the docs; keep the output to ours.
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        env=QUIET,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("docs") / "site"
    build = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert build.returncode == 0, build.stderr
    return site


class Resources(HTMLParser):
    """The URLs a page makes the browser load by itself: scripts, style sheets and other linked
    files, images, frames and media, and `url(...)` in inline styles. Not the hyperlinks (`<a>`)."""

    LOADED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src", "audio": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")
        elif tag in self.LOADED and values.get(self.LOADED[tag]):
            self.urls.append(values[self.LOADED[tag]] or "")
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", values.get("style") or "")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style":
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
            self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", data)


def test_every_page_of_the_nav_is_built(site):
    pages = sorted(str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md"))
    assert pages, "no page in docs/"
    for page in pages:
        built = site / ("index.html" if page == "index.md" else page.removesuffix(".md") + "/index.html")
        assert built.is_file(), page


def test_no_page_loads_anything_from_the_network(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 1
    remote = {}
    for page in pages:
        parser = Resources()
        parser.feed(page.read_text())
        if found := [url for url in parser.urls if REMOTE.match(url)]:
            remote[str(page.relative_to(site))] = found
    for sheet in site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text())
        urls += re.findall(r"@import\s+(?:url\()?['\"]?([^'\")]+)", sheet.read_text())
        if found := [url for url in urls if REMOTE.match(url)]:
            remote[str(sheet.relative_to(site))] = found
    assert remote == {}


def test_no_page_asks_for_web_fonts(site):
    home = (site / "index.html").read_text()
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_a_broken_link_or_anchor_fails_the_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Home\n\n## Here\n\nSee [the missing page](missing.md) and [a missing section](#nowhere).\n"
    )
    config = tmp_path / "mkdocs.yml"
    # The project's configuration with one page of its own: its validation rules are the ones at test.
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs}\nnav: [index.md]\nhooks: []\n")
    build = mkdocs_build(config, tmp_path / "site")
    assert build.returncode == 1
    assert "contains a link 'missing.md', but the target is not found" in build.stderr
    assert "contains a link '#nowhere', but there is no such anchor on this page" in build.stderr


def test_the_control_api_reference_has_every_operation_of_its_spec(site):
    spec = yaml.safe_load((ROOT / "openapi" / "admin.yaml").read_text())
    page = (site / "reference" / "control-api" / "index.html").read_text()
    operations = [(method, path) for path, item in spec["paths"].items() for method in item]
    operations = [(method, path) for method, path in operations if method != "parameters"]
    assert ("get", "/health") in operations and ("put", "/tenants/{name}") in operations
    for method, path in operations:
        anchor = "op-" + re.sub(r"[^a-z0-9]+", "-", f"{method} {path}".lower()).strip("-")
        assert f'id="{anchor}"' in page, (method, path)
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name.lower()}"' in page, name


def test_the_command_line_reference_has_every_command(site):
    page = (site / "reference" / "cli" / "index.html").read_text()
    for command in main.commands:
        assert f'id="vidmock-{command}"' in page, command
    assert "--https-port" in page and "--max-examples" in page


def test_every_link_of_the_readme_reaches_a_file():
    # GitHub shows the README, not the site: its links into docs/ are checked here instead.
    readme = (ROOT / "README.md").read_text()
    links = [link for link in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme) if not REMOTE.match(link)]
    assert len(links) > 20
    assert [link for link in links if not (ROOT / link).is_file()] == []
