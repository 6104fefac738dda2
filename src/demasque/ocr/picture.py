"""A picture from bytes: its kind read from its first bytes (never from a name), its size checked
before any pixel is decoded (decompression bombs), turned upright (EXIF orientation) and into RGB;
then a grey copy made for the OCR: dark-mode screenshots inverted, text scaled to the size Tesseract
reads best."""
from __future__ import annotations

import io
import warnings

import filetype
import numpy as np
from PIL import Image, ImageOps, ImageStat

from ..errors import InputTooLarge, UnreadableInput

MAX_IMAGE_BYTES = 20 * 1024 * 1024     # a larger picture is refused before it is opened
MAX_PIXELS = 40_000_000                # width x height, checked from the header before decoding
KINDS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP", "heic": "HEIF"}   # filetype's name -> Pillow's decoder
SHOWN = {"png": "PNG", "jpg": "JPEG", "webp": "WebP", "heic": "HEIC"}
DARK_MEAN = 110          # a grey mean under this is a dark-mode screenshot: light text on dark
TEXT_HEIGHT = 48         # pixels of one line of text (ascender to descender) after scaling
MAX_UPSCALE, MIN_SCALE = 4.0, 0.35


_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener
        register_heif_opener()
        _heif_registered = True


def open_picture(data: bytes) -> tuple[Image.Image, str]:
    """(upright RGB picture, its kind). Raises InputTooLarge or UnreadableInput, never a decoder error."""
    if len(data) > MAX_IMAGE_BYTES:
        raise InputTooLarge(f"the picture is {len(data)} bytes, over the {MAX_IMAGE_BYTES} byte limit (20 MiB)")
    kind = filetype.guess(data[:8192])
    if kind is None or kind.extension not in KINDS:
        named = f" (it is a {kind.extension.upper()} file)" if kind is not None else ""
        raise UnreadableInput(f"this is not a PNG, JPEG, WebP or HEIC picture{named}")
    if kind.extension == "heic":
        _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=[KINDS[kind.extension]])
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise InputTooLarge(f"the picture is {w} x {h} pixels, over the limit of {MAX_PIXELS // 1_000_000} megapixels")
            if w < 16 or h < 16:
                raise UnreadableInput(f"the picture is only {w} x {h} pixels: too small to hold a message")
            img.seek(0)   # the first frame of an animated picture
            img.load()
            img = ImageOps.exif_transpose(img)
            if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
                rgba = img.convert("RGBA")   # transparent parts shown on white, as a phone shows them
                img = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
            return img.convert("RGB"), SHOWN[kind.extension]
    except (InputTooLarge, UnreadableInput):
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputTooLarge(f"the picture declares more than {MAX_PIXELS // 1_000_000} megapixels") from None
    except (OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError, KeyError, MemoryError, RuntimeError):
        raise UnreadableInput("the picture cannot be decoded: the file is damaged or truncated") from None


def text_height(gray: Image.Image) -> float | None:
    """Median height of the runs of rows that hold dark pixels: the height of a line of text."""
    small = gray if gray.height <= 4000 else gray.resize((gray.width, 4000))
    ink = (np.asarray(small) < 128).sum(axis=1) >= max(2, small.width // 400)
    runs, start = [], None
    for y, on in enumerate(ink.tolist() + [False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            if y - start >= 3:
                runs.append(y - start)
            start = None
    if not runs:
        return None
    return float(np.median(runs)) * gray.height / small.height


def for_ocr(img: Image.Image) -> tuple[Image.Image, float]:
    """(grey picture with dark text on a light background, scale factor from the original)."""
    gray = img.convert("L")
    if ImageStat.Stat(gray).mean[0] < DARK_MEAN:
        gray = ImageOps.invert(gray)
    h = text_height(gray)
    f = TEXT_HEIGHT / h if h else 1.0
    f = min(MAX_UPSCALE, max(MIN_SCALE, f))
    # keep the scaled picture within the pixel budget
    f = min(f, (MAX_PIXELS / max(1, gray.width * gray.height)) ** 0.5)
    if abs(f - 1) > 0.1:
        gray = gray.resize((max(1, round(gray.width * f)), max(1, round(gray.height * f))), Image.LANCZOS)
    else:
        f = 1.0
    return gray, f
