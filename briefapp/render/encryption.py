"""Password protection of exported PDFs: AES-256, security handler revision 6 (ISO 32000-2).

ReportLab writes AES-256 only with revision 5 (Adobe's extension level 3), deprecated because
its password check is a single SHA-256 of the password and a salt, cheap to guess at. Revision 6
encrypts the file the same way (AESV3, a random 256-bit file key) and differs only in how the
passwords are checked: ISO 32000-2 algorithm 2.B, at least 64 rounds of AES-128 and
SHA-256/384/512. So :class:`Aes256` lets ReportLab prepare its revision 5 fields, then computes
U, UE, O and OE again with algorithm 2.B and writes ``/R 6``.

AES comes from the ``cryptography`` package when it is installed (pip installs it for
pdfminer.six) and otherwise from pyaes, the pure-Python AES of the portable build, which takes
a few seconds for the four password hashes of one export.
"""

from __future__ import annotations

import hashlib
import os
import stringprep
import unicodedata
from collections.abc import Callable
from typing import Any

from reportlab.lib import pdfencrypt
from reportlab.pdfbase.pdfdoc import PDFDocument

from briefapp.errors import BriefappError

MAX_PASSWORD_BYTES = 127  # ISO 32000-2, 7.6.4.3.3: longer passwords are cut to 127 bytes


def _aes_cbc_backend() -> Callable[[bytes, bytes, bytes], bytes]:
    try:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    except ImportError:
        import pyaes

        def pyaes_encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
            cipher = pyaes.Encrypter(
                pyaes.AESModeOfOperationCBC(key, iv=iv), padding=pyaes.PADDING_NONE
            )
            return cipher.feed(data) + cipher.feed()

        return pyaes_encrypt

    def encrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
        context = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        return context.update(data) + context.finalize()

    return encrypt


_encrypt_cbc: Callable[[bytes, bytes, bytes], bytes] | None = None


def aes_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    """AES-CBC encryption of ``data`` (a whole number of 16-byte blocks), no padding added."""
    global _encrypt_cbc
    if _encrypt_cbc is None:
        _encrypt_cbc = _aes_cbc_backend()
    return _encrypt_cbc(key, iv, data)


def saslprep(password: str) -> bytes:
    """The password as revision 6 hashes it: SASLprep (RFC 4013) mapping and NFKC, in UTF-8,
    cut to 127 bytes; characters SASLprep would refuse are kept (the user typed them)."""
    mapped = "".join(
        " " if stringprep.in_table_c12(ch) else ch
        for ch in password
        if not stringprep.in_table_b1(ch)
    )
    data = unicodedata.normalize("NFKC", mapped).encode("utf-8")
    return data[:MAX_PASSWORD_BYTES]


def hash_r6(password: bytes, salt: bytes, user_key: bytes = b"") -> bytes:
    """ISO 32000-2 algorithm 2.B: the 32-byte hash of a password with an 8-byte salt (and, for
    the owner password, the 48-byte U string)."""
    k = hashlib.sha256(password + salt + user_key).digest()
    rounds = 0
    while True:
        k1 = (password + k + user_key) * 64
        e = aes_cbc(k[:16], k[16:32], k1)
        # the first 16 bytes of E as a big-endian number, modulo 3 (256 = 1 modulo 3)
        digest = ("sha256", "sha384", "sha512")[sum(e[:16]) % 3]
        k = hashlib.new(digest, e).digest()
        rounds += 1
        if rounds >= 64 and e[-1] <= rounds - 32:
            return k[:32]


class Aes256(pdfencrypt.StandardEncryption):
    """ReportLab's AES-256 encryption, written as security handler revision 6.

    Two of ReportLab 5.1's bugs are put right on the way: it pads UE, OE (32 bytes) and Perms
    (16 bytes) to a further AES block, and it pads strings and streams twice, so decrypted
    metadata ended in stray padding characters; they are encoded once here, with PKCS#7.
    """

    Perms: bytes  # set by ReportLab's prepare()

    def __init__(self, user_password: str, owner_password: str, **permissions: int) -> None:
        super().__init__(user_password, owner_password, strength=256, **permissions)

    def prepare(self, document: PDFDocument | None, overrideID: str | None = None) -> None:
        super().prepare(document, overrideID)  # revision 5: the file key, P and Perms
        key, zero = self.key, bytes(16)
        user = saslprep(self.userPassword)
        owner = saslprep(self.ownerPassword)
        validation, key_salt = os.urandom(8), os.urandom(8)
        self.U = hash_r6(user, validation) + validation + key_salt
        self.UE = aes_cbc(hash_r6(user, key_salt), zero, key)
        validation, key_salt = os.urandom(8), os.urandom(8)
        self.O = hash_r6(owner, validation, self.U) + validation + key_salt
        self.OE = aes_cbc(hash_r6(owner, key_salt, self.U), zero, key)
        self.Perms = self.Perms[:16]

    def encode(self, t: Any) -> bytes:
        data = t if isinstance(t, bytes) else str(t).encode("latin-1", "replace")
        pad = 16 - len(data) % 16
        iv = pdfencrypt.os_urandom(16)
        return iv + aes_cbc(self.key, iv, data + bytes([pad]) * pad)

    def info(self) -> _Revision6Dictionary:
        if not self.prepared:
            raise ValueError("encryption not prepared")
        return _Revision6Dictionary(
            O=self.O, OE=self.OE, U=self.U, UE=self.UE, P=self.P, Perms=self.Perms, revision=6
        )


class _Revision6Dictionary(pdfencrypt.StandardEncryptionDictionary):
    """The /Encrypt dictionary of revision 6 (ReportLab's own writes only 2, 3 or 5)."""

    def format(self, document: PDFDocument) -> bytes:
        from reportlab.pdfbase.pdfdoc import DummyDoc, PDFDictionary, PDFName

        hex_text = pdfencrypt.hexText
        std_cf = {"Length": 32, "AuthEvent": PDFName("DocOpen"), "CFM": PDFName("AESV3")}
        entries = {
            "Filter": PDFName("Standard"),
            "V": 5,
            "R": 6,
            "Length": 256,
            "P": self.P,
            "O": hex_text(self.O),
            "U": hex_text(self.U),
            "OE": hex_text(self.OE),
            "UE": hex_text(self.UE),
            "Perms": hex_text(self.Perms),
            "StrF": PDFName("StdCF"),
            "StmF": PDFName("StdCF"),
            "CF": PDFDictionary({"StdCF": PDFDictionary(std_cf)}),
        }
        # a dummy document: the dictionary itself must not be encrypted
        return PDFDictionary(entries).format(DummyDoc())


def aes256_encryption(user_password: str, owner_password: str, **permissions: int) -> Aes256:
    """ReportLab encryption settings for AES-256, revision 6 (``canPrint=0`` and the like may
    follow). An empty user password gives a file that opens without one but keeps its
    restrictions."""
    try:
        aes_cbc(bytes(16), bytes(16), bytes(16))
    except ImportError:
        raise BriefappError(
            "Password protection needs the 'pyaes' package, which is not installed."
        ) from None
    return Aes256(user_password, owner_password, **permissions)
