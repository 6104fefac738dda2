"""Adapters turn bytes or fields into a Message. They never judge."""
from .email import from_eml
from .record import from_record
from .text import from_sms, from_text

__all__ = ["from_eml", "from_record", "from_sms", "from_text"]
