"""Evidence files built in memory: photos with GPS, PNGs with text chunks, crafted bombs and
PDFs with metadata, hidden text, JavaScript and an attachment."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image, ImageCms, ImageDraw
from PIL.PngImagePlugin import PngInfo

GPS_IFD = 0x8825
MAKE = 0x010F
CAMERA = "PhalangSecretCam"
DATUM = "SECRET-DATUM-77"
LATITUDE = (13.0, 45.0, 27.5)
LONGITUDE = (100.0, 30.0, 12.25)
PNG_SECRET = "SECRET-PNG-TEXT"
XMP_SECRET = b"SECRET-XMP-CREATOR"
COMMENT_SECRET = b"SECRET-JPEG-COMMENT"


def photo(size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A noisy picture: plenty of detail for a blur to destroy."""
    return Image.merge(
        "RGB", [Image.effect_noise(size, 80).point(lambda v, k=k: (v + 40 * k) % 256) for k in range(3)]
    )


def encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def gps_jpeg(size: tuple[int, int] = (640, 480), orientation: int | None = None) -> bytes:
    """A JPEG carrying a camera make, GPS position, XMP, an ICC profile and a comment."""
    exif = Image.Exif()
    exif[MAKE] = CAMERA
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = LATITUDE
    gps[3] = "E"
    gps[4] = LONGITUDE
    gps[0x12] = DATUM
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b"dc:creator=\"" + XMP_SECRET + b'"/></rdf:RDF></x:xmpmeta>'
    )
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(
        photo(size), "JPEG", exif=exif, xmp=xmp, icc_profile=icc, comment=COMMENT_SECRET, quality=90
    )


def text_png(size: tuple[int, int] = (200, 100)) -> bytes:
    """An RGBA PNG with tEXt, zTXt and iTXt chunks; its left half is fully transparent but
    its colour values there are pure red, as an eraser tool leaves them."""
    im = Image.new("RGBA", size, (0, 0, 255, 255))
    im.paste((255, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    info = PngInfo()
    info.add_text("Author", PNG_SECRET)
    info.add_text("Comment", PNG_SECRET + "-z", zip=True)
    info.add_itxt("Description", PNG_SECRET + "-i", lang="th", tkey="คำอธิบาย")
    return encode(im, "PNG", pnginfo=info)


def _chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A few hundred bytes declaring width x height 8-bit grey: 900 MB once decoded."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 30001 * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def gif_frame_bomb() -> bytes:
    """A 10x10 GIF whose only frame claims 60000x60000 pixels."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 10, 10, 0, 0, 0)
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 60000, 60000, 0) + b"\x02\x02\x44\x01\x00"
    return screen + frame + b"\x3b"


def webp_bomb() -> bytes:
    """An extended-format WebP header declaring a 16000x16000 canvas."""
    vp8x = b"\x00\x00\x00\x00" + (16000 - 1).to_bytes(3, "little") + (16000 - 1).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x
    return b"RIFF" + struct.pack("<I", len(body)) + body


def jpeg_bomb() -> bytes:
    """A real small JPEG whose frame header is patched to say 60000x60000."""
    data = bytearray(encode(photo((64, 64)), "JPEG"))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", 60000, 60000)
    return bytes(data)


def animated_gif(frames: int) -> bytes:
    images = [Image.new("P", (16, 16), k % 256) for k in range(frames)]
    for k, im in enumerate(images):
        im.putpalette([(k * 7 + i) % 256 for i in range(768)])
    return encode(images[0], "GIF", save_all=True, append_images=images[1:], duration=50)


def zip_file() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.exe", b"MZ" + b"\x00" * 100)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------

PDF_AUTHOR = "SECRET-AUTHOR-NAME"
PDF_TITLE = "SECRET-TITLE"
PDF_TEXT = "VISIBLE-TEXT"
PDF_HIDDEN = "HIDDEN-WHITE-TEXT"
PDF_JS = "JS-MARKER"
PDF_ATTACHMENT = b"ATTACHMENT-MARKER"
PDF_NOTE = "ANNOT-NOTE-MARKER"


def _stripes(x: int, y: int, w: int, h: int) -> str:
    """Thin black vertical stripes: a pattern with high variance when rendered."""
    return "0 0 0 rg " + " ".join(f"{x + i} {y} 2 {h} re f" for i in range(0, w, 4))


def make_pdf(
    pages: int = 1,
    size: tuple[float, float] = (595, 842),
    rotate: int = 0,
) -> bytes:
    """An uncompressed PDF with /Info metadata, visible and white-on-white text, stripes at
    (100, 300, 200x200 pt) on every page, a JavaScript open action, an embedded file and a
    text annotation. Every marker appears in the bytes as written."""
    objects: dict[int, bytes] = {}
    first_page = 8
    kids = " ".join(f"{first_page + 3 * i} 0 R" for i in range(pages))
    objects[1] = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R "
        b"/Names << /EmbeddedFiles << /Names [(leak.txt) 6 0 R] >> >> >>"
    )
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects[4] = f"<< /Author ({PDF_AUTHOR}) /Title ({PDF_TITLE}) /Producer (Test) >>".encode()
    objects[5] = f"<< /S /JavaScript /JS (app.alert\\('{PDF_JS}'\\);) >>".encode()
    objects[6] = b"<< /Type /Filespec /F (leak.txt) /EF << /F 7 0 R >> >>"
    streams = {7: PDF_ATTACHMENT}
    objects[7] = f"<< /Type /EmbeddedFile /Length {len(PDF_ATTACHMENT)} >>".encode()
    for i in range(pages):
        page, content, annot = first_page + 3 * i, first_page + 1 + 3 * i, first_page + 2 + 3 * i
        draw = (
            f"BT /F1 24 Tf 72 760 Td ({PDF_TEXT} {i + 1}) Tj ET "
            f"1 1 1 rg BT /F1 12 Tf 72 720 Td ({PDF_HIDDEN}) Tj ET "
            + _stripes(100, 300, 200, 200)
        ).encode()
        rotation = f" /Rotate {rotate}" if rotate else ""
        objects[page] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}]{rotation} "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R "
            f"/Annots [{annot} 0 R] >>"
        ).encode()
        objects[content] = f"<< /Length {len(draw)} >>".encode()
        streams[content] = draw
        objects[annot] = (
            f"<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /Contents ({PDF_NOTE}) >>"
        ).encode()
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number]
        if number in streams:
            out += b"\nstream\n" + streams[number] + b"\nendstream"
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for number in sorted(objects):
        out += f"{offsets[number]:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def locked_pdf() -> bytes:
    """A PDF whose standard security handler wants a user password. The O and U entries match
    no password, so no reader (PDFium included) opens it without one."""
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32
        + b"> /P -4 >> /ID [<" + b"01" * 16 + b"> <" + b"01" * 16 + b">] "
    )
    return make_pdf().replace(b"/Root 1 0 R", encrypt + b"/Root 1 0 R")


def striped_image(size: tuple[int, int]) -> Image.Image:
    im = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(im)
    for x in range(0, size[0], 4):
        draw.rectangle((x, 0, x + 1, size[1]), fill="black")
    return im


# --- video and sound, built box by box / frame by frame (what phones send) --------------------------

def box(kind: bytes, payload: bytes = b"") -> bytes:
    import struct

    return struct.pack(">I", 8 + len(payload)) + kind + payload


def iso_media(brand: bytes = b"isom", *, moov: bool = True, truncate: int = 0) -> bytes:
    """An MP4-family file: ftyp, the index (moov with a movie header) and the media data."""
    data = box(b"ftyp", brand + b"\x00\x00\x02\x00" + brand + b"mp41") + \
        (box(b"moov", box(b"mvhd", b"\x00" * 100)) if moov else b"") + box(b"mdat", b"\x11" * 3000)
    return data[:-truncate] if truncate else data


def mp3_audio() -> bytes:
    frame = b"\xff\xfb\x90\x64" + b"\x00" * 413  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz
    return b"ID3\x04\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 + frame * 3


def aac_audio() -> bytes:
    frame_len = 100
    header = bytes([0xFF, 0xF1, 0x50, 0x80 | (frame_len >> 11), (frame_len >> 3) & 0xFF,
                    ((frame_len & 7) << 5) | 0x1F, 0xFC])
    return (header + b"\x00" * (frame_len - 7)) * 3


def amr_audio() -> bytes:
    return b"#!AMR\n" + b"\x3c" + b"\x00" * 31


def ogg_voice() -> bytes:
    return b"OggS\x00\x02" + b"\x00" * 21 + b"\x01\x13OpusHead" + b"\x00" * 40
