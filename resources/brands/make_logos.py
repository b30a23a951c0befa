"""Draw the bundled brand logos (PNG) with Pillow; run once after changing a design.

Usage: python resources/brands/make_logos.py  (writes default/logo.png and meridian/logo.png)
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 512
SCALE = 4  # draw large, then downsample: cheap anti-aliasing


def _canvas() -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    big = SIZE * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    return img, ImageDraw.Draw(img), big


def _save(img: Image.Image, path: Path) -> None:
    img.resize((SIZE, SIZE), Image.LANCZOS).save(path, optimize=True)


def default_logo(path: Path) -> None:
    """A navy shield-square with a rising chevron and a brass bar: neutral and restrained."""
    img, d, n = _canvas()
    navy, slate, brass = (27, 42, 74, 255), (74, 98, 138, 255), (200, 150, 62, 255)
    d.rounded_rectangle([0, 0, n - 1, n - 1], radius=n // 9, fill=navy)
    w = n // 11
    # three rising strokes, like bars of a chart or the lines of a page
    for i, (h, colour) in enumerate([(0.34, slate), (0.52, slate), (0.70, (255, 255, 255, 255))]):
        x0 = int(n * (0.22 + i * 0.2))
        d.rectangle([x0, int(n * (0.80 - h)), x0 + w, int(n * 0.80)], fill=colour)
    d.rectangle([int(n * 0.18), int(n * 0.84), int(n * 0.82), int(n * 0.84) + w // 2], fill=brass)
    _save(img, path)


def meridian_logo(path: Path) -> None:
    """A globe reduced to its meridians, in burgundy with a gold equator."""
    img, d, n = _canvas()
    burgundy, gold = (110, 23, 45, 255), (201, 162, 39, 255)
    m, stroke = n // 16, n // 26
    d.ellipse([m, m, n - m, n - m], outline=burgundy, width=stroke * 2)
    for frac in (0.18, 0.36):  # meridians as ever-narrower ellipses
        inset = int((n - 2 * m) * frac)
        d.ellipse([m + inset, m, n - m - inset, n - m], outline=burgundy, width=stroke)
    d.line([n // 2, m, n // 2, n - m], fill=burgundy, width=stroke)
    d.rectangle([m + stroke, n // 2 - stroke, n - m - stroke, n // 2 + stroke], fill=gold)
    _save(img, path)


if __name__ == "__main__":
    default_logo(HERE / "default" / "logo.png")
    meridian_logo(HERE / "meridian" / "logo.png")
