"""generator.render.story_index: one page per month, long months paginated, linked in order."""

import re

from generator.render.story_index import STORIES_PER_PAGE, story_index_pages
from tests.render.test_cards import article, digest, story


def test_months_newest_first_long_month_cut_at_weeks_with_previous_and_next_links():
    arts = [article(f"a{i}", source="Outlet") for i in range(STORIES_PER_PAGE + 12)]
    october = [story(f"oct{i}", [a], last=f"2025-10-{1 + i % 28:02d}")
               for i, a in enumerate(arts[:STORIES_PER_PAGE + 2])]
    september = [story(f"sep{i}", [a], last="2025-09-10") for i, a in enumerate(arts[-10:])]
    d = digest(arts)
    d.links.stories = september + october
    files = story_index_pages(d)
    assert sorted(files) == ["stories/2025/09/index.md", "stories/2025/10/01/index.md",
                             "stories/2025/10/08/index.md", "stories/2025/10/15/index.md",
                             "stories/2025/10/22/index.md", "stories/index.md"]
    first = files["stories/2025/10/22/index.md"]
    assert first.count('class="nd-card"') == 10  # days 22-28, and 22-24 again
    assert "# Stories, 22–31 October 2025" in first
    assert "[Older: 15–21 October 2025 →](../15/index.md)" in first
    assert "Newer" not in first
    last = files["stories/2025/10/01/index.md"]
    assert "[← Newer: 8–14 October 2025](../08/index.md)" in last
    assert "[Older: September 2025 →](../../09/index.md)" in last
    # Newest first within a page.
    cards = first[first.index("</nav>"):first.rindex("<nav")]
    dates = re.findall(r"(\d+) October 2025", cards)
    assert [int(x) for x in dates] == sorted((int(x) for x in dates), reverse=True)
    index = files["stories/index.md"]
    assert "- [October 2025](2025/10/22/index.md) (52 stories)" in index
    assert "- [September 2025](2025/09/index.md) (10 stories)" in index
    assert "### [" in index and "\n## [" not in index  # cards under the "Latest" h2
