"""Load a clinic file (name, address, phones, website, logo) for the cover and back cover."""

from __future__ import annotations

from pathlib import Path

from booklet.diagnostics import Problem, SourceLocation
from booklet.errors import ContentError
from booklet.load.fields import raise_if_problems, read_fields
from booklet.model import Clinic

_KEYS = ("name", "address", "phone", "urgent_phone", "website", "logo")
_LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg")


def load_clinic(path: Path) -> Clinic:
    """Read and check a clinic file; the logo is a file beside it.

    Raises:
        ContentError: the file is missing or invalid, or its logo is missing.
    """
    if not path.is_file():
        raise ContentError(SourceLocation(path), "clinic file not found",
                           "check the path given with --clinic or 'clinic:' in booklet.yml")
    problems: list[Problem] = []
    fields = read_fields(path, "clinic file", problems)
    fields.reject_unknown(_KEYS)
    website = fields.get("website", str, "")
    if website and not website.startswith("https://"):
        problems.append(Problem(fields.location("website"), "website must start with https://",
                                "give the full address"))
    logo_name = fields.get("logo", str, "")
    logo = None
    if logo_name:
        logo = (path.parent / logo_name).resolve()
        if not logo.is_relative_to(path.parent.resolve()) or not logo.is_file():
            problems.append(Problem(fields.location("logo"), f"logo '{logo_name}' not found",
                                    "put the logo file beside the clinic file"))
        elif logo.suffix.lower() not in _LOGO_TYPES:
            problems.append(Problem(fields.location("logo"), f"logo '{logo_name}' is not an "
                                    "SVG, PNG or JPEG file", "use a vector SVG if you can"))
    clinic = Clinic(name=fields.get("name", str), address=fields.get("address", str, ""),
                    phone=fields.get("phone", str),
                    urgent_phone=fields.get("urgent_phone", str, ""),
                    website=website, logo=logo, location=SourceLocation(path, 1))
    raise_if_problems(problems)
    return clinic
