"""Reading a phone screenshot: the picture (ocr.picture), Tesseract's words (ocr.engine), the SMS
laid out again (ocr.layout) and the links whose reading is uncertain (ocr.doubt). Reading only:
judging is the analysis' job (demasque.screenshot)."""
from .engine import OcrTimeout, OcrUnavailable, Word, unavailable_reason

__all__ = ["OcrTimeout", "OcrUnavailable", "Word", "unavailable_reason"]
