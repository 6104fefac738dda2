"""The questions a worried person answers about a call (terminal and web form share them).
Interface words only: every fact the analysis uses lives in the profile and the rule files."""
from __future__ import annotations

from ..i18n import tr

IDENTITIES = [
    ("assurance_maladie", "L'Assurance Maladie / ameli", "Assurance Maladie / ameli"),
    ("cpam", "Ma CPAM (caisse primaire)", "My CPAM (local health insurance fund)"),
    ("franceconnect", "Le « service digitalisation FranceConnect »", "The 'FranceConnect digitalisation service'"),
    ("cpf", "Le compte formation (CPF)", "The training account (CPF)"),
    ("pharmacy", "Une pharmacie", "A pharmacy"),
    ("bank", "Une banque", "A bank"),
    ("other", "Autre, ou je ne sais pas", "Other, or I don't know"),
]

ASKED = [
    ("password", "Mon mot de passe (même temporaire)", "My password (even a temporary one)"),
    ("sms_code", "Un code reçu par SMS", "A code received by SMS"),
    ("full_bank_details", "Tout mon RIB / IBAN", "My full bank details (RIB / IBAN)"),
    ("partial_bank_details", "Une partie de mon RIB (quelques chiffres)", "Part of my bank details (a few digits)"),
    ("card_number", "Mon numéro de carte bancaire", "My bank card number"),
    ("social_security_number", "Mon numéro de sécurité sociale", "My social security number"),
    ("tax_number", "Mon numéro fiscal", "My tax number"),
    ("call_other_number", "De rappeler un autre numéro que le {cpam}", "To call back a number other than {cpam}"),
    ("install_app", "D'installer une application", "To install an application"),
    ("remote_access", "De donner l'accès à distance à mon ordinateur ou téléphone", "To give remote access to my computer or phone"),
    ("confirm_email", "De confirmer mon adresse e-mail pour « renvoyer » un courriel", "To confirm my e-mail address so they could 'resend' an e-mail"),
    ("payment", "De payer quelque chose", "To pay something"),
]


def _cpam() -> str:
    """The one number to call back, from the profile (phones entry with callback: true)."""
    from ..profile import default_profile
    return next((p["number"] for p in default_profile().data.get("phones", []) if p.get("callback")), "")


def _choices(items):
    cpam = _cpam()
    return [{"id": i, "label": {"fr": fr.replace("{cpam}", cpam), "en": en.replace("{cpam}", cpam)}} for i, fr, en in items]


QUESTIONS: list[dict] = [
    {"id": "caller", "kind": "text",
     "label": {"fr": "Quel numéro vous a appelé ?", "en": "Which number called you?"},
     "help": {"fr": "Tel qu'il s'affichait. Laissez vide si vous ne savez pas.", "en": "As it was shown. Leave empty if you don't know."},
     "choices": []},
    {"id": "callback_number", "kind": "text",
     "label": {"fr": "Quel numéro vous a-t-on demandé de rappeler ?", "en": "Which number were you asked to call back?"},
     "help": {"fr": "Par exemple sur votre répondeur. Laissez vide si aucun.", "en": "For instance on your voicemail. Leave empty if none."},
     "choices": []},
    {"id": "claimed_identity", "kind": "choice",
     "label": {"fr": "Qui l'appelant disait-il être ?", "en": "Who did the caller say they were?"},
     "choices": _choices(IDENTITIES)},
    {"id": "asked", "kind": "multi",
     "label": {"fr": "Que vous a-t-on demandé ?", "en": "What were you asked for?"},
     "help": {"fr": "Cochez tout ce qui a été demandé.", "en": "Tick everything you were asked for."},
     "choices": _choices(ASKED)},
    {"id": "silence", "kind": "bool",
     "label": {"fr": "Y a-t-il eu un silence de quelques secondes avant qu'on vous parle ?", "en": "Was there a silence of a few seconds before anyone spoke?"},
     "choices": []},
    {"id": "pressure", "kind": "bool",
     "label": {"fr": "Vous a-t-on pressé d'agir tout de suite ?", "en": "Were you pressed to act right away?"},
     "choices": []},
    {"id": "notes", "kind": "text",
     "label": {"fr": "Autre chose ? Racontez l'appel avec vos mots", "en": "Anything else? Describe the call in your own words"},
     "help": {"fr": "Par exemple : « il m'a demandé mon mot de passe pour renvoyer un courriel ». N'écrivez pas vos numéros personnels.", "en": "For instance: 'he asked for my password to resend an e-mail'. Do not write your personal numbers."},
     "choices": []},
]

IDENTITY_IDS = tuple(i for i, _, _ in IDENTITIES)
ASKED_IDS = tuple(i for i, _, _ in ASKED)


def label(qid: str, lang: str = "fr") -> str:
    for q in QUESTIONS:
        if q["id"] == qid:
            return tr(q["label"], lang)
    return qid


def choice_label(qid: str, cid: str, lang: str = "fr") -> str:
    for q in QUESTIONS:
        if q["id"] == qid:
            for c in q["choices"]:
                if c["id"] == cid:
                    return tr(c["label"], lang)
    return cid
