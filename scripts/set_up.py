"""booklet set-up: what `make pdf` and `make test` need before the first build.

The Makefile's stamp rule runs this with the Python that creates .venv (`$(PYTHON)`):

1. Python: 3.11 or newer, with the venv module;
2. system packages: the rows of scripts/system-packages.txt that are missing are installed with
   apt-get when the machine has it and the user is root or has password-less sudo (unless
   BOOKLET_NO_SYSTEM_INSTALL=1); otherwise it stops (exit 2) with the one command to run;
3. `--venv DIR`: the virtual environment and the pinned Python packages (the output of venv
   and pip goes to DIR/set-up.log, named only when they fail).

Every decision is a plain function of the platform facts (`Facts`), the package list and two
callables (is a package present, run a command), so the tests can simulate any machine. The
file keeps to Python 3.7 syntax, so that an older Python gets told it is too old.
"""

from __future__ import annotations

import argparse
import ctypes.util
import glob
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TextIO

    Run = Callable[[Sequence[str]], int]  # runs a command, returns its exit status
    Present = Callable[["Package"], bool]

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_LIST = ROOT / "scripts" / "system-packages.txt"
MIN_PYTHON = (3, 11)
NO_INSTALL = "BOOKLET_NO_SYSTEM_INSTALL"
SAY = "booklet set-up: "
KINDS = ("lib", "cmd", "font", "python")
MANAGERS = ("apt-get", "sudo", "dnf", "brew")  # the commands Facts looks for on PATH
NETWORK_SIGNS = (
    "NewConnectionError", "Failed to establish a new connection", "Temporary failure in name",
    "Name or service not known", "nodename nor servname", "Network is unreachable",
    "ConnectTimeoutError", "ReadTimeoutError", "Connection refused", "ProxyError",
    "CERTIFICATE_VERIFY_FAILED",
)


@dataclass(frozen=True)
class Package:
    """One row of the package list."""

    debian: str
    detect: str  # kind:name, see the list's header
    homebrew: str
    fedora: str
    why: str


def read_packages(path: Path = PACKAGE_LIST) -> list[Package]:
    """The rows of the package list; ValueError (with file:line) for a malformed row."""
    packages = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) != 5 or not all(cells) or cells[1].partition(":")[0] not in KINDS:
            raise ValueError(f"{path}:{number}: expected 'debian | kind:name | homebrew | fedora"
                             f" | why' with kind one of {', '.join(KINDS)}")
        packages.append(Package(*cells))
    return packages


@dataclass(frozen=True)
class Facts:
    """What the set-up needs to know about the machine; tests make up their own."""

    python: str  # the interpreter that creates .venv
    python_version: tuple[int, int]
    has_venv: bool  # `import venv, ensurepip` works in that interpreter
    system_python: bool  # it is the distribution's /usr/bin Python (apt can add its venv)
    platform: str  # sys.platform: linux, darwin, ...
    is_root: bool
    commands: frozenset[str]  # which of MANAGERS are on PATH
    no_install: bool  # BOOKLET_NO_SYSTEM_INSTALL is set (and not 0)

    @classmethod
    def of_this_machine(cls, environ: dict[str, str] | None = None) -> Facts:
        environ = dict(os.environ) if environ is None else environ
        return cls(
            python=sys.executable,
            python_version=(sys.version_info[0], sys.version_info[1]),
            has_venv=has_venv(),
            system_python=os.path.realpath(sys.executable).startswith("/usr/bin/"),
            platform=sys.platform,
            is_root=hasattr(os, "geteuid") and os.geteuid() == 0,
            commands=frozenset(name for name in MANAGERS if shutil.which(name)),
            no_install=environ.get(NO_INSTALL, "") not in ("", "0"),
        )

    @property
    def apt(self) -> bool:
        return "apt-get" in self.commands


def has_venv() -> bool:
    """Whether this Python can create a virtual environment (Debian ships ensurepip apart)."""
    importlib.invalidate_caches()  # it may have been installed a moment ago
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        return False
    return True


def is_present(package: Package, facts: Facts) -> bool:
    """Whether the package is there: its library, command, font or Python module."""
    kind, _, name = package.detect.partition(":")
    if kind == "lib":
        if ctypes.util.find_library(name):
            return True
        # Homebrew's libraries are not on the default search path of find_library
        return facts.platform == "darwin" and any(
            glob.glob(f"{folder}/lib{name}*.dylib") for folder in ("/opt/homebrew/lib",
                                                                   "/usr/local/lib"))
    if kind == "cmd":
        return shutil.which(name) is not None
    if kind == "font":
        fc_list = shutil.which("fc-list")
        return fc_list is not None and subprocess.run(  # noqa: S603
            [fc_list, "-q", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            check=False).returncode == 0
    return has_venv()  # python:venv


def python_problems(facts: Facts) -> list[str]:
    """One line per problem with the Python itself (each says what to do)."""
    lines = []
    if facts.python_version < MIN_PYTHON:
        have, need = ".".join(map(str, facts.python_version)), ".".join(map(str, MIN_PYTHON))
        lines.append(f"{SAY}Python {need} or newer is needed, {facts.python} is {have}: install"
                     f" one and run make with PYTHON=python{need} (or put it first on PATH)")
    if not facts.has_venv and not (facts.system_python and facts.apt):
        lines.append(f"{SAY}Python: {facts.python} has no venv module (import venv, ensurepip"
                     " fails): install it (Debian/Ubuntu: python3-venv) or run make with"
                     " PYTHON= a Python that has it")
    return lines


def _unique(names: Sequence[str]) -> list[str]:
    return [name for index, name in enumerate(names) if name != "-" and name not in names[:index]]


def manual_command(missing: Sequence[Package], facts: Facts) -> str:
    """The one command that installs the missing packages on this kind of machine."""
    sudo = "" if facts.is_root else "sudo "
    if facts.apt:
        return (f"{sudo}apt-get install -y --no-install-recommends "
                + " ".join(package.debian for package in missing))
    brew = _unique([package.homebrew for package in missing])
    if brew and (facts.platform == "darwin" or "brew" in facts.commands):
        return "brew install " + " ".join(brew)
    fedora = _unique([package.fedora for package in missing])
    if fedora and "dnf" in facts.commands:
        return f"{sudo}dnf install -y " + " ".join(fedora)
    return ("install with your package manager what provides "
            + ", ".join(package.detect.partition(":")[2] for package in missing)
            + " (Debian names: " + " ".join(package.debian for package in missing) + ")")


def apt_commands(missing: Sequence[Package], facts: Facts) -> list[list[str]]:
    """The commands the set-up runs to install the missing packages with apt-get."""
    sudo = [] if facts.is_root else ["sudo", "-n"]
    return [[*sudo, "apt-get", "update"],
            [*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
             "--no-install-recommends", *(package.debian for package in missing)]]


def why_not_install(facts: Facts, run: Run) -> str | None:
    """Why the set-up cannot install packages itself, or None when it can."""
    if facts.no_install:
        return f"{NO_INSTALL}=1 is set"
    if not facts.apt:
        return "the set-up installs packages only with apt-get (Debian, Ubuntu)"
    if facts.is_root:
        return None
    if "sudo" not in facts.commands:
        return "not root, and sudo is not installed"
    if run(["sudo", "-n", "true"]) != 0:
        return "not root, and sudo asks for a password"
    return None


def set_up_system(packages: Sequence[Package], facts: Facts, present: Present, run: Run,
                  out: TextIO, check_only: bool = False) -> int:
    """Check Python and the system packages, install the missing ones when allowed.

    0 when everything is there (afterwards); 2 with what to do otherwise."""
    problems = python_problems(facts)
    for line in problems:
        print(line, file=out, flush=True)
    if problems:
        return 2
    missing = [package for package in packages if not present(package)]
    if not missing:
        print(f"{SAY}system packages: all {len(packages)} present", file=out, flush=True)
        return 0
    listed = ", ".join(f"{package.debian} ({package.why})" for package in missing)
    command = manual_command(missing, facts)
    reason = "make system-check only checks" if check_only else why_not_install(facts, run)
    if reason:
        print(f"{SAY}system packages: missing {listed}; not installing them: {reason}",
              file=out, flush=True)
        print(f"{SAY}run this, then make again: {command}", file=out, flush=True)
        return 2
    print(f"{SAY}system packages: installing {listed}", file=out, flush=True)
    for argv in apt_commands(missing, facts):
        status = run(argv)
        if status != 0:
            log = getattr(run, "log", None)
            print(f"{SAY}system packages: '{' '.join(argv)}' failed (exit {status}"
                  + (f", output in {log}" if log else "") + f"); to retry by hand: {command}",
                  file=out, flush=True)
            return 2
    still = [package.debian for package in missing if not present(package)]
    if still:
        print(f"{SAY}system packages: apt-get installed them, but still not found: "
              f"{' '.join(still)}", file=out, flush=True)
        return 2
    return 0


def pip_failure(log_text: str, log: Path) -> str:
    """One line saying why pip failed, from its output."""
    if any(sign in log_text for sign in NETWORK_SIGNS):
        return (f"{SAY}Python packages: cannot reach the package index (PyPI, or the index of"
                f" PIP_INDEX_URL / pip.conf): check the network or proxy, then make again"
                f" (pip's output: {log})")
    errors = [line.strip() for line in log_text.splitlines() if line.startswith("ERROR")]
    nowhere = [line for line in errors if line.startswith("ERROR: No matching distribution")]
    if nowhere and "(from versions: none)" in log_text:  # pip without retries says only this
        wanted = nowhere[0].rpartition(" ")[2]
        return (f"{SAY}Python packages: the package index has no {wanted}: is it reachable"
                f" (network, proxy, PIP_INDEX_URL)? (pip's output: {log})")
    return (f"{SAY}Python packages: pip failed" + (f": {errors[-1]}" if errors else "")
            + f" (pip's output: {log})")


def set_up_venv(venv: Path, facts: Facts, run: Run, out: TextIO) -> int:
    """Create the virtual environment (unless it exists) and install the pinned packages."""
    python = venv / "bin" / "python"
    if python.exists():
        print(f"{SAY}virtual environment: using {venv}", file=out, flush=True)
    else:
        print(f"{SAY}virtual environment: creating {venv}", file=out, flush=True)
        status = run([facts.python, "-m", "venv", str(venv)])
        if status != 0:
            print(f"{SAY}virtual environment: '{facts.python} -m venv {venv}' failed (exit"
                  f" {status}); remove {venv} and make again", file=out, flush=True)
            return 2
    print(f"{SAY}Python packages: installing pinned requirements", file=out, flush=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    for argv in ([*pip, "-r", str(ROOT / "requirements.txt")],
                 # compat: the checkout on sys.path through a .pth file, not an import hook
                 # that every Python start would load (10 ms) for the theme's package-dir map
                 [*pip, "--no-deps", "--no-build-isolation", "--config-settings",
                  "editable_mode=compat", "-e", str(ROOT)]):
        if run(argv) != 0:
            log = Path(getattr(run, "log", venv / "set-up.log"))
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            print(pip_failure(text, log), file=out, flush=True)
            return 2
    return 0


class LoggedRunner:
    """Runs commands with their output appended to one log file (made on the first command)."""

    def __init__(self, log: Path | None = None) -> None:
        self.log = log

    def __call__(self, argv: Sequence[str]) -> int:
        if self.log is None:
            handle, name = tempfile.mkstemp(prefix="booklet-set-up-", suffix=".log")
            os.close(handle)
            self.log = Path(name)
        with self.log.open("a", encoding="utf-8") as log:
            log.write("$ " + " ".join(argv) + "\n")
            log.flush()
            try:
                return subprocess.run(list(argv), stdout=log, stderr=subprocess.STDOUT,  # noqa: S603
                                      stdin=subprocess.DEVNULL, check=False).returncode
            except OSError as error:
                log.write(f"{error}\n")
                return 127


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, help="then create this virtual environment and"
                        " install the pinned Python packages into it")
    parser.add_argument("--check", action="store_true",
                        help="only check the system packages, install nothing")
    args = parser.parse_args(argv)
    facts = Facts.of_this_machine()
    try:
        packages = read_packages()
    except (OSError, ValueError) as error:
        print(f"{SAY}{error}", file=sys.stderr)
        return 2
    run = LoggedRunner()
    status = set_up_system(packages, facts, lambda package: is_present(package, facts), run,
                           sys.stdout, check_only=args.check)
    if status == 0 and run.log is not None:
        run.log.unlink()  # keep the log only when something failed
    if status != 0 or args.venv is None:
        return status
    args.venv.mkdir(parents=True, exist_ok=True)
    log = args.venv / "set-up.log"  # the output of venv and pip, named when they fail
    log.write_text("", encoding="utf-8")
    return set_up_venv(args.venv, facts, LoggedRunner(log), sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
