"""The evaluation's HTML report as a person sees it: Debian's Chromium, headless, at 1280 px (issue 31).

The report of a small replayed run (one failure among them) is opened in a real browser: no horizontal
overflow at 1280 px, a screenshot and a printed PDF are made, and the page says what a newcomer needs
first — the headline, n/N beside the percentages, a table per tag, totals, words instead of Python lists.
Skipped only where no Chromium is installed; `.ci/run` installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The flags a locked-down machine needs: no sandbox as root, no network chatter, a fresh profile.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
CASES = ["mrp-chain-bom-then-mo-then-confirm", "calendar-no-time-asks-then-created", "website-publish-product"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("eval")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    args = [a for case in CASES for a in ("--id", case)]
    done = subprocess.run([sys.executable, "-m", "evals", *args, "--out", str(out)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out / "report.html"


def _browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1280,1000", *args,
                           page.as_uri()], capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_the_report_fits_1280_px_and_can_be_shot_and_printed(report: Path, tmp_path: Path) -> None:
    probe = tmp_path / "probe.html"  # the page as shipped, plus a line reporting its width to the title
    measure = "<script>document.title=[document.documentElement.scrollWidth,window.innerWidth].join('x')</script>"
    probe.write_text(report.read_text(encoding="utf-8").replace("</html>", f"{measure}</html>"), encoding="utf-8")
    dom = _browse(probe, tmp_path, "--dump-dom").stdout
    width, viewport = map(int, re.search(r"<title>(\d+)x(\d+)</title>", dom).groups())  # type: ignore[union-attr]
    assert viewport == 1280 and width <= viewport, f"the page is {width} px wide in a {viewport} px window"
    shot, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    _browse(report, tmp_path, f"--screenshot={shot}")
    _browse(report, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5_000


def test_the_report_says_what_a_newcomer_needs_first(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    first = text.index("passed (")
    assert "2/3 passed (66.7 %) · 0 diverged · 3 cases · replay · offline parser" in text
    assert first < text.index("By domain") < text.index("By lang") < text.index("Not passed (1)")
    assert re.search(r"\d+%\s*\d+/\d+", text)  # every percentage with its n/N
    assert "Odoo calls" in text and "s in the cases" in text and "diverged" in text
    assert "[" not in text.split("By domain")[0].replace("[W]", "")  # the run's facts in words, no Python lists
    assert "calendar-no-time-asks-then-created" in text.split("Not passed (1)")[1]
