"""The map geometry: the projections' math, clipping, path data, and a locator for every code."""

from __future__ import annotations

import math

import pycountry
import pytest

from generator.pages import geo, maps


def _cell_area(project, lon: float, lat: float, step: float = 0.5) -> float:
    """The projected area of a small lon/lat cell, by the shoelace formula."""
    corners = [project(lon, lat), project(lon + step, lat), project(lon + step, lat + step), project(lon, lat + step)]
    return abs(sum(corners[i - 1][0] * corners[i][1] - corners[i][0] * corners[i - 1][1] for i in range(4))) / 2


def _sphere_cell(lat: float, step: float = 0.5) -> float:
    return math.radians(step) * (math.sin(math.radians(lat + step)) - math.sin(math.radians(lat)))


@pytest.mark.parametrize("project", [geo.equal_earth, geo.azimuthal(127, 40)], ids=["equal-earth", "azimuthal"])
def test_both_projections_keep_areas(project) -> None:
    # The same cell near the equator, in the middle latitudes and far north: projected
    # areas stand in the ratio of the sphere's (Mercator, say, would triple the northern one).
    for lon, lat in ((120, 0), (127, 40), (140, 62), (100, 20)):
        assert _cell_area(project, lon, lat) == pytest.approx(_sphere_cell(lat), rel=2e-3)


def test_equal_earth_has_its_published_extent() -> None:
    # Šavrič et al. 2018: the map is about 2.05 times as wide as it is tall.
    assert geo.EQUAL_EARTH_X == pytest.approx(2.7066, abs=1e-4)
    assert geo.EQUAL_EARTH_Y == pytest.approx(1.3173, abs=1e-4)
    assert geo.equal_earth(0, 0) == (0, 0)


def test_azimuthal_centre_and_distances() -> None:
    project = geo.azimuthal(19.5, 48.7)
    assert project(19.5, 48.7) == pytest.approx((0, 0))
    x, y = project(19.5, 48.7 + 90)  # over the pole, a quarter circle away: rho = 2 sin(45 degrees)
    assert math.hypot(x, y) == pytest.approx(math.sqrt(2))
    assert project(19.5 + 180, -48.7 + 10) is None  # near the antipode: left out, not wrapped


def test_clip_cuts_a_ring_to_the_box() -> None:
    ring = [(-10.0, -10.0), (50.0, -10.0), (50.0, 50.0), (-10.0, 50.0)]
    cut = geo.clip(ring, 0, 0, 20, 30)
    assert all(0 <= x <= 20 and 0 <= y <= 30 for x, y in cut)
    assert geo.area_centroid(cut) == pytest.approx((600, 10, 15))
    assert geo.clip([(100.0, 100.0), (120.0, 100.0), (110.0, 120.0)], 0, 0, 20, 30) == []


def test_path_is_relative_whole_units_and_drops_crowded_points() -> None:
    ring = [(10.2, 10.4), (10.6, 10.2), (20.0, 10.0), (20.0, 20.0), (10.0, 20.0)]
    assert geo.path([ring]) == "M10 10l10 0 0 10-10 0z"
    assert geo.path([[(0.0, 0.0), (0.4, 0.0), (0.0, 0.4)]]) == ""  # nothing left to draw


def test_a_ring_across_the_180th_meridian_is_kept_whole() -> None:
    fiji = geo.world().by_code["FJ"]
    assert fiji.polygons[0].reach < 0.05  # a few degrees, not the whole globe
    assert 170 < abs(fiji.polygons[0].centre[0]) <= 180


ALL_CODES = sorted(c.alpha_2 for c in pycountry.countries)


def test_every_iso_country_has_a_locator_that_shows_it() -> None:
    sizes = {}
    for code in ALL_CODES:
        m = maps.locator(code)
        assert m is not None, code
        focus = [s.code for s in m.shapes if s.cls == "focus"] + [k.code for k in m.markers if k.cls in ("focus", "ring")]
        assert focus and set(focus) == {code}, code
        assert any("focus" in label.cls for label in m.labels), code
        sizes[code] = sum(len(s.d) for s in m.shapes) + len(m.inset.land) + len(m.inset.focus)
    # A locator is a few tens of kilobytes at most (Russia, the largest, stays well under 50).
    assert max(sizes.values()) < 48_000, max(sizes.items(), key=lambda kv: kv[1])
    # Small countries Natural Earth's 1:110m leaves out are markers at their place.
    for code in ("SG", "BH", "MT", "SC", "TV"):
        assert any(k.code == code for k in maps.locator(code).markers), code


def test_a_locator_shows_the_neighbours_and_names_them() -> None:
    kp = maps.locator("KP")
    drawn = {s.code for s in kp.shapes}
    assert {"CN", "KR", "RU", "JP"} <= drawn
    assert "US" not in drawn and "DE" not in drawn
    assert "China" in kp.desc and "South Korea" in kp.desc
    sk = maps.locator("SK")
    assert {"CZ", "PL", "HU", "AT", "UA"} <= {s.code for s in sk.shapes}
    # The far side of the globe never makes it into a regional map.
    assert "BR" not in {s.code for s in maps.locator("RU").shapes}
    assert "BR" not in {s.code for s in maps.locator("FJ").shapes}


def test_an_island_far_out_is_shown_with_the_nearest_coasts() -> None:
    seychelles = maps.locator("SC")
    assert {"KE", "SO", "MG"} <= {s.code for s in seychelles.shapes}


def test_maps_are_memoized_by_what_they_read() -> None:
    maps.locator.cache_clear()
    first = maps.locator("VN")
    assert maps.locator("VN") is first
    assert maps.locator.cache_info().misses == 1


def test_overview_is_regional_when_the_countries_are_close_and_world_when_not() -> None:
    def entries(*codes: str) -> tuple[maps.Entry, ...]:
        return tuple(maps.Entry(c, c, f"/{c}/", "other", c) for c in codes)

    horn = maps.overview(entries("ET", "ER", "DJ", "SO", "KE"), (), "", "")
    assert horn.height == maps.HEIGHT and "BR" not in {s.code for s in horn.shapes}
    spread = maps.overview(entries("US", "CN", "KP"), (), "", "")
    assert spread.width / spread.height > 2  # Equal Earth's proportions
    linked = {s.code: s.href for s in spread.shapes if s.href}
    assert linked == {"US": "/US/", "CN": "/CN/", "KP": "/KP/"}
    assert maps.overview(entries("XK"), (), "", "") is None
