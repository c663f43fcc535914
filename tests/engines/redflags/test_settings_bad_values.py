"""A bad value in the settings file is a one-line error with exit status 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from phalang.engines.redflags import SettingsError, load_settings
from phalang.engines.redflags.cli import main


def test_a_value_that_is_not_a_number_is_refused_when_the_settings_load() -> None:
    with pytest.raises(SettingsError, match=r"\[TH09\] minimum_days: expected an integer, got 'abc'"):
        load_settings(text="[TH09]\nminimum_days = abc\n")
    with pytest.raises(SettingsError, match=r"\[R003\] threshold"):
        load_settings(text="[R003]\nthreshold = lots\n")


def test_the_cli_says_what_is_wrong_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "bad.ini"
    settings.write_text("[TH09]\nminimum_days = abc\n", encoding="utf-8")
    data = tmp_path / "in.jsonl"
    data.write_text('{"ocid": "ocds-x-1"}\n', encoding="utf-8")
    assert main(["indicators", "--settings", str(settings), str(data)]) == 2
    err = capsys.readouterr().err
    assert "minimum_days: expected an integer, got 'abc'" in err and "Traceback" not in err
