"""``python -m phalang.engines.evidence check|public``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from phalang.engines.evidence import sha256
from phalang.engines.evidence.cli import main
from tests.conftest import ROOT
from tests.engines.evidence.helpers import gps_jpeg, make_pdf, png_bomb


def test_check_prints_the_detection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(gps_jpeg())
    assert main(["check", str(photo)]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["kind"] == "jpeg" and found["renamed"] is True
    assert found["sha256"] == sha256(photo.read_bytes())


def test_check_prints_the_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb())
    assert main(["check", str(bomb)]) == 1
    refusal = json.loads(capsys.readouterr().err)
    assert refusal["code"] == "bomb" and refusal["message_th"]


def test_public_image_with_blur(tmp_path: Path) -> None:
    photo, out = tmp_path / "photo.jpg", tmp_path / "public.jpg"
    photo.write_bytes(gps_jpeg())
    assert main(["public", str(photo), str(out), "--blur", "0.1,0.1,0.2,0.2"]) == 0
    copy = Image.open(io.BytesIO(out.read_bytes()))
    assert copy.size == (640, 480) and "exif" not in copy.info


def test_public_pdf_with_page_blur(tmp_path: Path) -> None:
    letter, out = tmp_path / "letter.pdf", tmp_path / "public.pdf"
    letter.write_bytes(make_pdf(pages=2))
    assert main(["public", str(letter), str(out), "--blur", "2:0.1,0.1,0.2,0.2"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert main(["public", str(letter), str(out), "--blur", "0.1,0.1"]) == 2


def test_runs_as_a_module(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"<html></html>")
    done = subprocess.run(
        [sys.executable, "-m", "phalang.engines.evidence", "check", str(photo)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 1
    assert json.loads(done.stderr)["code"] == "wrong_type"
