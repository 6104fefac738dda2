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


def read_image(data: bytes, sender: str = "") -> Screen:
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
    return Screen(msg, words, lay.char_words, lay.sender_words if not sender else [], picture, kind, ms)


def from_image(data: bytes, sender: str = "") -> Message:
    return read_image(data, sender).message
