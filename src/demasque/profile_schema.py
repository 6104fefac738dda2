"""The shape of a brand profile (profiles/*.yaml, $DEMASQUE_PROFILES) and of the facts every
brand shares (data/shared.yaml: public pages, the French numbering plan, numbers such as 33700).

Checked when the profiles load (profile.py): an unknown key (`claim:` for `claims:`), a missing
text, a source key that is in no sources table, a pattern that does not compile: each stops
loading with the file and the key path."""
from __future__ import annotations

import re
from typing import Literal

from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from pydantic import BaseModel, ConfigDict, Field, field_validator



class LangText(TypedDict):
    """A text in French and English."""
    __pydantic_config__ = ConfigDict(extra="forbid")   # type: ignore[misc]
    fr: str
    en: str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _regexes(cls, patterns: list[str]) -> list[str]:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"pattern {p[:60]!r} does not compile: {exc}") from None
    return patterns


class Page(Strict):
    """A public page a reader may open: what is shown of a source."""
    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    publisher: str = ""
    official: bool = False          # the body that states the fact about itself, or a public authority
    date: str | None = None
    title_checked: bool = True      # false: the title was read off the address, not the page


class Source(Page):
    """A source key's public page, the pages relaying or completing it (`also`), and what the
    maintainers need to know (`internal`, `note`: never shown to a reader)."""
    also: list[Page] = Field(default_factory=list)
    internal: str = ""              # the project's own copy or file (shared/seeds/..., a knowledge section)
    note: str = ""


class Cited(Strict):
    """A text of the data in French and English, with the key of its source."""
    fr: str
    en: str
    source: str


class CitedMany(Strict):
    fr: str
    en: str
    sources: list[str] = Field(min_length=1)


class SoleSite(Strict):
    id: str
    name: LangText
    words: list[str]
    about: list[str] = Field(default_factory=list)
    sites: list[str] = Field(min_length=1)
    source: str
    check_patterns = field_validator("words", "about")(_regexes)


class Domain(Strict):
    domain: str
    what: LangText
    source: str


class KnownHost(Strict):
    host: str
    what: str
    source: str


class SenderDomain(Strict):
    domain: str
    source: str


class SenderAddress(Strict):
    address: str
    source: str


class Email(Strict):
    sender_domains: list[SenderDomain] = Field(default_factory=list)
    sender_addresses: list[SenderAddress] = Field(default_factory=list)
    display_names: list[str] = Field(default_factory=list)
    display_names_source: str | None = None


class ConnectionNotification(Strict):
    """The login notification the brand sends (its subject), and the one address it comes from."""
    subject_patterns: list[str] = Field(default_factory=list)
    sender: str = ""
    sender_confirmed: bool = False
    sender_note: str = ""
    source: str
    check_patterns = field_validator("subject_patterns")(_regexes)


class FranceConnectNotification(Strict):
    text_patterns: list[str]
    sender_suffixes: list[str]
    sender_confirmed: bool = False
    source: str
    check_patterns = field_validator("text_patterns")(_regexes)


class SmsSender(Strict):
    id: str
    confirmed: bool = False
    note: LangText
    source: str


class Sms(Strict):
    senders: list[SmsSender] = Field(default_factory=list)
    text_prefix: str = ""
    links_to: LangText | None = None
    links_source: str | None = None


class Phone(Strict):
    """A number of the brand: `callback` the one to call it on, `shows_on_call` one it calls from."""
    number: str
    callback: bool = False
    shows_on_call: bool = False
    confirmed: bool = False
    use: LangText
    source: str


class Never(Strict):
    id: str
    fr: str
    en: str
    source: str


class ReportTo(Strict):
    """Where to report. `for`: the situations it fits (the channel, a fraudulent site, help, and
    `brand`: the brand's own line, always given)."""
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    id: str
    for_: list[Literal["sms", "call", "email", "site", "help", "brand"]] = Field(alias="for")
    name: str
    how: LangText
    url: str | None = None
    sms_to: str | None = None
    tel: str | None = None
    source: str


class Advice(Strict):
    scam: list[Cited] = Field(default_factory=list)
    suspicious: list[Cited] = Field(default_factory=list)
    no_red_flags: list[Cited] = Field(default_factory=list)


class OtherNumber(Strict):
    number: str
    name: LangText
    use: LangText
    source: str


class NumberingKind(Cited):
    pass


class Numbering(Strict):
    kinds: dict[Literal["premium_rate", "shared_cost", "toll_free", "standard_rate", "mobile", "voip", "fixed_line",
                        "short_free", "short_premium", "short_unknown", "short_standard", "foreign", "invalid"],
                NumberingKind] = Field(default_factory=dict)
    telemarketing_prefixes: list[str] = Field(default_factory=list)
    telemarketing: Cited | None = None


class CallIdentity(Strict):
    """A choice of the call questionnaire's « Qui l'appelant disait-il être ? » that names the brand."""
    id: str = Field(pattern=r"^[a-z_]+$")
    label: LangText


class Calls(Strict):
    advice: Advice = Field(default_factory=Advice)
    identities: list[CallIdentity] = Field(default_factory=list)


class Situation(Strict):
    id: str
    channels: list[Literal["sms", "email", "text", "call"]]
    connection: bool = False
    title: LangText
    steps: list[Cited] = Field(min_length=1)


class After(Strict):
    help_line: Cited | None = None
    situations: list[Situation] = Field(default_factory=list)


class ReportTarget(Strict):
    name: str
    url: str | None = None
    sms_to: str | None = None


class PreparedChannel(Strict):
    steps: list[Cited] = Field(default_factory=list)
    to: ReportTarget | None = None


class PreparedReport(Strict):
    sms: PreparedChannel | None = None
    call: PreparedChannel | None = None
    email: PreparedChannel | None = None
    site: PreparedChannel | None = None
    text: Cited | None = None


class RuleReference(Strict):
    """A profile's own reference for a rule: its clue, from its sources."""
    sources: list[str] = Field(min_length=1)
    clue: str = Field(min_length=1)


class ProfileSpec(Strict):
    """A brand profile file."""
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    schema_: Literal[1] = Field(alias="schema")
    name: LangText
    short_name: str
    # the facts rule texts quote by name ({office}, {account}...; see CONTRIBUTING.md)
    words: dict[str, LangText] = Field(default_factory=dict)
    sources: dict[str, Source]
    claims: list[str] = Field(min_length=1)
    speaker_claims: list[str] | None = None
    label_claims: list[str] = Field(default_factory=list)
    implied_claims: list[str] = Field(default_factory=list)
    # states only the brand tells, counted only when no one else visibly speaks (a doctor tells an
    # ALD's end, a hospital an outdated attestation: a generic "SANTE" or a mobile number does not)
    implied_claims_unsigned: list[str] = Field(default_factory=list)
    sole_sites: list[SoleSite] = Field(default_factory=list)
    brand_tokens: list[str] = Field(default_factory=list)
    official_domains: list[Domain] = Field(min_length=1)
    known_legitimate_hosts: list[KnownHost] = Field(default_factory=list)
    partner_domains: list[str] = Field(default_factory=list)
    partner_suffixes: list[str] = Field(default_factory=list)
    email: Email = Field(default_factory=Email)
    connection_notification: ConnectionNotification | None = None
    sms: Sms = Field(default_factory=Sms)
    phones: list[Phone] = Field(default_factory=list)
    never: list[Never] = Field(default_factory=list)
    lures: list[Never] = Field(default_factory=list)
    report_to: list[ReportTo] = Field(default_factory=list)
    advice: Advice = Field(default_factory=Advice)
    official_places: list[str] = Field(default_factory=list)
    other_numbers: list[OtherNumber] = Field(default_factory=list)
    numbering: Numbering = Field(default_factory=Numbering)    # on top of the shared plan (data/shared.yaml)
    breach_note: CitedMany | None = None
    calls: Calls = Field(default_factory=Calls)
    franceconnect_notification: FranceConnectNotification | None = None
    after: After = Field(default_factory=After)
    prepared_report: PreparedReport = Field(default_factory=PreparedReport)
    # the brand's own clue and sources for a rule whose reference cites another brand's pages
    references: dict[str, list[RuleReference]] = Field(default_factory=dict)

    check_patterns = field_validator("implied_claims", "implied_claims_unsigned")(_regexes)

    @field_validator("references", mode="before")
    @classmethod
    def _one_reference(cls, v):
        return {k: [r] if isinstance(r, dict) else r for k, r in v.items()} if isinstance(v, dict) else v

    @field_validator("phones")
    @classmethod
    def _one_callback(cls, phones):
        if sum(1 for p in phones if p.callback) > 1:
            raise ValueError("only one number is the one to call the brand on (callback: true)")
        return phones


class SharedSpec(Strict):
    """data/shared.yaml: what every brand cites alike."""
    sources: dict[str, Source]
    numbering: Numbering
    other_numbers: list[OtherNumber] = Field(default_factory=list)
