"""`demasque check shot.png`: a screenshot given to `check` (its kind read from its content), and
`--annotate out.png`, the screenshot with the evidence outlined and numbered."""
from __future__ import annotations

import sys

from .errors import UnreadableInput


def check_image(args, data: bytes) -> int:
    from .cli import output
    from .render.picture import annotated_png
    from .screenshot import analyze_screenshot
    report, screen = analyze_screenshot(data, lang=args.lang, sender=args.sender or "")
    d = report.to_dict()
    if args.annotate:
        try:
            with open(args.annotate, "wb") as f:
                f.write(annotated_png(screen.picture, d["screenshot"]["boxes"]))
        except OSError as exc:
            raise UnreadableInput(f"cannot write {args.annotate}: {exc.strerror}") from None
    output(d, args)
    if args.annotate:
        sys.stderr.write(("demasque : capture annotée écrite dans %s\n" if args.lang == "fr"
                          else "demasque: annotated screenshot written to %s\n") % args.annotate)
    return 0
