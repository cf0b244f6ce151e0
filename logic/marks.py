"""Marking texts for the translation catalogues where code below views/ defines them."""


def N_(message: str) -> str:
    """Mark a message id for extraction; it is translated where it is shown (views/)."""
    return message
