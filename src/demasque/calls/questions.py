"""The questions a worried person answers about a call (terminal and web form share them).
Interface words only: every fact the analysis uses lives in the profile and the rule files; the
brands a caller may claim (« L'Assurance Maladie / ameli », « La Caf ») and the number to call
back come from the profiles (`calls.identities`, the `phones` entry with callback: true)."""
from __future__ import annotations

from functools import cache

from ..i18n import tr

# The callers that are no brand's own (a brand's come first, from its profile).
OTHER_IDENTITIES = [
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
    ("call_other_number", "De rappeler un autre numéro que le {phone}", "To call back a number other than {phone}"),
    ("install_app", "D'installer une application", "To install an application"),
    ("remote_access", "De donner l'accès à distance à mon ordinateur ou téléphone", "To give remote access to my computer or phone"),
    ("confirm_email", "De confirmer mon adresse e-mail pour « renvoyer » un courriel", "To confirm my e-mail address so they could 'resend' an e-mail"),
    ("payment", "De payer quelque chose", "To pay something"),
    ("identity_documents", "D'envoyer des photos de mes cartes ou papiers (carte Vitale, pièce d'identité, selfie)",
     "To send photos of my cards or papers (carte Vitale, ID, a selfie)"),
]


def brand_identities(profile=None) -> list[tuple[str, str, str]]:
    """(id, French label, English label) of the callers that name a brand: the profile's, or
    every profile's (the default one first)."""
    from ..profile import get_profile, load_profiles
    profiles = [get_profile(profile)] if profile is not None else load_profiles()
    return [(i.id, i.label["fr"], i.label["en"]) for p in profiles for i in p.spec.calls.identities]


def _choices(items, callback: str):
    return [{"id": i, "label": {"fr": fr.replace("{phone}", callback), "en": en.replace("{phone}", callback)}}
            for i, fr, en in items]


def questions(profile=None) -> list[dict]:
    """The questionnaire: the brands of every profile may be claimed; the number to call back
    named in the choices is the profile's (the default one's when none is named)."""
    from ..profile import get_profile
    return _questions(get_profile(profile).id if profile is not None else None)


@cache
def _questions(profile_id: str | None) -> list[dict]:
    from ..profile import get_profile
    callback = get_profile(profile_id).callback_number
    return [
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
         "choices": _choices(brand_identities() + OTHER_IDENTITIES, callback)},
        {"id": "asked", "kind": "multi",
         "label": {"fr": "Que vous a-t-on demandé ?", "en": "What were you asked for?"},
         "help": {"fr": "Cochez tout ce qui a été demandé.", "en": "Tick everything you were asked for."},
         "choices": _choices(ASKED, callback)},
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


ASKED_IDS = tuple(i for i, _, _ in ASKED)


def __getattr__(name: str):
    # read from the profiles when first asked for, not when the module is imported
    if name == "QUESTIONS":
        return questions()
    if name == "IDENTITY_IDS":
        return tuple(i for i, _, _ in brand_identities() + OTHER_IDENTITIES)
    raise AttributeError(name)


def label(qid: str, lang: str = "fr") -> str:
    for q in questions():
        if q["id"] == qid:
            return tr(q["label"], lang)
    return qid


def choice_label(qid: str, cid: str, lang: str = "fr") -> str:
    for q in questions():
        if q["id"] == qid:
            for c in q["choices"]:
                if c["id"] == cid:
                    return tr(c["label"], lang)
    return cid
