"""Creating and changing brands: a draft of the fields, written as ``brand.toml`` and
checked by the same loader the renderer uses before it replaces anything.

Brands are saved in the user's configuration folder (:func:`user_brands_dir`) or in a
library's ``brands/`` folder, never among the bundled resources: an installed or frozen
program is read-only, and an update would overwrite them.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from briefapp.brands import (
    _NAME,
    BRAND_FILE,
    DEFAULT_COLOURS,
    LOGO_SUFFIXES,
    OPTIONAL_FONTS,
    PAGE_SIZES,
    REQUIRED_FONTS,
    BrandError,
    load_brand_folder,
)
from briefapp.models import Brand
from briefapp.resources import resource_path, resources_root

FONT_ROLES = (*REQUIRED_FONTS, "heading_regular", "body_bold_italic")
TEXT_FIELDS = ("organisation", "tagline", "page_size", "classification", "handling", "disclaimer")


@dataclass
class BrandDraft:
    """The editable fields of a brand. ``logo`` is any image file: it is copied in."""

    name: str
    organisation: str = ""
    tagline: str = ""
    page_size: str = "A4"
    classification: str = "UNCLASSIFIED"
    handling: str = ""
    disclaimer: str = ""
    logo: Path | None = None
    colours: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLOURS))
    fonts: dict[str, str] = field(default_factory=dict)  # role -> bundled or brand file name


def bundled_fonts() -> list[str]:
    """File names of the bundled TrueType fonts a brand may name."""
    return sorted(p.name for p in resource_path("fonts").glob("*.ttf"))


def draft_from_brand(brand: Brand) -> BrandDraft:
    return BrandDraft(
        name=brand.name,
        organisation=brand.organisation,
        tagline=brand.tagline,
        page_size=brand.page_size,
        classification=brand.classification,
        handling=brand.handling,
        disclaimer=brand.disclaimer,
        logo=brand.logo,
        colours=dict(brand.colours),
        fonts={role: path.name for role, path in brand.fonts.items()},
    )


def _toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def brand_toml(draft: BrandDraft, logo_name: str | None) -> str:
    lines = ["# Written by briefapp's brand editor.", "", "[brand]"]
    for key in TEXT_FIELDS:
        lines.append(f"{key} = {_toml_string(getattr(draft, key).strip())}")
    if logo_name:
        lines.append(f"logo = {_toml_string(logo_name)}")
    lines += ["", "[colours]"]
    lines += [f"{role} = {_toml_string(value)}" for role, value in draft.colours.items()]
    lines += ["", "[fonts]"]
    lines += [f"{role} = {_toml_string(name)}" for role, name in draft.fonts.items() if name]
    return "\n".join(lines) + "\n"


def check_draft(draft: BrandDraft) -> None:
    """Problems the loader would report less directly: a bad name, page size or logo type."""
    if not _NAME.match(draft.name or ""):
        raise BrandError(
            f"brand name {draft.name!r}: use letters, digits, '-', '_' or '.', no spaces"
        )
    if draft.page_size not in PAGE_SIZES:
        raise BrandError(f"page size must be one of {', '.join(PAGE_SIZES)}")
    if draft.logo is not None:
        if draft.logo.suffix.lower() not in LOGO_SUFFIXES:
            raise BrandError(f"{draft.logo}: the logo must be an SVG, PNG or JPEG image")
        if not draft.logo.is_file():
            raise BrandError(f"{draft.logo}: logo file not found")
    unknown = set(draft.fonts) - set(REQUIRED_FONTS) - set(OPTIONAL_FONTS)
    if unknown:
        raise BrandError(f"unknown font role(s): {', '.join(sorted(unknown))}")


def _inside_bundle(path: Path) -> bool:
    try:
        path.resolve().relative_to(resources_root().resolve())
        return True
    except ValueError:
        return False


def save_brand(draft: BrandDraft, base: Path) -> Brand:
    """Write ``draft`` as ``base/<name>/`` and return the brand as the renderer will load it.

    The files are written to a temporary folder beside it and validated first; a draft the
    loader refuses raises :class:`BrandError` and leaves any existing brand as it was.
    """
    check_draft(draft)
    base = Path(base)
    if _inside_bundle(base):
        raise BrandError(
            f"{base}: brands are saved in your configuration folder or a library,"
            " never inside the installed program"
        )
    base.mkdir(parents=True, exist_ok=True)
    final = base / draft.name
    work = Path(tempfile.mkdtemp(prefix=f".{draft.name}.", dir=base))
    try:
        logo_name = None
        if draft.logo is not None:
            logo_name = "logo" + draft.logo.suffix.lower()
            shutil.copyfile(draft.logo, work / logo_name)
        for name in draft.fonts.values():  # fonts the old folder held (bundled ones are found)
            kept = final / name
            if name and kept.is_file() and not (work / name).exists():
                shutil.copyfile(kept, work / name)
        (work / BRAND_FILE).write_text(brand_toml(draft, logo_name), encoding="utf-8")
        try:
            load_brand_folder(work)
        except BrandError as exc:  # name the brand, not the temporary folder
            raise BrandError(str(exc).replace(str(work), str(final))) from None
        old: Path | None = None
        if final.exists():
            old = base / f".{draft.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            final.rename(old)
        work.rename(final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return load_brand_folder(final)
