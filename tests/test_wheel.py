"""The built wheel carries the parser's model: a fresh install parses without training.

Builds the wheel from this checkout, installs it into a new virtual environment (with
python-crfsuite at the lower bound pyproject.toml names, from the package registry: an
install step) and parses an entry there, from a folder where the source tree is not
importable. Skipped only when no virtual environment can be created.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import pathlib, refcheck
from refcheck.model import Span
from refcheck.references.parser import parse_entry
here = pathlib.Path(refcheck.__file__).resolve()
assert "site-packages" in here.parts, here
assert (here.parent / "references" / "parser" / "model.crfsuite").stat().st_size > 100_000
ref = parse_entry(
    "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167-214.",
    Span("x", 1, 1, 1, 2),
)
print(ref.kind, ref.authors[0].family, ref.year, ref.container, ref.volume, ref.issue, ref.pages)
"""


def _crfsuite_floor() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'"python-crfsuite>=([\d.]+)"', text)
    assert m, "pyproject.toml must pin a lower bound for python-crfsuite"
    return m.group(1)


def test_wheel_installs_and_parses_with_the_shipped_model(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    try:
        venv.EnvBuilder(with_pip=True).create(env_dir)
    except Exception as exc:  # no ensurepip, read-only file system ...
        pytest.skip(f"cannot create a virtual environment: {exc}")
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # Build from a copy: setuptools keeps a build/ folder in the source tree, and a stale
    # one could put files into the wheel that the checkout no longer has.
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".venv", "build", "dist", "*.egg-info", ".git", "__pycache__"
        ),
    )
    dist = tmp_path / "dist"
    # The new environment's own pip builds the wheel: the interpreter running the tests
    # may have none (the dist check's uv-made environment).
    subprocess.run(
        [str(python), "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(dist)],
        check=True,
        env=env,
    )
    wheel = next(dist.glob("refcheck_linter-*.whl"))
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, env=env)
    subprocess.run([*pip, f"python-crfsuite=={_crfsuite_floor()}"], check=True, env=env)
    out = subprocess.run(
        [str(python), "-c", CHECK],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == [
        "article",
        "Jervis",
        "1978",
        "World",
        "Politics",
        "30",
        "2",
        "167-214",
    ]
