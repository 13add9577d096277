"""Charts drawn on the server: named for screen readers, figures in the reader's language, a missing figure never
drawn as zero, text escaped."""

import re
from xml.etree import ElementTree

import pytest
from django.utils import translation

from vidan.core.charts import Bar, Series, bar_chart, figure, line_chart, sparkline

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output


def test_figures_are_written_with_the_vietnamese_decimal_mark_and_a_dash_when_missing():
    assert figure(72.46) == "72,5"
    assert figure(80.0, "%") == "80%"
    assert figure(None) == "—"
    with translation.override("en"):
        assert figure(72.46) == "72.5"


def test_a_bar_chart_is_named_and_each_bar_is_as_long_as_its_figure():
    # Given three communes' scores, one falling behind and one with no figure yet
    svg = bar_chart(
        [Bar("Thuận Hóa", 80), Bar("Lâm Hóa", 40, target=60, emphasis=True), Bar("Sơn Hóa", None)],
        title="Điểm mô hình",
        description="Điểm của từng xã, trên thang 100",
    )
    root = parsed(svg)

    # Then it is an image named by its title and description
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id and root.find(f"{SVG}title").text == "Điểm mô hình"
    assert root.find(f"{SVG}desc").get("id") == desc_id

    # And each bar has its own name and its figure, with a length in proportion
    groups = root.findall(f"{SVG}g")
    assert [group.find(f"{SVG}title").text for group in groups] == ["Thuận Hóa: 80", "Lâm Hóa: 40", "Sơn Hóa: —"]
    track = float(groups[0].findall(f"{SVG}rect")[0].get("width"))
    assert [len(group.findall(f"{SVG}rect")) for group in groups] == [2, 2, 1]  # no bar where there is no figure
    first, second = (float(group.findall(f"{SVG}rect")[1].get("width")) for group in groups[:2])
    assert first == pytest.approx(track * 0.8, abs=0.1) and second == pytest.approx(track * 0.4, abs=0.1)
    # and the one to look at stands out, with its target marked
    assert groups[1].findall(f"{SVG}rect")[1].get("fill") != groups[0].findall(f"{SVG}rect")[1].get("fill")
    assert float(groups[1].find(f"{SVG}line").get("x1")) == pytest.approx(track * 0.6, abs=0.1)


def test_a_figure_beyond_the_scale_fills_the_track_and_no_more():
    root = parsed(bar_chart([Bar("A", 150), Bar("B", -5)], title="t"))
    track, full = (float(rect.get("width")) for rect in root.findall(f"{SVG}g")[0].findall(f"{SVG}rect"))
    assert full == track
    assert float(root.findall(f"{SVG}g")[1].findall(f"{SVG}rect")[1].get("width")) == 0


def test_text_in_a_chart_is_escaped():
    svg = bar_chart([Bar("<script>alert(1)</script>", 10)], title="a & b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg
    parsed(svg)  # still well-formed


def test_a_line_chart_breaks_where_a_figure_is_missing_and_names_each_point():
    # Given two criteria over four quarters, one without a figure in the third
    svg = line_chart(
        ["Q1/2026", "Q2/2026", "Q3/2026", "Q4/2026"],
        [Series("Cải cách hành chính", [60, 70, 75, 80]), Series("Văn hóa công sở", [50, 55, None, 65])],
        title="Xu hướng",
    )
    root = parsed(svg)
    first, second = root.findall(f"{SVG}g")

    # Then the complete series is one line through four points, the other a line of two and a lone point
    assert len(first.findall(f"{SVG}polyline")) == 1 and len(first.findall(f"{SVG}circle")) == 4
    assert [len(line.get("points").split()) for line in second.findall(f"{SVG}polyline")] == [2]
    assert len(second.findall(f"{SVG}circle")) == 3
    names = [circle.find(f"{SVG}title").text for circle in second.findall(f"{SVG}circle")]
    assert names == ["Văn hóa công sở, Q1/2026: 50", "Văn hóa công sở, Q2/2026: 55", "Văn hóa công sở, Q4/2026: 65"]
    # and a higher score is drawn higher
    heights = [float(circle.get("cy")) for circle in first.findall(f"{SVG}circle")]
    assert heights == sorted(heights, reverse=True)
    # and the legend names both series
    legend = [text.text for text in root.findall(f"{SVG}text")]
    assert "Cải cách hành chính" in legend and "Văn hóa công sở" in legend


def test_a_sparkline_is_named_by_its_first_and_last_figures():
    svg = sparkline([68.0, None, 71.25, 74.0], label="Điểm")
    root = parsed(svg)
    assert root.find(f"{SVG}title").text == "Điểm: 68 → 74"
    assert len(root.find(f"{SVG}polyline").get("points").split()) == 3
    assert parsed(sparkline([], label="Điểm")).find(f"{SVG}title").text == "Điểm: —"
    assert re.search(r"Điểm: 70$", parsed(sparkline([70.0], label="Điểm")).find(f"{SVG}title").text)
