"""`make lint` runs mypy with the project's settings; these check that those settings report
what the project relies on them for.

A check placed after a `return` once made a view's safety check dead code unnoticed
(`join_pending_after_login` in cohorts/views.py). The sample below has the same shape and runs
through the project's own [tool.mypy] options (without the django-stubs plugin and the package
list, which only add the Django models and the app code, and take half a minute cold).
"""

import tomllib
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = """
def join_pending(invitation: str | None) -> str:
    if invitation is None:
        return "nothing to join"
    return "joined"
    if invitation.startswith("expired"):  # placed after the return: never runs
        return "refused"
"""


def _mypy(tmp_path: Path, source: str) -> tuple[str, int]:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    # The on/off options (warn_unreachable, strict_equality, ...); not the plugin, the package
    # list, the search path or the per-module overrides.
    flags = {key: value for key, value in options.items() if isinstance(value, bool)}
    assert flags.get("warn_unreachable") is True
    config = tmp_path / "mypy.ini"
    config.write_text(
        "[mypy]\n" + "".join(f"{key} = {str(value).lower()}\n" for key, value in flags.items())
    )
    sample = tmp_path / "sample.py"
    sample.write_text(source)
    out, err, status = api.run(
        ["--config-file", str(config), "--cache-dir", str(tmp_path / "cache"), str(sample)]
    )
    return out + err, status


def test_code_after_a_return_is_reported(tmp_path):
    out, status = _mypy(tmp_path, SAMPLE)
    assert status == 1, out
    assert "sample.py:6: error: Statement is unreachable  [unreachable]" in out, out


FIXED = """
def join_pending(invitation: str | None) -> str:
    if invitation is None:
        return "nothing to join"
    if invitation.startswith("expired"):
        return "refused"
    return "joined"
"""


def test_the_same_check_before_the_return_passes(tmp_path):
    out, status = _mypy(tmp_path, FIXED)
    assert status == 0, out
