"""Size limits: what is read, and where analysis stops. Documented in the README."""
MAX_INPUT_BYTES = 25 * 1024 * 1024      # a raw input larger than this is refused with a clear error
MAX_TEXT_CHARS = 200_000               # text analysed per message (the rest is ignored, with a warning)
MAX_HTML_BYTES = 5 * 1024 * 1024       # HTML parsed per message
MAX_LINKS = 500                        # links examined per message
MAX_PHONES = 100
MAX_ATTACHMENTS = 100
MAX_MIME_PARTS = 500
MAX_HEADERS = 500
MAX_BATCH_LINE_BYTES = 30 * 1024 * 1024
