"""AES for pdfminer without the ``cryptography`` package (the portable build leaves it out).

pdfminer.six imports ``cryptography`` only to decrypt PDFs protected with AES, which is also how
PDFs that open without a password but restrict printing are stored. ``cryptography`` is 11 MB
of compiled code; the portable build must stay lean, so when it is missing this module provides
the few names pdfminer uses (``Cipher``, ``algorithms.AES``, ``modes.CBC``, ``default_backend``)
on top of pyaes, the pure-Python AES the renderer already uses for encrypted exports. Slower
(about a megabyte a second), but only encrypted PDFs pay for it.
"""

from __future__ import annotations

import sys
import types


class _AES:
    def __init__(self, key: bytes):
        self.key = bytes(key)


class _CBC:
    def __init__(self, initialization_vector: bytes):
        self.iv = bytes(initialization_vector)


class _Context:
    """A CBC encryptor or decryptor fed in pieces, as ``cryptography``'s contexts are."""

    def __init__(self, key: bytes, iv: bytes, decrypt: bool):
        import pyaes

        mode = pyaes.AESModeOfOperationCBC(key, iv=iv)
        self._step = mode.decrypt if decrypt else mode.encrypt
        self._pending = b""

    def update(self, data: bytes) -> bytes:
        data = self._pending + bytes(data)
        whole = len(data) - len(data) % 16
        self._pending = data[whole:]
        return b"".join(self._step(data[i : i + 16]) for i in range(0, whole, 16))

    def finalize(self) -> bytes:
        if self._pending:
            raise ValueError("the data is not a whole number of AES blocks")
        return b""


class Cipher:
    def __init__(self, algorithm: _AES, mode: _CBC, backend=None):
        self.algorithm, self.mode = algorithm, mode

    def decryptor(self) -> _Context:
        return _Context(self.algorithm.key, self.mode.iv, decrypt=True)

    def encryptor(self) -> _Context:
        return _Context(self.algorithm.key, self.mode.iv, decrypt=False)


def install() -> bool:
    """Register the stand-in modules unless the real ``cryptography`` can be imported.

    Returns True when the stand-in was installed."""
    try:
        import cryptography.hazmat.primitives.ciphers  # noqa: F401

        return False
    except ImportError:
        pass
    names = [
        "cryptography",
        "cryptography.hazmat",
        "cryptography.hazmat.backends",
        "cryptography.hazmat.primitives",
        "cryptography.hazmat.primitives.ciphers",
    ]
    modules = {name: types.ModuleType(name) for name in names}
    modules["cryptography.hazmat.backends"].default_backend = lambda: None
    ciphers = modules["cryptography.hazmat.primitives.ciphers"]
    ciphers.Cipher = Cipher
    ciphers.algorithms = types.SimpleNamespace(AES=_AES)
    ciphers.modes = types.SimpleNamespace(CBC=_CBC)
    for name, module in modules.items():
        module.__path__ = []  # a package, so the submodules resolve
        sys.modules.setdefault(name, module)
    return True
