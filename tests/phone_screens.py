"""Phone screenshots of an SMS, drawn at run time with Pillow (no binary fixture): the status bar
(clock, battery), the conversation header (back arrow, sender, "Message texte"), a date line, the
received bubble with the message wrapped as a messaging app wraps it (long links cut after "/" or
"-", else where the line is full), its time, and the input bar. Light or dark theme, 1x to 3x.

Used by the OCR tests and by benchmarks/bench_ocr.py. Invented content only."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = ("/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF", "/usr/share/fonts/truetype/dejavu")
FONTS = {"roboto": ("Roboto-Regular.ttf", "Roboto-Medium.ttf"), "dejavu": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")}


@dataclass(frozen=True)
class Theme:
    page: tuple
    bubble: tuple
    text: tuple
    muted: tuple
    bar: tuple


THEMES = {
    "light": Theme(page=(255, 255, 255), bubble=(233, 233, 235), text=(20, 20, 20), muted=(110, 110, 115), bar=(242, 242, 247)),
    "dark": Theme(page=(0, 0, 0), bubble=(38, 38, 41), text=(236, 236, 236), muted=(150, 150, 156), bar=(28, 28, 30)),
}


def _font(family: str, bold: bool, size: int):
    name = FONTS.get(family, FONTS["roboto"])[1 if bold else 0]
    for d in FONT_DIRS:
        if os.path.exists(os.path.join(d, name)):
            return ImageFont.truetype(os.path.join(d, name), size)
    for fam in FONTS.values():   # the other family, then Pillow's own scalable font
        for d in FONT_DIRS:
            if os.path.exists(os.path.join(d, fam[0])):
                return ImageFont.truetype(os.path.join(d, fam[0]), size)
    return ImageFont.load_default(size)


def _break_long(word: str, font, width: float) -> list[str]:
    """Cut a word wider than the bubble: after the last '/' or '-' that fits, else at the last
    character that fits (what Android and iOS do with a long link)."""
    parts = []
    while font.getlength(word) > width:
        fit = max(1, max(i for i in range(1, len(word) + 1) if font.getlength(word[:i]) <= width))
        cut = max(word.rfind("/", 0, fit), word.rfind("-", 0, fit))
        cut = cut + 1 if cut >= fit // 3 else fit
        parts.append(word[:cut])
        word = word[cut:]
    return parts + [word]


def wrap(text: str, font, width: float) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            cand = f"{line} {word}" if line else word
            if font.getlength(cand) <= width:
                line = cand
                continue
            if line:
                lines.append(line)
            pieces = _break_long(word, font, width)
            lines += pieces[:-1]
            line = pieces[-1]
        lines.append(line)
    return lines


def render_sms(text: str, sender: str = "", theme: str = "light", scale: int = 2, width: int = 390,
               family: str = "roboto", clock: str = "09:41", battery: str = "87 %", date: str = "Aujourd'hui 09:38",
               placeholder: str = "Message texte", height: int | None = None) -> Image.Image:
    """The screenshot of one received SMS, `width` points wide, at `scale` pixels per point."""
    th = THEMES[theme]
    s = scale
    f_text, f_small, f_head = _font(family, False, 16 * s), _font(family, False, 12 * s), _font(family, True, 18 * s)
    pad, bubble_max = 12 * s, int(width * 0.74 * s)
    lines = wrap(text, f_text, bubble_max - 2 * pad)
    line_h = int(21 * s)
    bubble_h = len(lines) * line_h + 2 * pad - (line_h - 16 * s) // 2
    top = 24 * s + 56 * s + 40 * s
    h = height * s if height else max(844 * s, top + bubble_h + 160 * s)
    img = Image.new("RGB", (width * s, h), th.page)
    d = ImageDraw.Draw(img)
    # status bar: clock, signal bars, battery with its percentage
    d.text((16 * s, 5 * s), clock, font=_font(family, True, 14 * s), fill=th.text)
    x = width * s - 16 * s - 24 * s
    d.rounded_rectangle((x, 7 * s, x + 22 * s, 18 * s), radius=3 * s, outline=th.text, width=max(1, s))
    d.rectangle((x + 2 * s, 9 * s, x + 16 * s, 16 * s), fill=th.text)
    d.text((x - 40 * s, 5 * s), battery, font=f_small, fill=th.text)
    for i in range(4):
        d.rectangle((x - 70 * s + i * 5 * s, (16 - 3 * i) * s, x - 67 * s + i * 5 * s, 18 * s), fill=th.text)
    # header: back arrow, sender, the app's label under it
    d.rectangle((0, 24 * s, width * s, 80 * s), fill=th.bar)
    d.line((16 * s, 52 * s, 30 * s, 52 * s), fill=th.text, width=2 * s)
    d.line((16 * s, 52 * s, 23 * s, 45 * s), fill=th.text, width=2 * s)
    d.line((16 * s, 52 * s, 23 * s, 59 * s), fill=th.text, width=2 * s)
    if sender:
        d.text((48 * s, 30 * s), sender, font=f_head, fill=th.text)
    d.text((48 * s, 55 * s), "SMS", font=f_small, fill=th.muted)
    # date line, bubble, time
    dw = d.textlength(date, font=f_small)
    d.text(((width * s - dw) / 2, 92 * s), date, font=f_small, fill=th.muted)
    bw = max(d.textlength(l, font=f_text) for l in lines) + 2 * pad
    d.rounded_rectangle((12 * s, top, 12 * s + bw, top + bubble_h), radius=18 * s, fill=th.bubble)
    for i, l in enumerate(lines):
        d.text((12 * s + pad, top + pad + i * line_h), l, font=f_text, fill=th.text)
    d.text((16 * s, top + bubble_h + 6 * s), clock[:-1] + "8", font=f_small, fill=th.muted)
    # input bar
    y = h - 60 * s
    d.rounded_rectangle((52 * s, y, width * s - 16 * s, y + 40 * s), radius=20 * s, fill=th.bar)
    d.text((68 * s, y + 11 * s), placeholder, font=_font(family, False, 15 * s), fill=th.muted)
    d.line((22 * s, y + 20 * s, 38 * s, y + 20 * s), fill=th.muted, width=2 * s)
    d.line((30 * s, y + 12 * s, 30 * s, y + 28 * s), fill=th.muted, width=2 * s)
    return img


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()
