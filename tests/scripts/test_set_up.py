"""The set-up behind `make pdf` / `make test` (scripts/set_up.py), on simulated machines.

Nothing is installed or removed: the platform facts are made up, "is this package present" is
a fake that says one package is missing until an apt-get install names it, and the "run a
command" step records the command instead of running it.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("booklet_set_up", ROOT / "scripts" / "set_up.py")
assert _spec is not None
assert _spec.loader is not None
set_up = importlib.util.module_from_spec(_spec)
sys.modules["booklet_set_up"] = set_up  # dataclasses look their module up
_spec.loader.exec_module(set_up)

PACKAGES = set_up.read_packages()
SAY = "booklet set-up: "
HARFBUZZ = "libharfbuzz-subset0 (HarfBuzz subsetting, used by WeasyPrint to embed fonts)"
MUTOOL = "mupdf-tools (mutool, used by the tests)"
APT_INSTALL = ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
               "--no-install-recommends"]


def debian_root(**changes: object) -> set_up.Facts:
    """Debian 12 as root with the system Python; `changes` make it another machine."""
    facts = set_up.Facts(python="/usr/bin/python3", python_version=(3, 11), has_venv=True,
                         system_python=True, platform="linux", is_root=True,
                         commands=frozenset({"apt-get"}), no_install=False)
    return dataclasses.replace(facts, **changes)


class Machine:
    """Packages in `missing` look absent until an `apt-get install` names them; every command is
    recorded, not run; `sudo -n true` succeeds when `sudo_works`; `fail` makes the commands
    with that word fail."""

    def __init__(self, *missing: str, sudo_works: bool = True, fail: str = "") -> None:
        self.missing = set(missing)
        self.sudo_works = sudo_works
        self.fail = fail
        self.commands: list[list[str]] = []

    def present(self, package: set_up.Package) -> bool:
        return package.debian not in self.missing

    def run(self, argv: list[str]) -> int:
        self.commands.append(list(argv))
        if argv == ["sudo", "-n", "true"]:
            return 0 if self.sudo_works else 1
        if self.fail and self.fail in argv:
            return 100
        if "install" in argv and "apt-get" in argv:
            self.missing -= set(argv[argv.index("--no-install-recommends") + 1:])
        return 0


def check(machine: Machine, facts: set_up.Facts, **options: bool) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = set_up.set_up_system(PACKAGES, facts, machine.present, machine.run, out, **options)
    return status, out.getvalue().splitlines()


def test_nothing_missing_runs_nothing() -> None:
    machine = Machine()
    assert check(machine, debian_root()) == (0, [f"{SAY}system packages: all 11 present"])
    assert machine.commands == []


# (a) root, or password-less sudo, with apt-get: it installs, saying which and why

def test_root_installs_the_missing_package_with_apt_get() -> None:
    machine = Machine("libharfbuzz-subset0")
    status, lines = check(machine, debian_root())
    assert machine.commands == [["apt-get", "update"], [*APT_INSTALL, "libharfbuzz-subset0"]]
    assert lines == [f"{SAY}system packages: installing {HARFBUZZ}"]
    assert status == 0
    assert not machine.missing


def test_password_less_sudo_installs_through_sudo() -> None:
    machine = Machine("libharfbuzz-subset0", "mupdf-tools")
    status, lines = check(machine, debian_root(is_root=False,
                                               commands=frozenset({"apt-get", "sudo"})))
    assert machine.commands == [["sudo", "-n", "true"], ["sudo", "-n", "apt-get", "update"],
                                ["sudo", "-n", *APT_INSTALL, "libharfbuzz-subset0", "mupdf-tools"]]
    assert lines == [f"{SAY}system packages: installing {HARFBUZZ}, {MUTOOL}"]
    assert status == 0


def test_a_failed_apt_get_stops_with_the_command_to_retry() -> None:
    machine = Machine("mupdf-tools", fail="install")
    status, lines = check(machine, debian_root())
    assert status == 2
    assert len(machine.commands) == 2
    assert re.fullmatch(rf"{SAY}system packages: '.*apt-get install -y --no-install-recommends"
                        r" mupdf-tools' failed \(exit 100\); to retry by hand: apt-get install"
                        r" -y --no-install-recommends mupdf-tools", lines[-1])


def test_still_missing_after_install_is_an_error() -> None:
    machine = Machine("mupdf-tools")
    machine.present = lambda package: package.debian != "mupdf-tools"  # type: ignore[method-assign]
    status, lines = check(machine, debian_root())
    assert status == 2
    assert lines[-1] == f"{SAY}system packages: apt-get installed them, but still not found:" \
                        " mupdf-tools"


# (b) BOOKLET_NO_SYSTEM_INSTALL=1: nothing runs, exit 2 with the one command

@pytest.mark.parametrize(("is_root", "sudo"), [(True, ""), (False, "sudo ")])
def test_no_system_install_switch_prints_the_command(is_root: bool, sudo: str) -> None:
    machine = Machine("mupdf-tools")
    facts = debian_root(is_root=is_root, no_install=True, commands=frozenset({"apt-get", "sudo"}))
    status, lines = check(machine, facts)
    assert machine.commands == []
    assert status == 2
    assert lines == [
        f"{SAY}system packages: missing {MUTOOL}; not installing them:"
        " BOOKLET_NO_SYSTEM_INSTALL=1 is set",
        f"{SAY}run this, then make again: {sudo}apt-get install -y --no-install-recommends"
        " mupdf-tools",
    ]


@pytest.mark.parametrize(("value", "off"), [("1", True), ("yes", True), ("0", False),
                                             ("", False), (None, False)])
def test_the_switch_is_read_from_the_environment(value: str | None, off: bool) -> None:
    environ = {} if value is None else {"BOOKLET_NO_SYSTEM_INSTALL": value}
    assert set_up.Facts.of_this_machine(environ).no_install is off


def test_make_system_check_only_checks() -> None:
    machine = Machine("git")
    status, lines = check(machine, debian_root(), check_only=True)
    assert (status, machine.commands) == (2, [])
    assert lines[-1] == f"{SAY}run this, then make again: apt-get install -y" \
                        " --no-install-recommends git"


# (c) not root, and sudo asks for a password (or is not there): exit 2 with `sudo apt-get ...`

def test_sudo_with_a_password_gives_the_sudo_command() -> None:
    machine = Machine("mupdf-tools", sudo_works=False)
    status, lines = check(machine, debian_root(is_root=False,
                                               commands=frozenset({"apt-get", "sudo"})))
    assert machine.commands == [["sudo", "-n", "true"]]  # asked, nothing installed
    assert status == 2
    assert lines == [
        f"{SAY}system packages: missing {MUTOOL}; not installing them: not root, and sudo"
        " asks for a password",
        f"{SAY}run this, then make again: sudo apt-get install -y --no-install-recommends"
        " mupdf-tools",
    ]


def test_no_sudo_at_all() -> None:
    machine = Machine("mupdf-tools")
    status, lines = check(machine, debian_root(is_root=False))
    assert (status, machine.commands) == (2, [])
    assert "not root, and sudo is not installed" in lines[0]
    assert lines[1].endswith(": sudo apt-get install -y --no-install-recommends mupdf-tools")


# (d) no apt-get: the Homebrew or dnf command, nothing run

def test_macos_gets_the_brew_command() -> None:
    machine = Machine("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-noto-cjk")
    facts = debian_root(platform="darwin", is_root=False, system_python=False,
                        commands=frozenset({"brew", "sudo"}))
    status, lines = check(machine, facts)
    assert (status, machine.commands) == (2, [])
    assert "only with apt-get" in lines[0]
    assert lines[1] == f"{SAY}run this, then make again: brew install pango font-noto-sans-cjk"


def test_fedora_gets_the_dnf_command() -> None:
    machine = Machine("libharfbuzz-subset0", "mupdf-tools")
    facts = debian_root(is_root=False, commands=frozenset({"dnf", "sudo"}))
    status, lines = check(machine, facts)
    assert (status, machine.commands) == (2, [])
    assert lines[1] == f"{SAY}run this, then make again: sudo dnf install -y harfbuzz mupdf"


def test_unknown_system_names_what_is_missing() -> None:
    machine = Machine("mupdf-tools")
    status, lines = check(machine, debian_root(commands=frozenset()))
    assert (status, machine.commands) == (2, [])
    assert lines[1] == (f"{SAY}run this, then make again: install with your package manager"
                        " what provides mutool (Debian names: mupdf-tools)")


# (e) the Python itself: one line each, exit 2, nothing else done

def test_python_older_than_3_11() -> None:
    machine = Machine("mupdf-tools")
    status, lines = check(machine, debian_root(python="/usr/bin/python3.9",
                                               python_version=(3, 9)))
    assert (status, machine.commands) == (2, [])
    assert lines == [f"{SAY}Python 3.11 or newer is needed, /usr/bin/python3.9 is 3.9: install"
                     " one and run make with PYTHON=python3.11 (or put it first on PATH)"]


def test_python_without_venv_it_cannot_install() -> None:
    facts = debian_root(python="/opt/py/bin/python3", has_venv=False, system_python=False)
    status, lines = check(Machine(), facts)
    assert status == 2
    assert lines == [f"{SAY}Python: /opt/py/bin/python3 has no venv module (import venv,"
                     " ensurepip fails): install it (Debian/Ubuntu: python3-venv) or run make"
                     " with PYTHON= a Python that has it"]


def test_old_python_without_venv_gets_two_lines() -> None:
    facts = debian_root(python_version=(3, 8), has_venv=False, commands=frozenset())
    status, lines = check(Machine(), facts)
    assert status == 2
    assert len(lines) == 2
    assert "3.11 or newer" in lines[0]
    assert "no venv module" in lines[1]


def test_debian_system_python_without_venv_gets_python3_venv() -> None:
    machine = Machine("python3-venv")
    status, lines = check(machine, debian_root(has_venv=False))
    assert status == 0
    assert machine.commands[-1] == [*APT_INSTALL, "python3-venv"]
    assert lines == [f"{SAY}system packages: installing python3-venv (Python's venv module,"
                     " creates .venv)"]


# The Python packages: progress lines, one line when pip fails

class Recorder:
    def __init__(self, log: Path, fail_with: str = "") -> None:
        self.log = log
        self.fail_with = fail_with
        self.commands: list[list[str]] = []

    def __call__(self, argv: list[str]) -> int:
        self.commands.append(list(argv))
        if self.fail_with and "pip" in argv:
            self.log.write_text(self.fail_with, encoding="utf-8")
            return 1
        return 0


def test_venv_and_pip_steps(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run, out = Recorder(tmp_path / "set-up.log"), io.StringIO()
    assert set_up.set_up_venv(venv, debian_root(), run, out) == 0
    python = str(venv / "bin" / "python")
    assert run.commands == [
        ["/usr/bin/python3", "-m", "venv", str(venv)],
        [python, "-m", "pip", "install", "--disable-pip-version-check", "-r",
         str(ROOT / "requirements.txt")],
        [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-deps",
         "--no-build-isolation", "--config-settings", "editable_mode=compat", "-e", str(ROOT)],
    ]
    assert out.getvalue().splitlines() == [
        f"{SAY}virtual environment: creating {venv}",
        f"{SAY}Python packages: installing pinned requirements",
    ]


NO_NETWORK = """\
WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after \
connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection \
object at 0x7f>: Failed to establish a new connection: [Errno -3] Temporary failure in name \
resolution')': /simple/weasyprint/
ERROR: Could not find a version that satisfies the requirement weasyprint==70.0 (from \
versions: none)
ERROR: No matching distribution found for weasyprint==70.0
"""


def test_no_network_is_one_line_with_the_log(tmp_path: Path) -> None:
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").touch()
    log = tmp_path / "set-up.log"
    run, out = Recorder(log, fail_with=NO_NETWORK), io.StringIO()
    assert set_up.set_up_venv(tmp_path / "venv", debian_root(), run, out) == 2
    assert out.getvalue().splitlines() == [
        f"{SAY}virtual environment: using {tmp_path / 'venv'}",
        f"{SAY}Python packages: installing pinned requirements",
        f"{SAY}Python packages: cannot reach the package index (PyPI, or the index of"
        " PIP_INDEX_URL / pip.conf): check the network or proxy, then make again (pip's output:"
        f" {log})",
    ]


def test_an_index_without_any_version_is_probably_unreachable(tmp_path: Path) -> None:
    text = NO_NETWORK.split("\n", 1)[1]  # without the retry warning (PIP_RETRIES=0)
    assert text.startswith("ERROR: Could not find")
    assert set_up.pip_failure(text, tmp_path / "l.log") == (
        f"{SAY}Python packages: the package index has no weasyprint==70.0: is it reachable"
        f" (network, proxy, PIP_INDEX_URL)? (pip's output: {tmp_path / 'l.log'})")


def test_other_pip_failure_gives_its_last_error(tmp_path: Path) -> None:
    text = "Collecting x\nERROR: Could not open requirements file: [Errno 2] No such file\n"
    assert set_up.pip_failure(text, tmp_path / "l.log") == (
        f"{SAY}Python packages: pip failed: ERROR: Could not open requirements file: [Errno 2]"
        f" No such file (pip's output: {tmp_path / 'l.log'})")


# (f) one list: the package file is the one the set-up, make, CI and the GitHub action use

def test_the_list_has_what_the_build_and_tests_need() -> None:
    debian = [package.debian for package in PACKAGES]
    assert set(debian) >= {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0",
                           "fontconfig", "fonts-noto-cjk", "git", "poppler-utils",
                           "ghostscript", "mupdf-tools"}
    assert len(debian) == len(set(debian))
    assert set_up.PACKAGE_LIST == ROOT / "scripts" / "system-packages.txt"


def test_a_malformed_row_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "packages.txt"
    bad.write_text("# header\ngit | cmd:git | git | git | git\nmupdf-tools | mutool\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match=rf"^{re.escape(str(bad))}:3: expected"):
        set_up.read_packages(bad)


def test_every_listed_package_is_found_on_this_machine() -> None:
    """make set this machine up: the real detection (libraries, commands, font) agrees."""
    facts = set_up.Facts.of_this_machine({})
    assert [p.debian for p in PACKAGES if not set_up.is_present(p, facts)] == []


def test_ci_runs_only_make_targets() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get" not in script
    assert "dpkg" not in script
    commands = [line for line in script.splitlines()
                if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert commands[:4] == ["make lint", "make test", "make test-languages", "make all"]
    assert commands[4:] == ['(cd output && sha256sum --check --quiet SHA256SUMS && echo'
                            ' "output/SHA256SUMS: every file OK")']


def test_github_action_and_makefile_use_the_same_list() -> None:
    action = (ROOT / ".github" / "actions" / "setup" / "action.yml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(sudo )?apt-get", action, re.MULTILINE)  # no list of its own
    assert "run: python3 scripts/set_up.py\n" in action
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    [stamp_rule] = re.findall(r"^\$\(STAMP\):(.*)$", makefile, re.MULTILINE)
    assert "$(PACKAGES)" in stamp_rule.split()
    assert "PACKAGES := scripts/system-packages.txt" in makefile
    assert "scripts/set_up.py --venv $(VENV)" in makefile


def test_readme_gives_the_commands_the_set_up_prints() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    system = [package for package in PACKAGES if not package.detect.startswith("python:")]
    mac = debian_root(platform="darwin", is_root=False, commands=frozenset({"brew"}))
    fedora = debian_root(is_root=False, commands=frozenset({"dnf"}))
    assert set_up.manual_command(system, mac) in readme
    assert set_up.manual_command(system, fedora) in readme
    assert "BOOKLET_NO_SYSTEM_INSTALL=1" in readme
