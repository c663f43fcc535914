"""Video and sound are evidence too (issue 13: a video sent in the chat was read as empty text):
judged by their bytes, never their name, and refused when damaged or disguised."""

from __future__ import annotations

import pytest

from phalang.engines.evidence import MEDIA_KINDS, EvidenceError, detect
from tests.engines.evidence.helpers import aac_audio, amr_audio, iso_media, mp3_audio, ogg_voice


@pytest.mark.parametrize(
    ("data", "kind", "mime"),
    [
        (iso_media(b"isom"), "mp4", "video/mp4"),
        (iso_media(b"mp42"), "mp4", "video/mp4"),
        (iso_media(b"qt  "), "mov", "video/quicktime"),
        (iso_media(b"3gp4"), "3gp", "video/3gpp"),
        (iso_media(b"M4A "), "m4a", "audio/mp4"),
        (aac_audio(), "aac", "audio/aac"),
        (mp3_audio(), "mp3", "audio/mpeg"),
        (ogg_voice(), "ogg", "audio/ogg"),
        (amr_audio(), "amr", "audio/amr"),
    ],
    ids=["mp4", "mp4-mp42", "mov", "3gp", "m4a", "aac", "mp3", "ogg", "amr"],
)
def test_phone_video_and_sound_are_recognised_by_content(data: bytes, kind: str, mime: str) -> None:
    found = detect(data, "ไม่มีชื่อ.bin")
    assert found.kind == kind and found.mime == mime and kind in MEDIA_KINDS
    assert found.renamed  # the name said .bin: noted, never trusted


def test_a_truncated_video_or_one_without_its_index_is_corrupt() -> None:
    for data in (iso_media(truncate=100), iso_media(moov=False), b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 2000):
        with pytest.raises(EvidenceError) as refused:
            detect(data, "clip.mp4")
        assert refused.value.code == "corrupt"


def test_an_html_page_named_mp4_is_wrong_type() -> None:
    with pytest.raises(EvidenceError) as refused:
        detect(b"<!DOCTYPE html><html><script>alert(1)</script></html>", "clip.mp4")
    assert refused.value.code == "wrong_type"
    assert "MP4" in refused.value.message_th and "M4A" in refused.value.message_en
