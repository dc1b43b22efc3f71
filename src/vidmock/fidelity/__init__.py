"""`vidmock fidelity`: how vidmock's spec of an API differs from the vendor's published one, each
difference with the decision that explains it (see compare.py)."""
