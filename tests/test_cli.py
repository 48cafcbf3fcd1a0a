import json
import subprocess
import sys

TEXT = "Trump called Putin on Thursday. He will meet Zelenskyy on Friday. They met in August."


def test_timex_command_prints_one_json_object_per_expression():
    out = subprocess.run([sys.executable, "-m", "generator", "timex", "--dct", "2025-10-16"],
                         input=TEXT, capture_output=True, text=True, check=True).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["value"] for r in records] == ["2025-10-16", "2025-10-17", "2025-08"]
    for r in records:
        assert set(r) == {"start", "end", "text", "type", "value"}
        assert TEXT[r["start"]:r["end"]] == r["text"]


def test_timex_command_rejects_a_bad_date():
    done = subprocess.run([sys.executable, "-m", "generator", "timex", "--dct", "16/10/2025"],
                          input=TEXT, capture_output=True, text=True)
    assert done.returncode == 2 and "not a date" in done.stderr
