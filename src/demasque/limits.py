"""Size limits: what is read, and where analysis stops. Documented in the README."""
MAX_INPUT_BYTES = 25 * 1024 * 1024      # a raw input larger than this is refused with a clear error
MAX_TEXT_CHARS = 200_000               # text analysed per message (the rest is ignored, with a warning)
MAX_HTML_BYTES = 5 * 1024 * 1024       # HTML parsed per message
MAX_LINKS = 500                        # links examined per message
MAX_PHONES = 100
MAX_IDENTIFIERS = 100                  # NIR, IBAN, card numbers: of each kind
MAX_ATTACHMENTS = 100
MAX_MIME_PARTS = 500
MAX_HEADERS = 500
MAX_BATCH_LINE_BYTES = 30 * 1024 * 1024
# What the standard e-mail parser is given at most (adapters/mimebounds.py cuts the rest before it)
MAX_HEADER_BYTES = 16 * 1024           # one header, with its folded lines
MAX_HEADERS_BYTES = 256 * 1024         # all headers of an e-mail, its parts and attached e-mails
MAX_CONTENT_TYPE_BYTES = 1024          # a longer Content-Type is ignored (the part is read as text)
MAX_MIME_DEPTH = 20                    # multiparts and attached e-mails nested in each other
MAX_TEXT_PART_BYTES = MAX_HTML_BYTES   # one text/plain or text/html part, as encoded
MAX_OTHER_PART_BYTES = 64 * 1024       # one attachment (only its type is read), preamble or epilogue
MAX_PARSED_BYTES = 8 * 1024 * 1024     # all bodies together
MAX_PARSED_LINES = 300_000             # all body lines together, each once per enclosing multipart
