"""In front of the mailbox: the milter (Postfix, Sendmail) and the Rspamd route.

Both call the same `judge()` (verdict.py) on the raw message, which keeps only the
Authentication-Results headers the receiving servers wrote (authres.py) and runs the public
e-mail analysis (`demasque.api.analyze_eml`). See docs/gateway.md.
"""
