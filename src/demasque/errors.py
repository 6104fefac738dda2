class DemasqueError(Exception):
    """An input that cannot be read; the message is meant for a person."""


class InputTooLarge(DemasqueError):
    pass


class UnreadableInput(DemasqueError):
    pass


class DataError(DemasqueError, ValueError):
    """A rule or profile file that does not follow its schema: the message names the file and the
    rule id or the key path, so whoever wrote it can mend it. Loading stops: a check switched off by
    a typo would be silent otherwise."""


class RuleError(DataError):
    """A rule file (rules/data/*.yaml, $DEMASQUE_RULES) is invalid."""


class ProfileError(DataError):
    """A brand profile (profiles/*.yaml, $DEMASQUE_PROFILES) is invalid."""
