"""A story page says in one line why its reports are one story."""

from tests.link.test_story_ids import RATES, SUMMIT, SUMMIT_AGAIN


def test_story_page_says_what_its_reports_share(project):
    project.add_seed("summit.txt", SUMMIT)
    project.add_seed("summit-again.txt", SUMMIT_AGAIN)
    project.add_seed("rates.txt", RATES)
    result = project.generate()
    story = next(s for s in result.digest.links.stories if len(s.articles) == 2)
    page = (project.path / "docs" / story.page).read_text()
    why = next(line for line in page.splitlines() if line.startswith("Why these reports"))
    assert "Budapest" in why and "summit" in why
    assert "-" not in why.split(":", 1)[1].replace("Trump-Putin", "")  # names, not entity ids
    alone = next(s for s in result.digest.links.stories if len(s.articles) == 1)
    assert "Why these reports" not in (project.path / "docs" / alone.page).read_text()
