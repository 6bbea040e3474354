"""tools/build_lite.py: nothing goes into the JupyterLite site unless its sha256 matches the lock file."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_lite", ROOT / "tools" / "build_lite.py")
assert _spec is not None and _spec.loader is not None
build_lite = importlib.util.module_from_spec(_spec)
sys.modules["build_lite"] = build_lite
_spec.loader.exec_module(build_lite)

LOCK = {
    "info": {"version": "0.27.7"},
    "packages": {
        "pandas": {"depends": ["numpy", "python-dateutil"], "file_name": "pandas.whl"},
        "numpy": {"depends": [], "file_name": "numpy.whl"},
        "python-dateutil": {"depends": ["six"], "file_name": "dateutil.whl"},
        "six": {"depends": [], "file_name": "six.whl"},
        "prompt-toolkit": {"depends": ["wcwidth"], "file_name": "ptk.whl"},
        "wcwidth": {"depends": [], "file_name": "wcwidth.whl"},
        "ipython": {"depends": ["prompt_toolkit"], "file_name": "ipython.whl"},
    },
}


def test_closure_follows_depends_with_canonical_names() -> None:
    assert build_lite.closure(LOCK, ["pandas"]) == ["numpy", "pandas", "python-dateutil", "six"]
    assert build_lite.closure(LOCK, ["IPython"]) == ["ipython", "prompt-toolkit", "wcwidth"]  # prompt_toolkit


def test_closure_stops_on_a_package_the_lock_lacks() -> None:
    with pytest.raises(build_lite.BuildError, match="has no package 'scikit-learn'"):
        build_lite.closure(LOCK, ["scikit-learn"])


def test_verified_copy_copies_only_a_matching_file(tmp_path: Path) -> None:
    source = tmp_path / "numpy.whl"
    source.write_bytes(b"the real numpy")
    good = hashlib.sha256(b"the real numpy").hexdigest()
    build_lite.verified_copy(source, tmp_path / "out.whl", good, "official lock")
    assert (tmp_path / "out.whl").read_bytes() == b"the real numpy"

    source.write_bytes(b"something else")
    with pytest.raises(build_lite.BuildError, match=r"numpy\.whl: sha256 .* does not match .* refusing"):
        build_lite.verified_copy(source, tmp_path / "bad.whl", good, "official lock")
    assert not (tmp_path / "bad.whl").exists()


def test_verified_copy_stops_on_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(build_lite.BuildError, match=r"missing file scipy\.whl"):
        build_lite.verified_copy(tmp_path / "scipy.whl", tmp_path / "out.whl", "0" * 64, "official lock")


def test_the_site_config_keeps_the_kernel_offline_and_loads_kamlearn() -> None:
    kernel = build_lite.lite_config()["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert "kamlearn" in kernel["loadPyodideOptions"]["packages"]
    assert "pyodideUrl" not in kernel  # set by the build to the site's own copy, never a CDN


def test_wheel_entry_describes_the_file(tmp_path: Path) -> None:
    wheel = tmp_path / "kamlearn-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    entry = build_lite.wheel_entry(wheel, "kamlearn", ["numpy"], ["kamlearn"])
    assert entry["version"] == "0.1.0" and entry["file_name"] == wheel.name
    assert entry["sha256"] == hashlib.sha256(b"wheel").hexdigest()
    assert entry["depends"] == ["numpy"] and entry["imports"] == ["kamlearn"]
