"""Web addresses as people write them (spaces, non-ASCII letters) made valid URIs, once, at
load: links, XMP, the QR code, the manifest and index.html all carry the same escaped form,
and each output escapes it again for its own format (HTML, XML, JSON, PDF strings)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

#: Characters a URI may hold as they are (RFC 3986 reserved and unreserved, and `%`).
_SAFE = "/:?#[]@!$&'()*+,;=%~-._"


def as_uri(url: str) -> str:
    """`url` with spaces and non-ASCII characters percent-encoded and an international host
    name in its ASCII (IDNA) form; an address that is already a URI is returned unchanged."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        ascii_host = host.encode("idna").decode("ascii") if host and not host.isascii() \
            else host
    except (ValueError, UnicodeError):
        return quote(url, safe=_SAFE)
    netloc = parts.netloc.replace(host, ascii_host) if host else parts.netloc
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_SAFE),
                       quote(parts.query, safe=_SAFE), quote(parts.fragment, safe=_SAFE)))
