"""Building real evidence files for the Watch tests."""

from __future__ import annotations

import io

from PIL import Image

GPS_LAT = (13.0, 36.0, 36.0)  # 13°36′36″ N, near Bang Phli


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LAT
    gps[3] = "E"
    gps[4] = (100.0, 43.0, 12.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as im:
        exif = im.getexif()
        return bool(exif.get_ifd(0x8825)) or 0x8825 in exif or b"SecretPhoneMaker" in data
