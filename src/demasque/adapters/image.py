"""A phone screenshot (PNG, JPEG, WebP or HEIC bytes) to a Message: the picture is read with OCR,
the app's chrome is left out, the sender is taken from the header. The words read and their boxes
come along (Screen), so that evidence can be drawn back on the picture. Nothing is written to disk.

Needs the `ocr` extra (Pillow, pillow-heif, tesserocr) and Tesseract's trained data."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass

from ..errors import UnreadableInput
from ..message import Message
from .text import from_text

IMAGE_KINDS = {"png": "PNG", "jpg": "JPEG", "webp": "WebP", "heic": "HEIC"}
SMS_MAX_CHARS = 1600      # longer text on a screenshot is read as pasted text, not as an SMS
MIN_WORDS = 3             # words read with confidence: fewer, and the picture holds no message


@dataclass
class Screen:
    message: Message
    words: list                 # ocr.engine.Word, boxes in the upright picture's pixels
    char_words: list[int]       # for each character of message.text: its word, or -1
    sender_words: list[int]
    picture: object             # the upright RGB PIL image (kept in memory only)
    kind: str                   # PNG, JPEG, WebP, HEIC
    ocr_ms: int
    line_px: float = 0.0        # height of a line of text in the picture's pixels (small: a reduced picture)


def image_kind(data: bytes) -> str | None:
    """'PNG', 'JPEG', 'WebP' or 'HEIC' read from the first bytes (never from a file name), else None."""
    import filetype
    kind = filetype.guess(data[:8192])
    return IMAGE_KINDS.get(kind.extension) if kind is not None else None


def read_image(data: bytes, sender: str = "") -> Screen:
    from ..ocr.engine import OcrUnavailable, unavailable_reason
    reason = unavailable_reason()
    if reason:
        raise OcrUnavailable(f"screenshots cannot be read here: {reason}")
    from ..ocr.engine import recognize
    from ..ocr.layout import sms_layout
    from ..ocr.picture import for_ocr, open_picture
    picture, kind = open_picture(data)
    t0 = time.perf_counter()
    gray, scale = for_ocr(picture)
    words = recognize(gray, scale)
    ms = round((time.perf_counter() - t0) * 1000)
    lay = sms_layout(words, picture.width, picture.height)
    read = {i for i in lay.char_words if i >= 0}
    sure = [i for i in read if words[i].conf >= 60 and re.search(r"[^\W\d_]{2,}", words[i].text)]
    if len(sure) < MIN_WORDS:
        raise UnreadableInput("no message could be read on this picture: send a screenshot of the SMS, "
                              "upright and sharp, or copy and paste its text")
    channel = "sms" if len(lay.text) <= SMS_MAX_CHARS else "text"
    msg = from_text(lay.text, channel=channel, sender=sender or lay.sender)
    msg.transcribed = True
    from ..ocr.picture import TEXT_HEIGHT
    return Screen(msg, words, lay.char_words, lay.sender_words if not sender else [], picture, kind, ms,
                  line_px=round(TEXT_HEIGHT / scale, 1))


def from_image(data: bytes, sender: str = "") -> Message:
    return read_image(data, sender).message


def image_from_record(rec: dict) -> bytes:
    """The picture of a record {"channel": "screenshot", "image_b64": "...", "sender"?, "id"?}."""
    import base64
    import binascii
    from ..errors import InputTooLarge
    from ..ocr.picture import MAX_IMAGE_BYTES
    b64 = rec.get("image_b64")
    if not isinstance(b64, str) or not b64.strip():
        raise UnreadableInput("a screenshot record needs the picture in base64 in the field 'image_b64'")
    if len(b64) > (MAX_IMAGE_BYTES + 2) // 3 * 4 + 1024:
        raise InputTooLarge(f"the picture is over the {MAX_IMAGE_BYTES} byte limit (20 MiB)")
    try:
        return base64.b64decode("".join(b64.split()), validate=True)
    except (binascii.Error, ValueError):
        raise UnreadableInput("'image_b64' is not valid base64") from None
