"""The few interface words that are not rule or profile data, in French and English."""
from __future__ import annotations

LANGS = ("fr", "en")

T = {
    "fr": {
        "verdict.scam": "ARNAQUE",
        "verdict.suspicious": "SUSPECT",
        "verdict.no_red_flags": "AUCUN SIGNE D'ARNAQUE TROUVÉ",
        "verdict.scam.long": "Ce message présente des signes sûrs d'arnaque.",
        "verdict.suspicious.long": "Ce message présente des signes d'alerte : ne suivez pas ce qu'il demande sans vérifier.",
        "verdict.no_red_flags.long": "Aucun signe d'arnaque n'a été trouvé. Cela ne prouve pas que le message est authentique.",
        "channel.sms": "SMS", "channel.email": "courriel", "channel.text": "texte", "channel.call": "appel",
        "heading.analysis": "demasque — analyse d'un {channel}",
        "heading.why": "Pourquoi",
        "heading.todo": "Que faire maintenant",
        "heading.report": "Où le signaler",
        "heading.warnings": "Remarques sur la lecture du message",
        "label.score": "score",
        "label.rule": "règle",
        "label.guidance": "repère",
        "where.text": "texte", "where.subject": "objet", "where.link": "lien", "where.sender": "expéditeur",
        "where.header": "en-tête", "where.phone": "numéro", "where.attachment": "pièce jointe", "where.html": "mise en forme",
        "where.form": "formulaire", "where.display_name": "nom affiché", "where.red_text": "texte en rouge",
        "where.model": "modèle",
        "trick.typo": "imite {target} (lettre changée, ajoutée ou inversée)",
        "trick.homoglyph": "imite {target} (caractères qui se ressemblent)",
        "trick.tld_swap": "imite {target} (même nom, autre extension)",
        "trick.combosquat": "imite {target} (nom officiel avec des mots ajoutés)",
        "trick.brand_in_subdomain": "imite {target} (nom officiel placé devant un autre site)",
        "trick.ending_in_front": "se lit « {target} », mais le site est ce qui suit",
        "trick.brand_in_path": "nom officiel caché dans le chemin de l'adresse",
        "trick.shortener": "lien raccourci qui cache sa destination",
        "trick.ip_literal": "adresse IP au lieu d'un nom de site",
        "trick.punycode": "adresse encodée (punycode)",
        "trick.mixed_script": "mélange d'alphabets",
        "trick.text_mismatch": "affiche {shown} mais mène à {host}",
        "trick.speaker_combosquat": "le nom « {target} » avec des mots ajoutés : ce n'est pas son site",
        "trick.brand_elsewhere": "le nom de {target}, mais une adresse qui n'est pas la sienne",
        "trick.brand_in_userinfo": "montre {target} devant un « @ », mais mène à un autre site",
        "trick.invalid_host": "adresse invalide, refusée par les navigateurs (encodage trompeur)",
        "trick.overlong_host": "nom de site anormalement long (plus de 253 caractères)",
        "goes_to": "mène à {host}",
        "sole_site": "mène à {host}, pas à {site}",
        "state_site": "mène à {host}, pas à un site de l'État (en .gouv.fr)",
        "kind.premium_rate": "numéro surtaxé", "kind.shared_cost": "numéro surtaxé (ex-coût partagé)",
        "kind.short_premium": "numéro court surtaxé", "kind.mobile": "mobile", "kind.voip": "numéro 09 (internet)",
        "kind.fixed_line": "fixe", "kind.toll_free": "numéro gratuit", "kind.standard_rate": "prix d'un appel normal",
        "kind.short_free": "numéro court gratuit", "kind.short_unknown": "numéro court", "kind.short_standard": "numéro court",
        "kind.foreign": "numéro étranger", "kind.invalid": "numéro invalide", "kind.other": "numéro",
        "error": "Erreur",
        "heading.after": "Si c'est déjà fait (cliqué, payé, donné une information)",
        "heading.prepared": "Signalement prêt à envoyer (vos données personnelles sont masquées)",
        "where.call": "votre réponse",
        "verdict.scam.long.call": "Cet appel présente des signes sûrs d'arnaque.",
        "verdict.suspicious.long.call": "Cet appel présente des signes d'alerte : ne faites pas ce qui vous a été demandé sans avoir vérifié vous-même auprès de votre caisse.",
        "verdict.no_red_flags.long.call": "Aucun signe d'arnaque n'a été trouvé dans votre description. Cela ne prouve pas que l'appel était authentique.",
    },
    "en": {
        "verdict.scam": "SCAM",
        "verdict.suspicious": "SUSPICIOUS",
        "verdict.no_red_flags": "NO RED FLAGS FOUND",
        "verdict.scam.long": "This message shows sure signs of a scam.",
        "verdict.suspicious.long": "This message shows warning signs: do not do what it asks without checking.",
        "verdict.no_red_flags.long": "No sign of a scam was found. That does not prove the message is genuine.",
        "channel.sms": "SMS", "channel.email": "e-mail", "channel.text": "text", "channel.call": "call",
        "heading.analysis": "demasque — analysis of an {channel}",
        "heading.why": "Why",
        "heading.todo": "What to do now",
        "heading.report": "Where to report it",
        "heading.warnings": "Notes on reading the message",
        "label.score": "score",
        "label.rule": "rule",
        "label.guidance": "guidance",
        "where.text": "text", "where.subject": "subject", "where.link": "link", "where.sender": "sender",
        "where.header": "header", "where.phone": "number", "where.attachment": "attachment", "where.html": "formatting",
        "where.form": "form", "where.display_name": "display name", "where.red_text": "red text",
        "where.model": "model",
        "trick.typo": "imitates {target} (a letter changed, added or swapped)",
        "trick.homoglyph": "imitates {target} (look-alike characters)",
        "trick.tld_swap": "imitates {target} (same name, other extension)",
        "trick.combosquat": "imitates {target} (official name with added words)",
        "trick.brand_in_subdomain": "imitates {target} (official name put in front of another site)",
        "trick.ending_in_front": "reads '{target}', but the site is what follows",
        "trick.brand_in_path": "official name hidden in the address's path",
        "trick.shortener": "shortened link hiding its destination",
        "trick.ip_literal": "IP address instead of a site name",
        "trick.punycode": "encoded address (punycode)",
        "trick.mixed_script": "mixed alphabets",
        "trick.text_mismatch": "shows {shown} but goes to {host}",
        "trick.speaker_combosquat": "the name '{target}' with words added: not its site",
        "trick.brand_elsewhere": "the name of {target}, but an address that is not its own",
        "trick.brand_in_userinfo": "shows {target} before an '@', but goes to another site",
        "trick.invalid_host": "invalid address, refused by browsers (deceptive encoding)",
        "trick.overlong_host": "abnormally long site name (over 253 characters)",
        "goes_to": "goes to {host}",
        "sole_site": "goes to {host}, not to {site}",
        "state_site": "goes to {host}, not to a State site (ending in .gouv.fr)",
        "kind.premium_rate": "premium-rate number", "kind.shared_cost": "surcharged number (former shared cost)",
        "kind.short_premium": "surcharged short number", "kind.mobile": "mobile", "kind.voip": "09 number (internet)",
        "kind.fixed_line": "landline", "kind.toll_free": "free number", "kind.standard_rate": "price of a normal call",
        "kind.short_free": "free short number", "kind.short_unknown": "short number", "kind.short_standard": "short number",
        "kind.foreign": "foreign number", "kind.invalid": "invalid number", "kind.other": "number",
        "error": "Error",
        "heading.after": "If it already happened (clicked, paid, gave information)",
        "heading.prepared": "Report ready to send (your personal data are masked)",
        "where.call": "your answer",
        "verdict.scam.long.call": "This call shows sure signs of a scam.",
        "verdict.suspicious.long.call": "This call shows warning signs: do not do what you were asked without checking with your health insurance fund yourself.",
        "verdict.no_red_flags.long.call": "No sign of a scam was found in your description. That does not prove the call was genuine.",
    },
}


def tr(value, lang: str) -> str:
    """A text of the data ({"fr": ..., "en": ...}, an entry of a profile with `fr` and `en`, or a
    plain string) in the reader's language, French when there is no translation."""
    if isinstance(value, dict):
        return value.get(lang) or value.get("fr") or ""
    if value is None or isinstance(value, str):
        return value or ""
    return getattr(value, lang, None) or getattr(value, "fr", None) or ""


def t(lang: str, key: str, **kw) -> str:
    s = T.get(lang, T["fr"]).get(key) or T["fr"].get(key) or key
    return s.format(**kw) if kw else s


def evidence_note(lang: str, ev: dict) -> str:
    """A plain-words note for one piece of evidence (which trick, which number type)."""
    if "state" in ev:
        return t(lang, "state_site", host=ev.get("host", ""))
    if "site" in ev:
        return t(lang, "sole_site", host=ev.get("host", ""), site=ev["site"])
    if "trick" in ev:
        return t(lang, "trick." + ev["trick"], target=ev.get("target", ""), shown=ev.get("shown", ""), host=ev.get("host", ""))
    if "kind" in ev:
        return t(lang, "kind." + ev["kind"])
    if ev.get("where") == "link" and ev.get("host"):
        return t(lang, "goes_to", host=ev["host"])
    return ""
