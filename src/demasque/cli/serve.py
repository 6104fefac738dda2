"""`demasque serve`: the web page and the HTTP API on uvicorn (web/ holds the app)."""
from __future__ import annotations

import logging
import os
import sys

from .output import add_lang, note


def register(sub) -> None:
    sp = sub.add_parser("serve", help="lancer la page web et l'API HTTP (127.0.0.1:8000 par défaut)")
    sp.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1 par défaut)")
    sp.add_argument("--port", type=int, default=8000, help="port (8000 par défaut)")
    sp.add_argument("--workers", type=int, default=1, help="processus uvicorn (1 par défaut) ; ils partagent la "
                                                          "limite de requêtes par client")
    sp.add_argument("--rate-limit", type=int, default=None, metavar="N",
                    help="requêtes par minute et par client, tous processus confondus (120 par défaut, 0 = sans limite)")
    sp.add_argument("-q", "--quiet", action="store_true", help="ne journaliser que les avertissements")
    add_lang(sp)
    sp.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    from ..errors import DemasqueError
    if args.workers < 1:
        raise DemasqueError("--workers must be 1 or more")

    import uvicorn

    from ..web.app import Settings, create_app
    from ..web.middleware.rate_limit import shared_store
    from ..web.slowclient import TimedH11Protocol
    if args.rate_limit is not None:
        os.environ["DEMASQUE_WEB_RATE_PER_MINUTE"] = str(args.rate_limit)   # read by Settings (also in workers)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    host = args.host
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else shown}:{args.port}/"
    note(args, f"demasque : ouvrez {url} dans votre navigateur (Ctrl-C pour arrêter)",
         f"demasque: open {url} in your browser (Ctrl-C to stop)")
    sys.stderr.flush()
    common = dict(host=host, port=args.port, access_log=False, server_header=False, proxy_headers=False,
                  log_level="warning" if args.quiet else "info", timeout_keep_alive=5,
                  http=TimedH11Protocol)   # closes connections whose headers come too slowly
    if args.workers > 1:
        with shared_store():    # one rate-limit store that every worker process opens (web/middleware/rate_limit.py)
            uvicorn.run("demasque.web.app:create_app", factory=True, workers=args.workers, **common)
    else:
        uvicorn.run(create_app(Settings()), **common)
    return 0
