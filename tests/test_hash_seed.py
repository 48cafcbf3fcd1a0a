"""The output does not depend on Python's hash seed.

Set and dict-of-set iteration order changes with PYTHONHASHSEED, so a stage that lets it decide
anything (which of two names wins, the order of a listing) gives different bytes in another
process. Each run here is a fresh process with its own project, cache and state.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEEDS, make_project
from tests.test_pipeline import output_bytes

HASH_SEEDS = ("1", "2", "3")

# Articles written for this test: people who share surnames, a short and a full form of one
# name at the same place, several organisations and places, pronouns to resolve and dates to
# tag, so that many per-article decisions are made over collections of names.
ARTICLES = {
    "argentina.md": (
        "---\ntitle: Former minister questioned\ndate: 2024-03-05\nsource: Probe Wire\n---\n\n"
        "Planning Minister Julio De Vido appeared before a court in Buenos Aires on Monday. "
        "Mr De Vido said he had done nothing wrong. Speaking in Buenos Aires, Mr De Vido later "
        "denied the charges. He told reporters on Tuesday that the case was political.\n\n"
        "Cristina Fernandez and Alberto Fernandez both declined to "
        "comment. Fernandez said last week that the courts were independent.\n"),
    "airline.md": (
        "---\ntitle: Airline orders jets\ndate: 2024-03-06\nsource: Other Wire\n---\n\n"
        "Singapore Airlines (SIA) ordered twenty jets from Airbus on Wednesday, the carrier "
        "said. SIA chief executive Goh Choon Phong said the jets would arrive in 2026. "
        "Airbus said it had also won orders from Qatar Airways and Emirates last month.\n\n"
        "Goh said on Thursday that he expected demand in Asia to grow. Phong Goh, an analyst "
        "in Hong Kong, said the order was smaller than expected.\n"),
    "storm.txt": (
        "A storm hit the coast of Queensland on Friday, cutting power to 40,000 homes in "
        "Brisbane and Gold Coast. Premier Steven Miles said crews would work through the "
        "weekend. Miles said he had asked Canberra for help, and Anthony Albanese said on "
        "Saturday that the army would be sent.\n\nThe Bureau of Meteorology said a second storm "
        "could arrive next week.\n"),
}

_GENERATE = ("import sys\nfrom pathlib import Path\nfrom generator.config import load_settings\n"
             "from generator.pipeline import generate\n"
             "generate(load_settings(Path(sys.argv[1])))\n")


def _generate_under(hash_seed: str, path: Path) -> dict[str, bytes]:
    project = make_project(path)
    for seed in SEEDS.iterdir():
        shutil.copy2(seed, project.seeds / seed.name)
    for name, text in ARTICLES.items():
        (project.seeds / name).write_text(text, encoding="utf-8")
        os.utime(project.seeds / name, (1_700_000_000, 1_700_000_000))  # fallback date
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", _GENERATE, str(project.path)], env=env, check=True,
                   capture_output=True, text=True)
    return output_bytes(project.docs)


def test_generated_pages_are_the_same_under_any_hash_seed(tmp_path):
    outputs = {seed: _generate_under(seed, tmp_path / f"hash-{seed}") for seed in HASH_SEEDS}
    first = outputs[HASH_SEEDS[0]]
    assert len(first) > 10
    for seed, output in outputs.items():
        differing = sorted(path for path in first.keys() | output.keys()
                           if first.get(path) != output.get(path))
        assert not differing, f"hash seed {seed} changed {differing[:5]}"
