"""`demasque milter`: the mail filter for Postfix or Sendmail (gateway/milter.py, docs/gateway.md).
It needs the `gateway` extra (pymilter, built against Debian's libmilter-dev)."""
from __future__ import annotations

import logging
import sys

from ..errors import DemasqueError
from .output import need


def register(sub) -> None:
    sp = sub.add_parser("milter", help="filtre de messagerie (milter) pour Postfix ou Sendmail")
    sp.add_argument("--socket", default="inet:8895@127.0.0.1",
                    help="où écouter : inet:PORT@HÔTE ou unix:/CHEMIN (inet:8895@127.0.0.1 par défaut)")
    sp.add_argument("--action", choices=["tag", "quarantine", "reject"], default="tag",
                    help="pour une arnaque : seulement marquer les en-têtes (tag, par défaut), "
                         "mettre en quarantaine (file hold de Postfix) ou refuser (550 5.7.1)")
    sp.add_argument("--authserv-id", action="append", default=[], metavar="ID",
                    help="serveur dont les en-têtes Authentication-Results sont crus (en plus du nom "
                         "du serveur de messagerie lui-même) ; répétable")
    sp.add_argument("--max-size", type=int, default=10 * 1024 * 1024, metavar="OCTETS",
                    help="au-delà, le message passe sans être analysé (10 Mio par défaut)")
    sp.add_argument("--timeout", type=float, default=10.0, metavar="S",
                    help="au-delà, le message passe sans verdict (10 s par défaut)")
    sp.add_argument("--workers", type=int, default=4, help="analyses en parallèle (4 par défaut)")
    sp.add_argument("-q", "--quiet", action="store_true", help="ne journaliser que les avertissements")
    sp.set_defaults(func=cmd_milter)


def cmd_milter(args) -> int:
    def load():
        from ..gateway import milter
        from ..gateway.authres import normalise_ids
        return milter, normalise_ids
    milter, normalise_ids = need("gateway", "milter", load, hint=" (built against libmilter: apt-get install libmilter-dev)")
    if args.max_size <= 0 or args.timeout <= 0 or args.workers <= 0:
        raise DemasqueError("--max-size, --timeout and --workers must be positive")
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    options = milter.Options(action=args.action, max_size=args.max_size, timeout=args.timeout,
                             authserv_ids=normalise_ids(args.authserv_id))
    try:
        milter.serve(args.socket, options, workers=args.workers)
    except ValueError as exc:
        raise DemasqueError(str(exc)) from None
    except Exception as exc:    # libmilter could not open the socket (in use, no such folder ...)
        raise DemasqueError(f"the milter could not listen on {args.socket}: {exc}") from None
    return 0
