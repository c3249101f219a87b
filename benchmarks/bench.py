"""`make bench`: booklet against the WeasyPrint floor, no-op rebuilds, parallel builds, scaling,
the 45 languages' sample editions.

Each figure is the median of several runs in fresh processes; each ratio is measured in this
run. Prints a Markdown table (and writes it to output/bench.md).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BOOKLET = [PYTHON, "-m", "booklet"]


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, int]:
    """Seconds and peak memory (KB, whole process tree) of one run."""
    timed = ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() else command
    started = time.perf_counter()
    done = subprocess.run(timed, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    memory = int(done.stderr.strip().splitlines()[-1]) if timed[0] == "/usr/bin/time" else 0
    return seconds, memory


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median seconds of each command, run in turns (a slower spell of the machine hits all)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run(command)[0])
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def synthetic_content(folder: Path, copies: int) -> Path:
    """The booklet with its sections repeated `copies` times (about 1.3 pages a copy)."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.rmtree(content / "es")
    meta = content / "booklet.yml"
    meta.write_text(meta.read_text().replace("locales: [en, es]", "locales: [en]") +
                    "checks:\n  page_budget: 100000\n")
    sections = sorted((content / "en").glob("*.md"))
    for copy in range(1, copies):
        for number, section in enumerate(sections):
            text = section.read_text()
            text = re.sub(r"^title: (.*)$", rf"title: \1 ({copy + 1})", text, count=1,
                          flags=re.MULTILINE)
            text = re.sub(r"^order: \d+$", f"order: {1000 * copy + number}", text, count=1,
                          flags=re.MULTILINE)
            (content / "en" / f"{1000 * copy + number:06d}-copy{copy}-{section.name}"
             ).write_text(text)
    return content


def pages_of(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "9"))
    # Byte-compile the package as an installed one is (PYTHONDONTWRITEBYTECODE=1 would leave
    # it to be compiled again in every process: tens of milliseconds).
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "booklet")], check=True,
                   capture_output=True)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        out = tmp / "out"
        run([*BOOKLET, "build", "--force", "--html", "--out", str(out)])
        html = out / "metastatic-breast-cancer.en.html"
        single = medians({"floor": [PYTHON, str(ROOT / "benchmarks" / "floor.py"), str(html),
                                    str(tmp / "floor.pdf")],
                          "build": [*BOOKLET, "build", "--force", "--out", str(out)]}, runs)
        floor, build = single["floor"], single["build"]
        rows.append(("1. single edition: `build --force` vs WeasyPrint floor",
                     f"{build:.2f} s vs {floor:.2f} s",
                     f"**{build / floor:.2f}x** (target <= 1.15)"))
        noop = medians({"noop": [*BOOKLET, "build", "--out", str(out)]}, runs)["noop"]
        rows.append(("2. no-op rebuild vs floor", f"{noop:.2f} s",
                     f"**{noop / floor:.2f}x** (target < 0.25, < 0.5 s)"))
        every = [*BOOKLET, "build", "--all", "--impose", "--variant", "standard", "--variant",
                 "large-print", "--force", "--out", str(tmp / "all")]
        run(every)  # the cache records each edition's time: later builds start the longest first
        both = medians({"serial": [*every, "--jobs", "1"], "parallel": every}, runs)
        serial, parallel = both["serial"], both["parallel"]
        rows.append((f"3. `build --all --force` (8 PDFs): --jobs 1 vs default ({os.cpu_count()} "
                     "CPUs)", f"{serial:.2f} s vs {parallel:.2f} s",
                     f"**{serial / parallel:.2f}x** speed-up (target >= 1.7 on 2 cores)"))
        per_page = {}
        for copies in (1, 7, 30, 78):  # about 10, 50, 200 and 500 pages
            folder = tmp / f"scale{copies}"
            folder.mkdir()
            content = synthetic_content(folder, copies)
            seconds, memory = run([*BOOKLET, "build", "--force", "--content", str(content),
                                   "--out", str(folder / "out"), "--timeout", "3000"])
            pages = pages_of(folder / "out" / "metastatic-breast-cancer.en.pdf")
            per_page[pages] = seconds / pages
            rows.append((f"4. scaling: {pages} pages", f"{seconds:.1f} s, "
                         f"{seconds / pages * 1000:.0f} ms/page", f"peak {memory / 1024:.0f} MB"))
        sizes = sorted(per_page)
        rows.append(("4. per-page cost, largest vs ~50 pages",
                     f"{sizes[-1]} vs {sizes[1]} pages",
                     f"**{per_page[sizes[-1]] / per_page[sizes[1]]:.2f}x** (target <= 1.3)"))
        seconds, memory = run([PYTHON, "-m", "tests.samples", str(tmp / "samples")])
        rows.append((f"6. the 45 languages' sample editions (tests/samples.py), default jobs "
                     f"({os.cpu_count()} CPUs)", f"{seconds:.1f} s, {seconds / 45:.2f} s/edition",
                     f"peak {memory / 1024:.0f} MB (one run)"))
        rows += _peers(html, tmp, max(1, runs // 2))
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
               f"Python {platform.python_version()}, {_cpu_model()}")
    table = ["| measure | figures | result |", "|---|---|---|",
             *[f"| {a} | {b} | {c} |" for a, b, c in rows], "",
             f"Machine: {machine}; medians of {runs} runs (scaling: one run each)."]
    text = "\n".join(table)
    print(text)
    (ROOT / "output").mkdir(exist_ok=True)
    (ROOT / "output" / "bench.md").write_text(text + "\n")
    return 0


def _peers(html: Path, tmp: Path, runs: int) -> list[tuple[str, str, str]]:
    """Peers on the same input, when installed: informational, not comparable output."""
    rows = []
    pandoc, chromium = shutil.which("pandoc"), shutil.which("chromium")
    weasyprint = Path(PYTHON).parent / "weasyprint"
    if pandoc and weasyprint.exists():  # pandoc finds the weasyprint command on PATH
        out = tmp / "pandoc.pdf"
        env_path = f"{weasyprint.parent}{os.pathsep}{os.environ.get('PATH', '')}"
        command = ["env", f"PATH={env_path}", pandoc, *map(str, sorted(
            (ROOT / "content" / "en").glob("*.md"))), "-s", "--pdf-engine=weasyprint",
            "-o", str(out)]
        seconds = medians({"pandoc": command}, runs)["pandoc"]
        rows.append(("5. peer: `pandoc --pdf-engine=weasyprint`, same Markdown",
                     f"{seconds:.2f} s, {pages_of(out)} pages (no cover, contents, table, "
                     "running headers)", "informational"))
    else:
        rows.append(("5. peer: pandoc", "not installed", "informational"))
    if chromium:
        out = tmp / "chromium.pdf"
        command = [chromium, "--headless", "--disable-gpu", "--no-sandbox",
                   "--no-pdf-header-footer", f"--print-to-pdf={out}", html.as_uri()]
        seconds = medians({"chromium": command}, runs)["chromium"]
        rows.append(("5. peer: headless Chromium printing the same HTML",
                     f"{seconds:.2f} s, {pages_of(out)} pages", "informational"))
    else:
        rows.append(("5. peer: Chromium", "not installed", "informational"))
    return rows


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    raise SystemExit(main())
