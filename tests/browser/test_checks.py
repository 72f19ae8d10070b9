"""The browser checks themselves: they must catch what they are there to catch."""

import pytest

pytestmark = pytest.mark.browser

FLAWED_PAGE = """<!doctype html><html lang="en"><title>Flawed</title><main><h1>Flawed</h1>
<img src="data:,">
<p style="color: #bbb; background: #fff">Grey on white</p>
<label>Name</label><input type="text"></main></html>"""


def test_axe_reports_the_violations_of_a_flawed_page(page, axe):
    page.set_content(FLAWED_PAGE)
    found = {violation["id"] for violation in axe(page)}
    assert {"image-alt", "color-contrast", "label"} <= found


def test_axe_finds_nothing_on_a_sound_page(page, axe):
    page.set_content(
        '<!doctype html><html lang="en"><title>Sound</title><main><h1>Sound</h1>'
        '<label for="name">Name</label><input id="name" type="text"></main></html>'
    )
    assert axe(page) == []
