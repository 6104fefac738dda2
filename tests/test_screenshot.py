"""Screenshots: the picture read (kinds by content, EXIF rotation, dark mode, limits), the SMS laid
out again from Tesseract's words, doubtful links, evidence boxes, the CLI and the batch record.

Screenshots are drawn at run time (tests/phone_screens.py). OCR runs are few (each takes about half
a second): the layout and the doubts are also tested on words made by hand."""
from __future__ import annotations

import base64
import io
import json
import struct
import zlib

import pytest

from phone_screens import encode, png, render_sms

PIL = pytest.importorskip("PIL")
from PIL import Image  # noqa: E402

from demasque.errors import InputTooLarge, UnreadableInput  # noqa: E402
from demasque.ocr.engine import Word, unavailable_reason  # noqa: E402
from demasque.ocr.layout import is_chrome, sms_layout  # noqa: E402

needs_ocr = pytest.mark.skipif(unavailable_reason() is not None and not __import__("os").environ.get("CI"),
                               reason=f"OCR not installed: {unavailable_reason()}")

SCAM = ("AMELI: Votre nouvelle carte Vitale est disponible. Afin de la recevoir, confirmez vos "
        "informations ici : https://ameli-vitale.info/suivi")


# --- the picture -----------------------------------------------------------------------------

def test_every_kind_is_read_from_the_content_and_opens_upright_in_rgb():
    import pillow_heif
    from demasque.adapters.image import image_kind
    from demasque.ocr.picture import open_picture
    pillow_heif.register_heif_opener()
    img = render_sms("Bonjour", "X", scale=1).crop((0, 0, 200, 120))    # small: HEIC encoding is slow
    for fmt, kind in (("PNG", "PNG"), ("JPEG", "JPEG"), ("WEBP", "WebP"), ("HEIF", "HEIC")):
        data = encode(img, fmt)
        assert image_kind(data) == kind
        pic, k = open_picture(data)
        assert (k, pic.mode, pic.size) == (kind, "RGB", img.size)
    assert image_kind(b"%PDF-1.7 ...") is None and image_kind(b"Bonjour, ceci est un SMS") is None


def test_exif_orientation_is_applied():
    from demasque.ocr.picture import open_picture
    img = render_sms("Bonjour", "X", scale=1)
    turned = img.transpose(Image.Transpose.ROTATE_90)        # how a camera stores a portrait shot
    exif = Image.Exif()
    exif[0x0112] = 6                                          # "rotate 90 degrees clockwise to display"
    pic, _ = open_picture(encode(turned, "JPEG", exif=exif.tobytes()))
    assert pic.size == img.size
    # the status bar (dark clock on white) is back at the top
    top = pic.crop((0, 0, pic.width, 24)).convert("L")
    bottom = pic.crop((0, pic.height - 24, pic.width, pic.height)).convert("L")
    assert top.getextrema()[0] < 100 and bottom.getextrema()[0] > 100


def test_transparent_parts_are_shown_on_white():
    from demasque.ocr.picture import open_picture
    img = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    pic, _ = open_picture(encode(img, "PNG"))
    assert pic.getpixel((50, 50)) == (255, 255, 255)


def test_dark_mode_is_inverted_and_small_text_scaled_up():
    from demasque.ocr.picture import for_ocr
    from PIL import ImageStat
    dark, f_dark = for_ocr(render_sms(SCAM, "AMELI", theme="dark", scale=1))
    assert ImageStat.Stat(dark).mean[0] > 110                 # dark text on light, as Tesseract reads best
    assert f_dark > 1.5                                       # 1x text (about 15 px a line) scaled up
    _, f3 = for_ocr(render_sms(SCAM, "AMELI", theme="light", scale=3))
    assert f3 < f_dark and 0.5 < f3 < 1.5


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height, with a tiny (invalid) body: no pixel is needed
    to refuse it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_limits_bombs_and_damaged_pictures_get_clear_errors():
    from demasque.ocr.picture import MAX_IMAGE_BYTES, open_picture
    with pytest.raises(InputTooLarge, match="megapixels"):
        open_picture(_png_header_only(8000, 6000))            # 48 megapixels
    with pytest.raises(InputTooLarge, match="megapixels"):
        open_picture(_png_header_only(200_000, 200_000))      # a decompression bomb
    with pytest.raises(InputTooLarge, match="byte limit"):
        open_picture(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_IMAGE_BYTES)
    whole = png(render_sms("Bonjour", "X", scale=1))
    with pytest.raises(UnreadableInput, match="damaged or truncated"):
        open_picture(whole[: len(whole) // 2])
    with pytest.raises(UnreadableInput, match="not a PNG, JPEG, WebP or HEIC"):
        open_picture(encode(Image.new("RGB", (50, 50)), "GIF"))


# --- the layout (words made by hand: no OCR) --------------------------------------------------

def _line(texts: list[str], top: int, left: int = 30, block: int = 1, line: int = 1, h: int = 20, char: int = 10,
          conf: float = 95) -> list[Word]:
    out, x = [], left
    for t in texts:
        out.append(Word(t, conf, x, top, char * len(t), h, block, 1, line))
        x += char * len(t) + 6
    return out


def test_layout_leaves_out_the_chrome_and_finds_the_sender():
    words = (_line(["09:41"], 4, block=1) + _line(["all", "87", "%"], 4, left=250, block=2)
             + _line(["←", "AMELI"], 60, block=3) + _line(["Message", "texte"], 84, block=3, line=2)
             + _line(["Aujourd'hui", "09:38"], 140, block=4)
             + _line(["Votre", "carte", "Vitale", "expire,"], 200, block=5, line=1)
             + _line(["confirmez", "vos", "informations"], 224, block=5, line=2)
             + _line(["09:39"], 270, block=6) + _line(["+", "Message", "texte"], 780, block=7))
    lay = sms_layout(words, 390, 844)
    assert lay.sender == "AMELI"
    assert lay.text == "Votre carte Vitale expire, confirmez vos informations"
    assert len(lay.char_words) == len(lay.text)
    assert words[lay.char_words[lay.text.index("Vitale")]].text == "Vitale"


def test_a_cropped_bubble_has_no_sender():
    words = (_line(["AMELI:", "Votre", "carte", "Vitale"], 10, line=1)
             + _line(["expire,", "confirmez", "ici"], 34, line=2))
    lay = sms_layout(words, 390, 80)
    assert lay.sender == "" and lay.text.startswith("AMELI: Votre carte")


@pytest.mark.parametrize("first,second,joined", [
    (["ici", "https://ameli-carte-"], ["vitale.com/suivi"], "ici https://ameli-carte-vitale.com/suivi"),
    (["https://ameli-rembourse"], ["ment.com/d/8842"], "https://ameli-remboursement.com/d/8842"),
    (["mettez-"], ["la", "a", "jour"], "mettez-la a jour"),
    (["https://www.ameli.fr/assure"], ["Merci"], "https://www.ameli.fr/assure Merci"),
])
def test_links_wrapped_by_the_app_are_rejoined(first, second, joined):
    words = _line(first, 200, line=1) + _line(second, 224, line=2)
    # the bubble is as wide as its longest line: the first line is full
    assert sms_layout(words, 390, 844).text == joined


def test_a_short_line_then_a_word_that_would_have_fitted_is_a_new_line():
    words = (_line(["Bonjour,"], 200, line=1) + _line(["votre", "attestation", "est", "disponible", "ici."], 224, line=2))
    assert sms_layout(words, 390, 844).text == "Bonjour,\nvotre attestation est disponible ici."


@pytest.mark.parametrize("pieces,joined", [
    (["https://ameli-vitale.", "com/suivi"], "https://ameli-vitale.com/suivi"),
    (["sur", "carte-vitale-renew.", "com"], "sur carte-vitale-renew.com"),
    (["at", "monespacesante.", "fr.", "login-secure.", "app"], "at monespacesante.fr.login-secure.app"),
    (["htips", "//cpam.fr"], "https://cpam.fr"),
    (["sur", "https://declare", "ameli.fr"], "sur https://declare.ameli.fr"),       # the dot was lost
    (["htips://cpam.fr"], "https://cpam.fr"),
    (["valide.", "merci", "beaucoup"], "valide. merci beaucoup"),          # not a site: left apart
])
def test_split_link_pieces_on_one_line_are_rejoined(pieces, joined):
    assert sms_layout(_line(pieces, 200), 390, 844).text == joined


@pytest.mark.parametrize("line,chrome", [
    ("Message texte", True), ("Aujourd'hui 09:38", True), ("mardi 12 mars 09:41", True), ("Today 9:41 AM", True),
    ("09:41 all 87 %", True), ("Distribué", True), ("← SMS", True), ("+ Envoyer un message", True), ("12/03/2024 09:41", True),
    ("AMELI", False), ("Votre carte Vitale expire", False), ("Rappelez le 09 70 12 34 56", False),
])
def test_app_chrome(line, chrome):
    assert is_chrome(line.split()) is chrome


def test_chrome_patterns_stay_linear_on_hostile_lines():
    import time
    t0 = time.perf_counter()
    for s in ("a " * 30 + "!", "4g " * 25 + "x", "1" * 55 + "%x", "lundi " + "1 " * 27):
        is_chrome(s.split())
    assert time.perf_counter() - t0 < 0.5


# --- doubtful links ---------------------------------------------------------------------------

def test_confusable_letters_in_a_link_give_other_readings():
    from demasque.ocr.doubt import link_doubts
    text = "Connectez-vous sur https://arneli.fr/compte ou sur www.ameli.fr"
    words = _line(text.split(), 200)
    cmap, pos = [-1] * len(text), 0
    for i, w in enumerate(words):
        at = text.index(w.text, pos)
        cmap[at:at + len(w.text)] = [i] * len(w.text)
        pos = at + len(w.text)
    doubts = {d.read: d for d in link_doubts(text, cmap, words)}
    assert ("https://ameli.fr/compte", "rn → m") in doubts["https://arneli.fr/compte"].alternatives
    assert ("www.arneli.fr", "m → rn") in doubts["www.ameli.fr"].alternatives
    assert not any("vv" in alt for alt, _ in doubts["www.ameli.fr"].alternatives)   # www. is not the site's name
    assert not doubts["www.ameli.fr"].low_confidence


def _read_as(monkeypatch, lines: list[tuple[list[str], float]]):
    """Make the OCR 'read' these lines (words made by hand, with a confidence) on any picture."""
    import demasque.ocr.engine as engine
    words = _line(["09:41"], 4, block=1) + _line(["38663"], 60, block=2) + _line(["SMS"], 84, block=2, line=2)
    for n, (texts, conf) in enumerate(lines):
        words += _line(texts, 200 + 24 * n, block=3, line=n + 1, conf=conf)
    monkeypatch.setattr(engine, "recognize", lambda gray, scale, timeout=None: [Word(**{f: getattr(w, f) for f in Word.__slots__}) for w in words])
    monkeypatch.setattr(engine, "unavailable_reason", lambda: None)


@pytest.mark.parametrize("conf,verdict", [(95.0, "scam"), (60.0, "suspicious")])
def test_a_lookalike_read_with_doubt_counts_as_a_doubt_not_as_proof(monkeypatch, conf, verdict):
    from demasque.screenshot import analyze_image
    _read_as(monkeypatch, [(["ASSURANCE", "MALADIE", ":", "votre", "document", "est"], 95.0),
                           (["disponible", "sur", "www.amell.fr"], conf)])
    d = analyze_image(png(render_sms("x", scale=2))).to_dict()
    assert d["screenshot"]["sender"] == "38663" and d["screenshot"]["text"].endswith("sur www.amell.fr")
    assert d["verdict"] == verdict                                  # flagged either way, proof only when read surely
    look = next(s for s in d["signals"] if s["rule"] == "link.lookalike")
    assert look["weight"] == (0.5 if conf < 80 else 0.95)
    assert any("ameli.fr mal lu" in w for w in d["warnings"]) is (conf < 80)


# --- OCR: verdicts, boxes, doubts, errors -----------------------------------------------------

def corpus_sample() -> list[dict]:
    from pathlib import Path
    rows = [json.loads(l) for l in (Path(__file__).parents[1] / "corpus" / "sms.jsonl").read_text("utf-8").splitlines() if l.strip()]
    scams = [r for r in rows if r["label"] == "scam"][::6]          # 10 scams
    genuine = [r for r in rows if r["label"] == "genuine"][::6]     # 5 genuine
    return scams + genuine


VARIANTS = [("light", 1), ("dark", 2), ("light", 3), ("dark", 1), ("light", 2), ("dark", 3)]


@needs_ocr
def test_screenshots_of_corpus_sms_get_the_verdicts_of_their_text():
    from demasque import analyze_image, analyze_text
    sample = corpus_sample()
    got = []
    for i, r in enumerate(sample):
        theme, scale = VARIANTS[i % len(VARIANTS)]
        report = analyze_image(png(render_sms(r["text"], r["sender"], theme=theme, scale=scale)))
        got.append((r, report.verdict, analyze_text(r["text"], channel="sms", sender=r["sender"]).verdict))
    scams = [v for r, v, _ in got if r["label"] == "scam"]
    assert sum(v == "scam" for v in scams) >= 0.9 * len(scams), got
    assert all(v in ("scam", "suspicious") for v in scams), got
    assert not any(v == "scam" for r, v, _ in got if r["label"] == "genuine"), got
    assert sum(v == t for _, v, t in got) >= 0.8 * len(got), got


@needs_ocr
def test_evidence_boxes_surround_the_words_on_the_picture():
    from demasque.ocr.engine import recognize
    from demasque.ocr.picture import for_ocr
    from demasque.screenshot import analyze_screenshot
    report, screen = analyze_screenshot(png(render_sms(SCAM, "AMELI", theme="light", scale=2)))
    d = report.to_dict()
    assert d["verdict"] == "scam" and d["channel"] == "sms" and d["screenshot"]["sender"] == "AMELI"
    n = next(i for i, s in enumerate(d["signals"], 1) if s["rule"] == "link.lookalike")
    box = next(b for b in d["screenshot"]["boxes"] if b["signal"] == n)
    crop = screen.picture.crop((box["x"], box["y"], box["x"] + box["w"], box["y"] + box["h"]))
    g, f = for_ocr(crop)
    assert "ameli-vitale.info" in " ".join(w.text for w in recognize(g, f))
    import jsonschema
    from importlib import resources
    schema = json.loads(resources.files("demasque").joinpath("schema/report.schema.json").read_text("utf-8"))
    jsonschema.validate(d, schema)


@needs_ocr
def test_other_readings_of_a_link_are_judged_and_reported_without_changing_the_verdict(monkeypatch):
    import demasque.ocr.engine as engine
    from demasque.screenshot import analyze_image
    text = "ASSURANCE MALADIE: votre attestation est disponible sur https://www.ameli.fr/assure"
    shot = png(render_sms(text, "38663", theme="light", scale=2))
    confident = analyze_image(shot).to_dict()
    assert confident["verdict"] == "no_red_flags"                  # an official link read with confidence
    link = confident["screenshot"]["links"][0]
    assert {"reading": "https://www.arneli.fr/assure", "change": "m → rn", "verdict": "scam"} in link["alternatives"]
    assert not link["low_confidence"]
    assert any("arneli.fr" in w and "arnaque" in w for w in confident["warnings"])
    real = engine.recognize

    def unsure(gray, scale, timeout=None):                        # the same words, read with low confidence
        words = real(gray, scale, timeout)
        for w in words:
            if "ameli" in w.text:
                w.conf = 55.0
        return words
    monkeypatch.setattr(engine, "recognize", unsure)
    doubtful = analyze_image(shot, lang="en").to_dict()
    # a doubt is not proof: a genuine link read with low confidence keeps its verdict, and says so
    assert doubtful["verdict"] == "no_red_flags" and doubtful["screenshot"]["links"][0]["low_confidence"]
    assert any("uncertain (confidence 55 %)" in w and "arneli.fr" in w for w in doubtful["warnings"])


@needs_ocr
def test_a_picture_without_text_is_refused_in_words():
    import random
    from demasque import analyze_image
    rng = random.Random(7)
    noise = Image.frombytes("RGB", (300, 500), bytes(rng.randrange(256) for _ in range(300 * 500 * 3)))
    with pytest.raises(UnreadableInput, match="no message could be read"):
        analyze_image(encode(noise, "PNG"))


@needs_ocr
def test_the_reading_stops_after_its_time_limit(monkeypatch):
    import demasque.ocr.engine as engine
    from demasque import analyze_image
    monkeypatch.setattr(engine, "TIMEOUT_S", 0.001)
    with pytest.raises(engine.OcrTimeout, match="took more than"):
        analyze_image(png(render_sms(SCAM * 3, "AMELI", scale=2)))


def test_without_tesseract_data_the_error_says_what_to_install(monkeypatch):
    import demasque.ocr.engine as engine
    from demasque import analyze_image
    monkeypatch.setattr(engine, "tessdata_dir", lambda: None)
    with pytest.raises(engine.OcrUnavailable, match="tesseract-ocr-fra"):
        analyze_image(png(render_sms(SCAM, "AMELI", scale=1)))


@needs_ocr
def test_cli_checks_a_screenshot_and_writes_the_annotated_picture(tmp_path, capsys):
    from demasque.cli import main
    shot = tmp_path / "capture.bin"                          # any name: the kind is read from the content
    shot.write_bytes(encode(render_sms(SCAM, "AMELI", theme="dark", scale=1), "JPEG", quality=90))
    out = tmp_path / "annotated.png"
    assert main(["check", str(shot), "--format", "json", "--annotate", str(out)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["verdict"] == "scam" and d["screenshot"]["kind"] == "JPEG" and d["screenshot"]["boxes"]
    marked = Image.open(out).convert("RGB")
    b = d["screenshot"]["boxes"][0]
    edge = [marked.getpixel((x, b["y"] + 1)) for x in range(b["x"] + 5, b["x"] + b["w"] - 5)]
    assert any(r > 150 and g < 120 for r, g, _ in edge)     # the frame is drawn in colour on the dark picture


def test_cli_refuses_annotate_for_a_text_and_explains_a_damaged_picture(tmp_path, capsys):
    from demasque.cli import main
    sms = tmp_path / "sms.txt"
    sms.write_text(SCAM)
    assert main(["check", str(sms), "--annotate", str(tmp_path / "x.png")]) == 2
    assert "--annotate" in capsys.readouterr().err
    broken = tmp_path / "broken.png"
    broken.write_bytes(png(render_sms("Bonjour", "X", scale=1))[:300])
    assert main(["check", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("demasque:")


@needs_ocr
def test_batch_record_with_a_screenshot():
    from demasque.batch import iter_reports
    b64 = base64.b64encode(png(render_sms(SCAM, "AMELI", scale=2))).decode()
    lines = [json.dumps({"id": "s1", "channel": "screenshot", "image_b64": b64}),
             json.dumps({"id": "s2", "channel": "screenshot", "image_b64": "not base64!"}),
             json.dumps({"id": "s3", "channel": "screenshot"})]
    out = list(iter_reports(lines))
    assert out[0]["id"] == "s1" and out[0]["verdict"] == "scam" and out[0]["screenshot"]["boxes"]
    assert out[1] == {"id": "s2", "error": "'image_b64' is not valid base64"}
    assert "image_b64" in out[2]["error"]


# --- hostile input ----------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

MAGIC = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"RIFF\x00\x10\x00\x00WEBPVP8 ", b"\x00\x00\x00\x18ftypheic", b""]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MAGIC), st.binary(max_size=2000))
def test_any_bytes_give_a_picture_or_a_clear_error(magic, body):
    from demasque.errors import DemasqueError
    from demasque.ocr.picture import open_picture
    try:
        pic, _ = open_picture(magic + body)
    except DemasqueError:
        return
    assert pic.mode == "RGB"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s and s), st.integers(0, 100),
                          st.integers(0, 2000), st.integers(0, 3000), st.integers(1, 400), st.integers(1, 80),
                          st.integers(0, 5), st.integers(0, 3)), max_size=40))
def test_layout_never_fails_and_keeps_its_character_map(rows):
    from demasque.ocr.doubt import link_doubts
    words = [Word(t, float(c), x, y, w, h, b, 1, l) for t, c, x, y, w, h, b, l in rows]
    lay = sms_layout(words, 1080, 2400)
    assert len(lay.char_words) == len(lay.text)
    assert all(-1 <= i < len(words) for i in lay.char_words)
    link_doubts(lay.text, lay.char_words, words)
