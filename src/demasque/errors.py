class DemasqueError(Exception):
    """An input that cannot be read; the message is meant for a person."""


class InputTooLarge(DemasqueError):
    pass


class UnreadableInput(DemasqueError):
    pass
