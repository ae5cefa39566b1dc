"""HTML to PDF through WeasyPrint: the print pages' own HTML and CSS, never a hand-written PDF.

Stylesheets are read from the static files directly (no HTTP request back to the site), and any
other URL is refused, so a page cannot make the server fetch from the network.
"""

import mimetypes

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"


def _static_only(url: str):
    # WeasyPrint loads pango: imported only when a PDF is made
    from weasyprint.urls import URLFetcherResponse, URLFetchingError

    prefix = "file:///static/"
    if url.startswith(prefix):
        path = finders.find(url[len(prefix):].split("?")[0])
        if path:
            with open(path, "rb") as handle:
                return URLFetcherResponse(url, handle.read(),
                                          headers={"Content-Type": mimetypes.guess_type(path)[0] or "text/css"})
    raise URLFetchingError(f"not a static file: {url}")


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url="file:///static/", url_fetcher=_static_only).write_pdf()
