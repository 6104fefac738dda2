"""Tesseract through tesserocr: its wheel bundles libtesseract, and the trained data (French and
English) come from Debian's tesseract-ocr-fra / -eng packages, found on disk. Nothing is ever
downloaded. The bundled library would look for its data in the current directory: it is always
given the folder explicitly.

Each recogniser keeps its languages loaded (loading them costs ~0.1 s); a small pool shares them
between threads (one recogniser is never used by two threads at once) and bounds how many pictures
are read at the same time."""
from __future__ import annotations

import glob
import os
import queue
import threading
from dataclasses import dataclass

from ..errors import DemasqueError

LANGS = ("fra", "eng")
TIMEOUT_S = 10.0                      # one picture's recognition; beyond it the reading stops
TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                  "/usr/local/share/tesseract-ocr/*/tessdata", "/opt/homebrew/share/tessdata")


class OcrUnavailable(DemasqueError):
    """The OCR engine or its trained data are not installed."""


class OcrTimeout(DemasqueError):
    pass


@dataclass(slots=True)
class Word:
    text: str
    conf: float              # Tesseract's word confidence, 0-100
    left: int                # box in the pixels of the upright original picture
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


def tessdata_dir() -> str | None:
    """The first folder holding every trained data file we need (DEMASQUE_TESSDATA first)."""
    candidates = [os.environ.get("DEMASQUE_TESSDATA", ""), os.environ.get("TESSDATA_PREFIX", "")]
    for pattern in TESSDATA_GLOBS:
        candidates += sorted(glob.glob(pattern), reverse=True)   # the newest version first
    for d in candidates:
        if d and all(os.path.isfile(os.path.join(d, f"{lang}.traineddata")) for lang in LANGS):
            return d
    return None


def unavailable_reason() -> str | None:
    """None when screenshots can be read here, else why not (for a person and an operator)."""
    try:
        import pillow_heif  # noqa: F401
        import tesserocr  # noqa: F401
        import PIL  # noqa: F401
    except ImportError as exc:
        return f"the OCR packages are not installed (pip install 'demasque[ocr]'): {exc.name} is missing"
    if tessdata_dir() is None:
        return ("Tesseract's French and English data are not installed "
                "(apt-get install tesseract-ocr-fra tesseract-ocr-eng, or set DEMASQUE_TESSDATA)")
    return None


class _Pool:
    def __init__(self, size: int):
        self.size = size
        self.free: queue.LifoQueue = queue.LifoQueue()
        self.made = 0
        self.lock = threading.Lock()

    def _new(self):
        import tesserocr
        path = tessdata_dir()
        if path is None:
            raise OcrUnavailable(unavailable_reason() or "no Tesseract data")
        # PSM 3: automatic page layout, so that the status bar, the header and each bubble are apart
        return tesserocr.PyTessBaseAPI(path=path.rstrip("/") + "/", lang="+".join(LANGS), psm=tesserocr.PSM.AUTO)

    def acquire(self, wait: float):
        try:
            return self.free.get_nowait()
        except queue.Empty:
            pass
        with self.lock:
            if self.made < self.size:
                api = self._new()
                self.made += 1
                return api
        try:
            return self.free.get(timeout=wait)
        except queue.Empty:
            raise DemasqueError("too many pictures are being read at once: try again in a moment") from None

    def release(self, api) -> None:
        self.free.put(api)


_pool = _Pool(max(1, int(os.environ.get("DEMASQUE_OCR_THREADS", "2") or 2)))


def recognize(gray, scale: float, timeout: float | None = None) -> list[Word]:
    """The words Tesseract reads in `gray` (a PIL 'L' picture), boxes divided by `scale`."""
    timeout = TIMEOUT_S if timeout is None else timeout
    reason = unavailable_reason()
    if reason:
        raise OcrUnavailable(reason)
    api = _pool.acquire(wait=2 * timeout)
    try:
        api.SetImage(gray)
        if not api.Recognize(timeout=int(timeout * 1000)):
            raise OcrTimeout(f"reading the picture took more than {timeout:g} s: it holds too much to read")
        tsv = api.GetTSVText(0)
    finally:
        api.Clear()
        _pool.release(api)
    return parse_tsv(tsv, scale)


def parse_tsv(tsv: str, scale: float) -> list[Word]:
    """Tesseract's TSV rows of level 5 (words): level page block par line word left top width height conf text."""
    words = []
    for row in tsv.split("\n"):
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        if not text or conf < 0:
            continue
        words.append(Word(text=text, conf=conf, left=round(left / scale), top=round(top / scale),
                          width=max(1, round(width / scale)), height=max(1, round(height / scale)),
                          block=int(cols[2]), par=int(cols[3]), line=int(cols[4])))
    return words
