"""Render a document to PDF with WeasyPrint; fonts from the system (Noto CJK) so Chinese renders."""

import base64

import segno
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


def qr_svg(url: str) -> str:
    """The tracking address as an inline SVG QR code (no image file, no network)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, border=2, light="#fff"))


def photo_data_url(attachment) -> str:
    """A stored photo inlined as a data: URL (the only scheme the renderer may fetch)."""
    with attachment.file.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode()
    return f"data:{attachment.content_type};base64,{encoded}"


def render_pdf(context: dict) -> bytes:
    # Imported on first use: WeasyPrint loads Pango and fonts, which would slow every process start.
    from weasyprint import HTML, URLFetcher

    photos = [photo_data_url(p) for p in context.get("photos", [])]
    html = render_to_string(
        f"documents/{context['kind']}.html",
        {**context, "photo_urls": photos, "qr": qr_svg(context["track_url"])},
    )
    # Only data: URLs: a document never makes a request that leaves the machine.
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=2)
    return HTML(string=html, url_fetcher=fetcher, base_url="data:,").write_pdf()
