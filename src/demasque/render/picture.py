"""The screenshot with the evidence drawn on it: a PNG for the command line (--annotate), and a
light copy of the picture for the web page (which draws the boxes itself, in SVG)."""
from __future__ import annotations

import io

# one colour per kind of evidence, as the web page marks them (style.css .ev-*)
COLOURS = {"link": (200, 30, 45), "sender": (200, 90, 0), "data_request": (130, 40, 160), "payment": (170, 20, 110),
           "phone": (0, 100, 170), "lure": (150, 110, 0), "urgency": (190, 60, 0)}
DEFAULT = (200, 30, 45)


def annotated_png(picture, boxes: list[dict]) -> bytes:
    """The picture with each box outlined and numbered like the explanations of the report."""
    from PIL import ImageDraw, ImageFont
    img = picture.convert("RGB")
    d = ImageDraw.Draw(img)
    stroke = max(2, round(img.width / 300))
    font = ImageFont.load_default(size=max(12, round(img.width / 32)))
    for b in boxes:
        colour = COLOURS.get(b.get("category", ""), DEFAULT)
        x0, y0, x1, y1 = b["x"], b["y"], b["x"] + b["w"], b["y"] + b["h"]
        d.rectangle((x0, y0, x1, y1), outline=colour, width=stroke)
        label = str(b["signal"])
        tw, th = d.textbbox((0, 0), label, font=font)[2:]
        # the number just after its box, as the numbers follow the marks in the text
        tx = min(img.width - tw - 8, x1 + stroke + 2)
        ty = max(0, (y0 + y1 - th - 6) // 2)
        d.rectangle((tx, ty, tx + tw + 6, ty + th + 6), fill=colour)
        d.text((tx + 3, ty + 1), label, font=font, fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    return buf.getvalue()


def display_jpeg(picture, max_width: int = 720, quality: int = 80) -> bytes:
    """A light copy of the picture for a page (its boxes keep the original pixel coordinates)."""
    from PIL import Image
    img = picture.convert("RGB")
    if img.width > max_width:
        img = img.resize((max_width, max(1, round(img.height * max_width / img.width))), Image.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
