"""generator.render.story_index: one page per month, long months paginated, linked in order."""

import re

from generator.render.story_index import STORIES_PER_PAGE, story_index_pages
from tests.render.test_cards import article, digest, story


def test_months_newest_first_long_month_split_with_previous_and_next_links():
    arts = [article(f"a{i}", source="Outlet") for i in range(STORIES_PER_PAGE + 12)]
    october = [story(f"oct{i}", [a], last=f"2025-10-{1 + i % 28:02d}")
               for i, a in enumerate(arts[:STORIES_PER_PAGE + 2])]
    september = [story(f"sep{i}", [a], last="2025-09-10") for i, a in enumerate(arts[-10:])]
    d = digest(arts)
    d.links.stories = september + october
    files = story_index_pages(d)
    assert sorted(files) == ["stories/2025/09/index.md", "stories/2025/10/2/index.md",
                             "stories/2025/10/index.md", "stories/index.md"]
    first = files["stories/2025/10/index.md"]
    assert first.count('class="nd-card"') == STORIES_PER_PAGE
    assert "[Older: October 2025, page 2 of 2 →](2/index.md)" in first
    assert "Newer" not in first
    second = files["stories/2025/10/2/index.md"]
    assert "[← Newer: October 2025, page 1 of 2](../index.md)" in second
    assert "[Older: September 2025 →](../../09/index.md)" in second
    # Newest first within a month.
    dates = re.findall(r"(\d+) October 2025", first)
    assert [int(x) for x in dates] == sorted((int(x) for x in dates), reverse=True)
    index = files["stories/index.md"]
    assert "- [October 2025](2025/10/index.md) (52 stories)" in index
    assert "- [September 2025](2025/09/index.md) (10 stories)" in index
    assert "### [" in index and "\n## [" not in index  # cards under the "Latest" h2
