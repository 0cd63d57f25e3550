"""The statistics page in Chromium: every chart is drawn (non-empty SVG with coloured
bars), the page passes axe-core, and the agency drill-down keeps working."""

import io

from PIL import Image
from playwright.sync_api import expect

from meetings.models import CostLine
from tests.statistics.world import build_stats_world

CHARTS = 14


def test_statistics_page_draws_its_charts_and_passes_axe(
    logged_in_page, viewer, customs, taipei_customs, other_agency, assert_accessible, tmp_path
):
    world = build_stats_world(customs, taipei_customs, other_agency)
    for trip, estimate, actual in ((world.a, 60000, 58000), (world.b, 45000, None)):
        CostLine.objects.create(
            trip=trip, item="airfare", estimated_twd=estimate, actual_twd=actual
        )
    page = logged_in_page(viewer)
    page.goto("/statistics/")
    expect(page.locator("h1")).to_have_text("統計")
    charts = page.locator("svg.chart")
    expect(charts).to_have_count(CHARTS)
    for index in range(CHARTS):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box["width"] > 200 and box["height"] > 20, index
        widths = chart.locator("rect").evaluate_all("rects => rects.map(r => r.getBBox().width)")
        assert widths and all(w > 0 for w in widths), index
    # The year chart, as pixels: its four stacked segments in three category colours
    # beside the labels, not a blank box.
    shot = charts.first.screenshot()
    colours = Image.open(io.BytesIO(shot)).convert("RGB").getcolors(maxcolors=100_000)
    assert len([c for c in colours if c[0] > 50]) >= 4
    page.screenshot(path=str(tmp_path / "statistics.png"), full_page=True)
    assert (tmp_path / "statistics.png").stat().st_size > 10_000
    expect(page.locator("#figure-years tbody tr").first).to_contain_text("民國 111 年（2022）")
    assert_accessible(page)

    page.locator("#figure-agencies tbody a", has_text="財政部").click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?agency={customs.parent_id}")
    expect(page.locator("#figure-agencies tbody")).to_contain_text("財政部關務署")
    assert_accessible(page)
