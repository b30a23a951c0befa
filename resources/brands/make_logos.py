"""Draw the default brand's logo (PNG) with Pillow; run once after changing the design.

Usage: python resources/brands/make_logos.py  (writes default/logo.png). The meridian brand's
logo is a hand-written SVG, which shows that brands take either kind.
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


if __name__ == "__main__":
    default_logo(HERE / "default" / "logo.png")
