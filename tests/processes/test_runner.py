"""The build processes: how many run at once, crashes and overruns, the fork server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from booklet.cli import main
from booklet.model import BuildResult, PreparedEdition
from booklet.options import PROJECT_ROOT, BuildOptions
from booklet.output.files import TEMPORARY, Transaction
from booklet.pipeline import Outcome
from booklet.processes import forkserver
from booklet.processes.child import Stages
from booklet.processes.runner import run_builds
from tests.helpers import CONTENT


def _log(path: Path, event: str, options: BuildOptions) -> None:
    with path.open("a", encoding="utf-8") as log:
        log.write(json.dumps([event, options.locale, os.getpid(), time.monotonic()]) + "\n")


def _fake_stages(log: Path, seconds: float = 0.15) -> Stages:
    """Stages that only log when they run."""

    def prepare(options: BuildOptions) -> PreparedEdition:
        _log(log, "start", options)
        time.sleep(seconds)
        _log(log, "end", options)
        return PreparedEdition(None, (), None)  # type: ignore[arg-type]

    def finish(options: BuildOptions, _prepared: PreparedEdition, _owner: int) -> BuildResult:
        _log(log, "start", options)
        time.sleep(seconds)
        _log(log, "end", options)
        return None  # type: ignore[return-value]

    return Stages(prepare, finish)


def _most_at_once(log: Path) -> int:
    events = sorted((moment, 1 if event == "start" else -1) for event, _, _, moment
                    in map(json.loads, log.read_text().splitlines()))
    running = most = 0
    for _, step in events:
        running += step
        most = max(most, running)
    return most


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_at_most_jobs_processes_work_at_once(tmp_path: Path, jobs: int) -> None:
    log = tmp_path / "log"
    requests = [BuildOptions(out_dir=tmp_path, locale=locale) for locale in "abcde"]
    outcomes = run_builds(requests, jobs, stages=_fake_stages(log))
    assert [outcome.options.locale for outcome in outcomes] == list("abcde")
    assert all(not outcome.errors for outcome in outcomes)
    assert len(log.read_text().splitlines()) == 4 * len(requests)  # each stage, each edition
    assert _most_at_once(log) <= jobs
    if jobs > 1:
        assert _most_at_once(log) > 1


def test_the_longest_edition_starts_first(tmp_path: Path) -> None:
    log = tmp_path / "log"
    requests = [BuildOptions(out_dir=tmp_path, locale=locale) for locale in "abc"]
    run_builds(requests, 1, [0.5, 2.0, None],  # None: guessed (0.5 s, standard)
               stages=_fake_stages(log, seconds=0.01))
    order = [locale for event, locale, _, _ in map(json.loads, log.read_text().splitlines())
             if event == "start"]
    assert order[:3] == ["b", "a", "c"]  # all rendered first (one process at a time)...
    assert order[3:] == ["b", "a", "c"]  # ...then laid out, longest first


def test_a_dead_render_process_fails_only_its_edition(tmp_path: Path) -> None:
    fake = _fake_stages(tmp_path / "log", seconds=0.01)

    def crash_on_b(options: BuildOptions) -> PreparedEdition:
        if options.locale == "b":
            os._exit(3)  # as a crash inside a C library would
        return fake.prepare(options)

    # One render process takes every edition in turn: "b" comes first, the others wait again.
    requests = [BuildOptions(out_dir=tmp_path, locale=locale) for locale in "bac"]
    outcomes = run_builds(requests, 2, stages=Stages(crash_on_b, fake.finish))
    assert outcomes[0].errors == (
        "edition 'b' (standard): the build process died (exit code 3), most likely out of "
        "memory (limit 4096 MB); find what makes it large, or raise --max-memory",)
    assert [outcome.errors for outcome in outcomes[1:]] == [(), ()]


def test_a_process_that_ignores_its_timer_is_killed(tmp_path: Path) -> None:
    def hang(options: BuildOptions) -> PreparedEdition:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # stuck in C code, say
        time.sleep(60)
        raise AssertionError("not reached")

    started = time.monotonic()
    [outcome] = run_builds([BuildOptions(out_dir=tmp_path, timeout=0.3)], 2,
                           stages=Stages(prepare=hang), grace=0.2)
    assert time.monotonic() - started < 10
    assert outcome.errors == ("edition 'source' (standard): stopped after 0.3 s; find what "
                              "makes it slow, or raise --timeout",)
    assert not list(tmp_path.iterdir())


def test_the_time_limit_counts_both_stages_of_an_edition(tmp_path: Path) -> None:
    """Each stage alone is within the limit, both are not: the layout process's own timer
    (set by the child around the stage) stops it, long before the runner would kill it."""
    slow = _fake_stages(tmp_path / "log", seconds=0.4)
    [outcome] = run_builds([BuildOptions(out_dir=tmp_path, timeout=0.6)], 2, stages=slow)
    assert outcome.errors == ("edition 'source': stopped after 0.6 s; find what makes it slow, "
                              "or raise --timeout",)
    assert outcome.seconds < 3


def test_an_unexpected_error_is_one_line_and_its_traceback_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    [outcome] = run_builds([BuildOptions(out_dir=tmp_path / "out")], 1,
                           stages=Stages(prepare=_bad_value))
    [error] = outcome.errors
    assert error.startswith("edition 'source': internal error ValueError: no such value; "
                            "the traceback is in ")
    assert error.endswith("please report it with the content that caused it")
    [saved] = tmp_path.glob("booklet-err-*.log")
    assert str(saved) in error
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("Traceback (most recent call last):")
    assert "in _bad_value" in text
    assert outcome.exit_code == 1


def _bad_value(options: BuildOptions) -> PreparedEdition:
    raise ValueError("no such value")


def test_the_command_with_its_fork_server_gives_the_same_pdf(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    done = subprocess.run([sys.executable, "-m", "booklet", "build", "--force", "--out",
                           str(tmp_path / "command")], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert main(["build", "--force", "--out", str(tmp_path / "library")]) == 0
    capsys.readouterr()
    name = "metastatic-breast-cancer.en.pdf"
    assert (tmp_path / "command" / name).read_bytes() == (tmp_path / "library" / name
                                                          ).read_bytes()
    assert not list((tmp_path / "tmp").iterdir())  # WeasyPrint's font folders removed too


def test_an_unused_fork_server_is_stopped(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-content"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "booklet", "build", "--force", "--content",
                           str(missing)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2
    assert time.monotonic() - started < 30
    time.sleep(0.5)
    processes = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True,
                               check=True).stdout
    assert str(missing) not in processes  # no process of that command is left


def test_content_is_the_same_through_the_command(tmp_path: Path) -> None:
    """The fork server also serves a forced build of another locale and variant, imposed."""
    done = subprocess.run([sys.executable, "-m", "booklet", "build", "--force", "--locale", "es",
                           "--variant", "large-print", "--impose", "--content", str(CONTENT),
                           "--out", str(tmp_path)], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "metastatic-breast-cancer.es.large-print.imposed.pdf").is_file()
    assert "metastatic-breast-cancer.es.large-print.pdf (16 pages" in done.stdout


# Module-level functions: the jobs sent to the fork server name them (pickled by reference).
def _no_render(options: BuildOptions) -> PreparedEdition:
    return PreparedEdition(None, (), None)  # type: ignore[arg-type]


def _crash(options: BuildOptions, _prepared: PreparedEdition, _owner: int) -> BuildResult:
    os._exit(3)


def _hang(options: BuildOptions, _prepared: PreparedEdition, _owner: int) -> BuildResult:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(60)
    raise AssertionError("not reached")


@pytest.mark.parametrize(("finish", "message"), [
    (_crash, "the build process died (exit code 3), most likely out of memory"),
    (_hang, "stopped after 0.5 s; find what makes it slow, or raise --timeout"),
])
def test_layout_processes_of_the_fork_server_fail_alone(
        tmp_path: Path, finish: Callable[[BuildOptions, PreparedEdition, int], BuildResult],
        message: str) -> None:
    forkserver.launch()
    try:
        options = [BuildOptions(out_dir=tmp_path, locale=locale, timeout=0.5)
                   for locale in ("a", "b")]
        outcomes = run_builds(options, 2, stages=Stages(_no_render, finish), grace=0.2)
    finally:
        forkserver.stop()
    for outcome in outcomes:
        [error] = outcome.errors
        assert error.startswith(f"edition '{outcome.options.locale}' (standard): {message}")
    assert forkserver.take() is None


def test_the_fork_server_builds_what_this_process_builds(tmp_path: Path) -> None:
    forkserver.launch()
    try:
        [served] = run_builds([BuildOptions(out_dir=tmp_path / "served", impose=True)], 2)
    finally:
        forkserver.stop()
    [here] = run_builds([BuildOptions(out_dir=tmp_path / "here", impose=True)], 1)
    assert served.result is not None
    assert here.result is not None
    assert not (tmp_path / "here" / here.result.pdf.name).exists()  # left for the command
    for outcome in (served, here):
        _commit(outcome)
    for name in (served.result.pdf.name, "metastatic-breast-cancer.en.imposed.pdf"):
        assert (tmp_path / "served" / name).read_bytes() == (tmp_path / "here" / name
                                                             ).read_bytes()


def test_editions_are_laid_out_here_if_the_fork_server_dies(tmp_path: Path) -> None:
    server = forkserver.launch()
    server.process.kill()  # while it imports WeasyPrint, say
    server.process.join()
    try:
        [outcome] = run_builds([BuildOptions(out_dir=tmp_path)], 2)
    finally:
        forkserver.stop_all()
    assert outcome.errors == ()
    assert outcome.result is not None
    _commit(outcome)
    assert outcome.result.pdf.is_file()


def _commit(outcome: Outcome) -> None:
    """Rename the files a layout process left for this one, as the command does."""
    assert outcome.result is not None
    assert all(TEMPORARY.match(tmp.name) for _, tmp in outcome.result.staged)
    with Transaction() as transaction:
        transaction.adopt(outcome.result.staged)
        transaction.commit()


def test_the_fork_server_ends_when_the_command_dies() -> None:
    code = ("import os; from booklet.processes import forkserver; "
            "print(forkserver.launch().process.pid, flush=True); os._exit(0)")
    command = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert command.stdout is not None
    server = int(command.stdout.readline())  # not read to the end: the server holds it too
    command.stdout.close()
    assert command.wait(timeout=30) == 0
    stat = Path(f"/proc/{server}/stat")

    def running() -> bool:  # a zombie (state Z) has ended; whoever adopted it may not reap
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 20
    while running() and time.monotonic() < deadline:  # it finishes importing first
        time.sleep(0.1)
    assert not running()


def test_verbose_shows_every_step_through_the_fork_server(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "booklet", "build", "--force", "-v", "--out",
                           str(tmp_path)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          check=True)
    for step in ("Step 1/4", "Step 2/4", "Step 3/4", "Step 4/4"):
        assert step in done.stderr
