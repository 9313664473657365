"""What PyPI and a new user see: license, metadata, the PyPI page, the name clash.

Building and installing the distributions needs the package registry, so that is
.ci/dist-check's job (run by .ci/run); these tests read the files it builds from.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from refcheck.cli import name_clash
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
HOME = PROJECT["urls"]["Homepage"]


def test_license_file_is_mit_and_declared() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]


def test_metadata_is_complete() -> None:
    assert PROJECT["authors"] and len(PROJECT["keywords"]) >= 5
    classifiers = PROJECT["classifiers"]
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert any(c.startswith("Development Status") for c in classifiers)
    assert not any(c.startswith("License ::") for c in classifiers)  # PEP 639: no both
    assert {"Homepage", "Documentation", "Issues", "Source"} <= set(PROJECT["urls"])
    assert all(u.startswith(HOME) for u in PROJECT["urls"].values())


def test_pypi_page_has_only_absolute_links_and_no_developer_setup() -> None:
    readme = PROJECT["readme"]
    assert readme["content-type"] == "text/markdown"
    text = (ROOT / readme["file"]).read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert links and all(link.startswith("https://") for link in links), links
    assert all(link.startswith(HOME) for link in links)
    assert "pip install -e" not in text and "python -m pytest" not in text
    assert "`refcheck` distribution" in text  # the name clash is explained


def test_readme_keeps_the_ci_setup_commands_and_explains_the_name_clash() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    setup = "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]'"
    assert setup in readme and "pip install -e '.[test]'" in ci
    assert "python -m pytest" in readme and "python -m pytest" in ci
    assert "unrelated" in readme and "pip uninstall refcheck" in readme


def test_lower_bounds_are_the_tested_ones() -> None:
    deps = {re.split(r"[<>=!~ ]", d)[0].lower(): d for d in PROJECT["dependencies"]}
    assert deps["click"].startswith("click>=8.2") and deps["pybtex"].startswith("pybtex>=0.25")
    check = (ROOT / ".ci" / "dist-check").read_text(encoding="utf-8")
    assert "--resolution lowest-direct" in check and "bash .ci/dist-check" in (
        ROOT / ".ci" / "run"
    ).read_text(encoding="utf-8")


def test_manifest_ships_what_the_sdist_tests_need() -> None:
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    for needed in ("recursive-include tests *.py", "tests/golden", "fixtures", "LICENSE"):
        assert needed in manifest


def _site(tmp_path: Path, *extra: str) -> Path:
    site = tmp_path / "site-packages"
    package = site / "refcheck"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (site / "refcheck_linter-0.1.0.dist-info").mkdir()
    for name in extra:
        target = site / name
        if name.endswith(".dist-info"):
            target.mkdir()
        else:
            target.write_text("", encoding="utf-8")
    return package


def test_name_clash_is_detected_by_the_other_distribution(tmp_path: Path) -> None:
    assert name_clash(str(_site(tmp_path))) == ""
    message = name_clash(str(_site(tmp_path / "b", "refcheck-0.6.2.dist-info")))
    assert "refcheck-0.6.2" in message and "pip uninstall refcheck" in message


def test_name_clash_is_detected_by_its_files(tmp_path: Path) -> None:
    package = _site(tmp_path, "refcheck/validators.py", "refcheck/log_conf.py")
    assert "validators.py, log_conf.py" in name_clash(str(package))


def test_this_environment_has_no_clash() -> None:
    assert name_clash() == ""
