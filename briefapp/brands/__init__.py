"""Brand profiles: a folder with ``brand.toml`` and a logo, bundled or in the library.

A brand folder is ``resources/brands/<name>/`` (bundled) or ``<dir>/<name>/`` for each
directory in ``extra_dirs`` (searched first, so a library can override a bundled brand).
File names in ``brand.toml`` (logo, fonts) must stay inside the brand folder; fonts may also
name a bundled file of ``resources/fonts/``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from briefapp.errors import BriefappError, NotFound
from briefapp.models import Brand, PageSize
from briefapp.resources import resource_path

log = logging.getLogger(__name__)

BRAND_FILE = "brand.toml"
PAGE_SIZES: tuple[PageSize, ...] = ("A4", "Letter")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")

# Colour roles the renderer uses; a brand may leave any out and get these.
DEFAULT_COLOURS = {
    "primary": "#1B2A4A",
    "accent": "#C8963E",
    "text": "#1F2430",
    "muted": "#5C6678",
    "tint": "#EEF2F7",
    "rule": "#C5CCD8",
    "classification": "#1B2A4A",
}
REQUIRED_FONTS = ("heading", "body", "body_bold", "body_italic")
OPTIONAL_FONTS = ("heading_regular", "body_bold_italic", "mono")
DEFAULT_MONO = "DejaVuSansMono.ttf"

_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class BrandError(BriefappError):
    """A brand folder whose ``brand.toml`` or files are not usable; the message names the file."""


Fail = Callable[[str], BrandError]  # makes the error for one problem, naming the brand file


def bundled_brands_dir() -> Path:
    return resource_path("brands")


def _search_dirs(extra_dirs: Iterable[Path]) -> list[Path]:
    return [Path(d) for d in extra_dirs] + [bundled_brands_dir()]


def _brand_folders(extra_dirs: Iterable[Path]) -> dict[str, Path]:
    """Brand name -> folder, the first directory that holds a name winning."""
    found: dict[str, Path] = {}
    for base in _search_dirs(extra_dirs):
        if not base.is_dir():
            continue
        for folder in sorted(base.iterdir()):
            if folder.is_dir() and (folder / BRAND_FILE).is_file():
                found.setdefault(folder.name, folder)
    return found


def list_brands(extra_dirs: Iterable[Path] = ()) -> list[Brand]:
    """Every usable brand, sorted by name; broken brand folders are logged and left out."""
    brands = []
    for name, folder in sorted(_brand_folders(extra_dirs).items()):
        try:
            brands.append(load_brand_folder(folder))
        except BrandError as exc:
            log.warning("skipping brand %s: %s", name, exc)
    return brands


def load_brand(name: str, extra_dirs: Iterable[Path] = ()) -> Brand:
    """The brand called ``name``; :class:`NotFound` lists the available names otherwise."""
    folders = _brand_folders(extra_dirs)
    folder = folders.get(name) if _NAME.match(name or "") else None
    if folder is None:
        available = ", ".join(sorted(folders)) or "none"
        raise NotFound(f"unknown brand {name!r}; available brands: {available}")
    return load_brand_folder(folder)


def load_brand_folder(folder: Path) -> Brand:
    """Read and validate ``folder/brand.toml``; raise :class:`BrandError` naming the file."""
    folder = Path(folder)
    toml_path = folder / BRAND_FILE
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BrandError(f"{toml_path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BrandError(f"{toml_path}: not valid TOML ({exc})") from None

    def fail(problem: str) -> BrandError:
        return BrandError(f"{toml_path}: {problem}")

    section = data.get("brand")
    if not isinstance(section, dict):
        raise fail("missing [brand] table")
    text = {
        key: _string(section, key, fail)
        for key in (
            "organisation",
            "tagline",
            "page_size",
            "classification",
            "handling",
            "disclaimer",
            "logo",
        )
    }
    # The organisation may be empty: a neutral brand names none until the user does.
    wanted = text["page_size"] or "A4"
    page_size = next((size for size in PAGE_SIZES if size == wanted), None)
    if page_size is None:
        raise fail(f"[brand] page_size must be one of {', '.join(PAGE_SIZES)}, not {wanted!r}")

    logo = None
    if text["logo"]:
        logo = _inside(folder, text["logo"], "logo", fail)
        if logo.suffix.lower() not in LOGO_SUFFIXES:
            raise fail(f"logo {text['logo']!r} must be an SVG, PNG or JPEG image")
        if not logo.is_file():
            raise fail(f"logo file {text['logo']!r} not found in {folder}")
        if not _readable_image(logo):
            raise fail(f"logo file {text['logo']!r} is not a readable SVG, PNG or JPEG image")

    return Brand(
        name=folder.name,
        organisation=text["organisation"].strip(),
        folder=folder,
        logo=logo,
        colours=_colours(data.get("colours", {}), fail),
        fonts=_fonts(folder, data.get("fonts", {}), fail),
        page_size=page_size,
        classification=text["classification"].strip() or "UNCLASSIFIED",
        handling=text["handling"].strip(),
        disclaimer=text["disclaimer"].strip(),
        tagline=text["tagline"].strip(),
        **_markings(data.get("markings", {}), fail),
    )


def _markings(table: object, fail: Callable[[str], BrandError]) -> dict[str, Any]:
    """A brand's own marking scheme and estimative scale, from its ``[markings]`` table.

    For example::

    [markings]
    scheme = "meridian"                        # its name, as a spec's scheme = "..."
    levels = [["PUBLIC", "P"], ["INTERNAL", "I"], ["RESTRICTED", "R"]]  # lowest first
    estimative = "uk"                          # "us" (ICD 203) or "uk" (PHIA yardstick)
    """
    if not isinstance(table, dict):
        raise fail("[markings] must be a table")
    unknown = set(table) - {"scheme", "levels", "estimative"}
    if unknown:
        raise fail(f"[markings] unknown key(s): {', '.join(sorted(unknown))}")
    estimative = _string(table, "estimative", fail).strip().lower()
    if estimative not in ("", "us", "uk"):
        raise fail(f'[markings] estimative must be "us" or "uk", not {estimative!r}')
    name = _string(table, "scheme", fail).strip()
    levels = table.get("levels", [])
    good = isinstance(levels, list) and all(
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(x, str) and x.strip() for x in pair)
        for pair in levels
    )
    if not good or bool(name) != bool(levels):
        raise fail(
            '[markings] needs scheme = "name" and levels = [["BANNER", "ABBR"], ...], lowest first'
        )
    return {
        "marking_scheme": name,
        "markings": tuple((b.strip(), p.strip()) for b, p in levels),
        "estimative": estimative,
    }


def _readable_image(path: Path) -> bool:
    if path.suffix.lower() == ".svg":
        from briefapp.render.logo import load_svg

        return load_svg(path) is not None
    from PIL import Image, UnidentifiedImageError  # Pillow comes with ReportLab

    try:
        with Image.open(path) as image:
            image.verify()
        return True
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        return False


def _string(table: dict[str, Any], key: str, fail: Fail) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise fail(f"{key} must be a string")
    return value


def _inside(folder: Path, name: str, what: str, fail: Fail) -> Path:
    """``folder/name`` when ``name`` is a plain relative name that stays inside ``folder``."""
    rel = PurePosixPath(name.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or ":" in name or not rel.parts:
        raise fail(f"{what} {name!r} must be a file name inside the brand folder")
    return folder.joinpath(*rel.parts)


def _colours(table: object, fail: Fail) -> dict[str, str]:
    if not isinstance(table, dict):
        raise fail("[colours] must be a table")
    colours = dict(DEFAULT_COLOURS)
    for key, value in table.items():
        if not isinstance(value, str) or not _HEX_COLOUR.match(value):
            raise fail(f'colour {key!r} must look like "#1B2A4A", not {value!r}')
        colours[key] = value.upper()
    return colours


def _fonts(folder: Path, table: object, fail: Fail) -> dict[str, Path]:
    """Font role -> TTF path: the brand folder first, then the bundled fonts."""
    if not isinstance(table, dict):
        raise fail("[fonts] must be a table")
    unknown = set(table) - set(REQUIRED_FONTS) - set(OPTIONAL_FONTS)
    if unknown:
        raise fail(f"unknown font role(s): {', '.join(sorted(unknown))}")
    missing = [role for role in REQUIRED_FONTS if role not in table]
    if missing:
        raise fail(f"[fonts] needs {', '.join(missing)}")
    names = dict(table)
    names.setdefault("mono", DEFAULT_MONO)
    fonts = {}
    for role, name in names.items():
        if not isinstance(name, str):
            raise fail(f"font {role!r} must be a file name")
        if not name.lower().endswith(".ttf"):
            raise fail(f"font {role} {name!r} must be a TrueType (.ttf) file")
        local = _inside(folder, name, f"font {role}", fail)
        path = local if local.is_file() else resource_path("fonts", name)
        if not path.is_file():
            raise fail(f"font {role} {name!r} not found in {folder} nor in the bundled fonts")
        fonts[role] = path
    return fonts
