"""The Jinja environment of the templates: UI strings through the catalog, filters, cache."""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
from pathlib import Path

import jinja2
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from markupsafe import Markup

from booklet.diagnostics import SourceLocation
from booklet.locales import babel_code, locale_direction
from booklet.render.bidi import isolate, text_direction


def template_cache() -> jinja2.BytecodeCache | None:
    """Compiled Jinja templates cached on disk, keyed by their source (saves ~80 ms a build).

    In $XDG_CACHE_HOME/booklet/jinja or ~/.cache/booklet/jinja, not in the temporary folder,
    which the build processes point at a scratch folder of their own. None if unwritable.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "booklet" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _ForgivingBytecodeCache(str(folder))


class _ForgivingBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A damaged cache file (a crash mid-write, a full disk) means "compile again", never
    a failed build: the freshly compiled template then overwrites it."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()


def environment(templates_dir: Path, extensions: tuple[str, ...] = (),
                keep_trailing_newline: bool = False) -> jinja2.Environment:
    """The templates' environment: autoescaped, strict, blocks trimmed, bytecode cached."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir),
                              bytecode_cache=template_cache(), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True, extensions=list(extensions),
                              keep_trailing_newline=keep_trailing_newline)


def edition_environment(locale: str, templates_dir: Path,
                        catalog: gettext.NullTranslations) -> jinja2.Environment:
    """The environment of an edition's booklet: its UI strings, dates and CSS filters."""
    env = environment(templates_dir, ("jinja2.ext.i18n",), keep_trailing_newline=True)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    env.filters["month_year"] = lambda d: format_skeleton("yMMMM", d, locale=babel_code(locale))
    env.filters["long_date"] = lambda d: _format_date(d, "long", locale)
    env.filters["css_string"] = css_string
    env.filters["ltr"] = lambda text: Markup('<span dir="ltr">{}</span>').format(text)
    env.filters["bidi"] = lambda text: isolate(text, locale_direction(locale))
    env.filters["direction"] = lambda text: text_direction(text) or locale_direction(locale)
    env.filters["css_counters"] = css_counters
    env.filters["number"] = lambda n: format_decimal(n, locale=babel_code(locale))
    env.filters["page_refs"] = lambda anchors: page_refs(anchors, locale)
    return env


def page_refs(anchors: list[str], locale: str) -> Markup:
    """Links that print the page numbers of `anchors`, joined as a list in the locale's
    language (CLDR: "4, 6 and 7", "4、6和7")."""
    from babel.lists import format_list

    marks = [f"\x00{index}\x00" for index in range(len(anchors))]
    text = str(Markup.escape(format_list(marks, locale=babel_code(locale)))) if marks else ""
    if len(marks) > 1:  # "7 und 8": never a line break between the last two numbers
        head, _, tail = text.rpartition(marks[-2])
        middle, _, rest = tail.partition(marks[-1])
        text = head + marks[-2] + middle.replace(" ", "\u00a0") + marks[-1] + rest
    # The words and signs between the numbers in spans of their own (a line's inline boxes
    # on the back cover take a small line height there, styles/booklet.css).
    text = "".join(piece if not piece or piece.startswith("\x00") else f"<span>{piece}</span>"
                   for piece in re.split(r"(\x00\d+\x00)", text))
    for mark, anchor in zip(marks, anchors, strict=True):
        text = text.replace(mark, str(Markup('<a class="page-ref" href="#{}"></a>').format(anchor)))
    return Markup(text)  # noqa: S704 - the list's words escaped, the links built escaped


def _format_date(value: dt.date, pattern: str, locale: str) -> str:
    return format_date(value, pattern, locale=babel_code(locale))


def css_string(text: str) -> Markup:
    """Quote `text` as a CSS string literal (for `content:` in generated styles)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    escaped = re.sub(r"[<>&]", lambda m: f"\\{ord(m[0]):x} ", escaped)
    return Markup(f'"{escaped}"')  # noqa: S704 - escaped above


def css_counters(template: str) -> Markup:
    """Turn 'Page {page} of {pages}' into CSS: "Page " counter(page) " of " counter(pages)."""
    parts = re.split(r"\{(page|pages)\}", template)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(f"counter({part})")
        elif part:
            out.append(str(css_string(part)))
    return Markup(" ".join(out))  # noqa: S704 - built from escaped pieces


def failing_template_line(exc: BaseException, templates_dir: Path) -> SourceLocation:
    """The innermost template frame of a runtime error (Jinja rewrites tracebacks to them)."""
    found = SourceLocation(templates_dir)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(str(templates_dir)):
            found = SourceLocation(Path(name), tb.tb_lineno)
        tb = tb.tb_next
    return found
