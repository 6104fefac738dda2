"""One typed model for every channel: adapters build it, extractors fill it, rules read it."""
from __future__ import annotations

from dataclasses import dataclass, field

CHANNELS = ("sms", "email", "text", "call")


@dataclass(slots=True)
class Link:
    url: str                 # the real target, as written (de-obfuscated for hxxp / [.])
    text: str = ""           # what the reader sees (anchor text in HTML, else the URL itself)
    source: str = "text"     # text | html | subject
    start: int = -1          # span in Message.text when the link comes from the text
    end: int = -1


@dataclass(slots=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    detected: str = ""       # type read from the content's first bytes, not from the name


@dataclass(slots=True)
class Phone:
    raw: str
    e164: str                # "+33899123456" or the short number itself ("3646")
    kind: str                # premium_rate, shared_cost, toll_free, standard_rate, mobile, voip, fixed_line, short_*, ...
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class Message:
    channel: str = "text"
    text: str = ""
    sender: str = ""          # e-mail address, SMS short code / alphanumeric id / number, caller
    sender_written: str = ""  # the e-mail address as written, case kept ("x@ameIi.fr": a capital I for an l)
    display_name: str = ""
    reply_to: list[str] = field(default_factory=list)
    subject: str = ""
    html: str = ""
    links: list[Link] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    red_text: list[str] = field(default_factory=list)    # text the HTML paints in red
    form_fields: list[str] = field(default_factory=list)  # names/labels of HTML form inputs
    parse_warnings: list[str] = field(default_factory=list)
    transcribed: bool = False  # read off a picture (OCR): a link read as official cannot vouch for it
    id: str | None = None

    def header(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]
