"""Brand profiles: bundled brands, lookup errors and validation of brand.toml."""

from __future__ import annotations

import io
import shutil

import pytest

from briefapp.brands import BrandError, list_brands, load_brand, load_brand_folder
from briefapp.errors import BriefappError, NotFound
from briefapp.resources import resource_path


def _copy_default(tmp_path, name="house"):
    folder = tmp_path / name
    shutil.copytree(resource_path("brands", "default"), folder)
    return folder


def test_bundled_brands_are_listed_and_differ():
    brands = {b.name: b for b in list_brands()}
    assert {"default", "meridian"} <= set(brands)
    default, meridian = brands["default"], brands["meridian"]
    assert default.page_size == "A4" and meridian.page_size == "Letter"
    assert default.colours["primary"] != meridian.colours["primary"]
    assert default.fonts["body"] != meridian.fonts["body"]
    for brand in (default, meridian):
        assert brand.logo is not None and brand.logo.is_file()
        assert brand.classification and brand.disclaimer
        assert all(path.is_file() for path in brand.fonts.values())
    assert meridian.organisation


def test_the_default_brand_is_neutral():
    """No organisation and no handling note that a classification could contradict, until
    the user names them in a brand of their own."""
    default = load_brand("default")
    assert default.organisation == "" and default.tagline == "" and default.handling == ""
    assert default.classification == "UNCLASSIFIED"


def test_unknown_brand_error_lists_available_brands():
    with pytest.raises(NotFound) as info:
        load_brand("no-such-brand")
    message = str(info.value)
    assert "no-such-brand" in message and "default" in message and "meridian" in message


def test_path_like_brand_name_is_not_found():
    with pytest.raises(NotFound):
        load_brand("../default")


def test_library_brand_overrides_bundled_one(tmp_path):
    folder = _copy_default(tmp_path, "default")
    toml = folder / "brand.toml"
    toml.write_text(toml.read_text().replace('organisation = ""', 'organisation = "Library House"'))
    assert load_brand("default", [tmp_path]).organisation == "Library House"
    names = [b.name for b in list_brands([tmp_path])]
    assert names.count("default") == 1


def test_logo_path_leaving_the_brand_folder_is_refused(tmp_path):
    folder = _copy_default(tmp_path)
    toml = folder / "brand.toml"
    toml.write_text(toml.read_text().replace('logo = "logo.png"', 'logo = "../logo.png"'))
    with pytest.raises(BrandError) as info:
        load_brand("house", [tmp_path])
    assert "brand.toml" in str(info.value) and "../logo.png" in str(info.value)


def test_absolute_font_path_is_refused(tmp_path):
    folder = _copy_default(tmp_path)
    toml = folder / "brand.toml"
    absolute = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
    toml.write_text(toml.read_text().replace('mono = "DejaVuSansMono.ttf"', f'mono = "{absolute}"'))
    with pytest.raises(BrandError, match="inside the brand folder"):
        load_brand_folder(folder)


@pytest.mark.parametrize(
    "bad, expected",
    [
        ('page_size = "A4"', 'page_size = "A3"'),
        ('primary = "#1B2A4A"', 'primary = "navy"'),
        ("[brand]", "[brand"),
        ('body = "NotoSerif-Regular.ttf"', 'body = "missing.ttf"'),
    ],
)
def test_invalid_brand_toml_names_the_file(tmp_path, bad, expected):
    folder = _copy_default(tmp_path)
    toml = folder / "brand.toml"
    toml.write_text(toml.read_text().replace(bad, expected))
    with pytest.raises(BriefappError) as info:
        load_brand_folder(folder)
    assert str(toml) in str(info.value)


def test_broken_library_brand_is_left_out_of_the_list(tmp_path):
    folder = _copy_default(tmp_path, "broken")
    (folder / "brand.toml").write_text("[brand]\norganisation = ''\n")
    assert "broken" not in [b.name for b in list_brands([tmp_path])]


def test_logo_that_is_not_an_image_is_refused(tmp_path):
    folder = _copy_default(tmp_path)
    (folder / "logo.png").write_bytes(b"<svg>not a png</svg>")
    with pytest.raises(BrandError, match="not a readable SVG, PNG or JPEG"):
        load_brand_folder(folder)


def test_svg_logo_is_drawn_as_vector_graphics(tmp_path):
    from pypdf import PdfReader

    from briefapp.models import Briefing, BriefingItem
    from briefapp.render import render_preview_bytes

    brand = load_brand("meridian")
    assert brand.logo.suffix == ".svg"
    pdf = render_preview_bytes(
        Briefing(title="T", items=[BriefingItem(heading="H", text="x")]), brand
    )
    cover = PdfReader(io.BytesIO(pdf)).pages[0]
    # Vector paths in the page itself, and no bitmap image anywhere on the cover.
    assert "/XObject" not in cover["/Resources"] or not any(
        x.get_object().get("/Subtype") == "/Image" for x in cover["/Resources"]["/XObject"].values()
    )


def test_broken_svg_logo_is_refused(tmp_path):
    folder = _copy_default(tmp_path)
    (folder / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><unclosed")
    toml = folder / "brand.toml"
    toml.write_text(toml.read_text().replace('logo = "logo.png"', 'logo = "logo.svg"'))
    with pytest.raises(BrandError, match="not a readable SVG, PNG or JPEG"):
        load_brand_folder(folder)


def test_brand_may_ship_its_own_font(tmp_path, default_brand):
    from briefapp.models import Briefing
    from briefapp.render import render_preview_bytes

    folder = _copy_default(tmp_path)
    shutil.copy(resource_path("fonts", "NotoSans-Regular.ttf"), folder / "house-text.ttf")
    toml = folder / "brand.toml"
    toml.write_text(
        toml.read_text().replace('body = "NotoSerif-Regular.ttf"', 'body = "house-text.ttf"')
    )
    brand = load_brand("house", [tmp_path])
    assert brand.fonts["body"] == folder / "house-text.ttf"
    assert render_preview_bytes(Briefing(title="T"), brand).startswith(b"%PDF")


def test_unusable_font_file_gives_a_clear_error(tmp_path):
    from briefapp.models import Briefing
    from briefapp.render import render_briefing

    folder = _copy_default(tmp_path, "badfont")
    (folder / "broken.ttf").write_bytes(b"not a font at all")
    toml = folder / "brand.toml"
    toml.write_text(
        toml.read_text().replace('body = "NotoSerif-Regular.ttf"', 'body = "broken.ttf"')
    )
    brand = load_brand("badfont", [tmp_path])
    out = tmp_path / "out.pdf"
    with pytest.raises(BriefappError, match="broken.ttf"):
        render_briefing(Briefing(title="T"), brand, out)
    assert not out.exists()
