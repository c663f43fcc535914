"""One module per kind of personal data; each has ``find(text) -> Iterator[Finding]``."""
