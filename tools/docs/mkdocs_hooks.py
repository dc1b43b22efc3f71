"""MkDocs hooks of the docs site (mkdocs.yml `hooks:`).

A page holding a line `<!-- openapi: PATH -->` gets the OpenAPI document at PATH (relative to
mkdocs.yml) rendered there as Markdown (`openapi_markdown.render`) when the site is built, so the
control API's reference follows `openapi/admin.yaml` and never goes stale. `mkdocs serve`
rebuilds when the document changes.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import openapi_markdown
import yaml
from mkdocs.exceptions import PluginError

MARKER = re.compile(r"^<!-- openapi: (\S+) -->$", re.M)

# The CLI reference (mkdocs-click) imports `vidmock`, and with it Connexion, whose imports of
# jsonschema's deprecated names would otherwise be printed, traceback and all, in every build.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"connexion(\.|$)")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return MARKER.sub(lambda match: render_document(Path(config.config_file_path).parent, match[1]), markdown)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    root = Path(config.config_file_path).parent
    for page in Path(config.docs_dir).rglob("*.md"):
        for path in MARKER.findall(page.read_text()):
            server.watch(str(root / path))
    return server


def render_document(root: Path, path: str) -> str:
    """The Markdown of the OpenAPI document at `root / path`; a missing or unreadable document
    fails the build, naming it."""
    try:
        spec = yaml.safe_load((root / path).read_text())
        return openapi_markdown.render(spec)
    except (OSError, yaml.YAMLError, KeyError, ValueError) as error:
        raise PluginError(f"cannot render the OpenAPI document {path}: {error}") from error
