"""PDF rendering with WeasyPrint, from templates, with fonts and CSS read from the installed package.

The fetcher refuses everything but files under the package's static folder, so rendering never
touches the network (links in the text stay links; only stylesheets, fonts and images are fetched).
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

import veier

# Page-by-page progress and font subsetting chatter are not worth a log line per PDF.
for _name in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)

STATIC_DIR = Path(veier.__file__).resolve().parent / "static"
STATIC_URI = STATIC_DIR.as_uri() + "/"


class PackageOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_URI) or ".." in url:
            raise ValueError(f"not fetched (only files from the package's static folder are): {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    fetcher = PackageOnlyFetcher(allowed_protocols=["file"], fail_on_errors=True)
    return HTML(string=html, base_url=STATIC_URI, url_fetcher=fetcher).write_pdf()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    return html_to_pdf(render_to_string(template_name, context, request=request))
